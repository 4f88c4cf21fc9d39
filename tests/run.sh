#!/bin/sh
# Runs every test against one or more build directories and prints
# "N passed, N failed" as its last line.  Exit status 1 if anything failed.
#   sh tests/run.sh [--unit-only DIR]... build [build-asan ...]
# --unit-only DIR runs DIR's unit tests alone (the clang build's: what clang
# compiles differently is C, the suites of shell and python would run the
# same CLI again).  Each part prints PASS/FAIL/SKIP lines; this script
# counts them.
set -u
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
cd "$(dirname "$0")/.."
unit_only=
while [ $# -ge 2 ] && [ "$1" = --unit-only ]; do
    unit_only="$unit_only $2"
    shift 2
done
[ $# -gt 0 ] || set -- build
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run_part() { # label command...
    label=$1
    shift
    out=$("$@" 2>&1)
    rc=$?
    printf '%s\n' "$out" | sed "s/^/[$label] /" | tee -a "$log" | grep -v '^\[[^]]*\] PASS' || true
    if [ $rc -ne 0 ] && ! printf '%s\n' "$out" | grep -q '^FAIL'; then
        echo "[$label] FAIL $label: exited with status $rc" | tee -a "$log"
    fi
}

# the HTTP tests read the database through python's sqlite3 module: the
# first python3 that has it (one built without it, as pyenv builds it where
# libsqlite3-dev is missing, failed them all at import; Debian's has it)
server_python=
for py in python3 /usr/bin/python3; do
    if "$py" -c 'import sqlite3' >/dev/null 2>&1; then
        server_python=$py
        break
    fi
done

for build in $unit_only; do
    if [ -x "$build/unit_tests" ]; then
        run_part "$build unit" "$build/unit_tests"
    else
        echo "[$build unit] FAIL $build/unit_tests: not built" | tee -a "$log"
    fi
done

for build in "$@"; do
    [ -x "$build/newsprint" ] || { echo "[$build] FAIL $build/newsprint: not built" | tee -a "$log"; continue; }
    run_part "$build unit" "$build/unit_tests"
    run_part "$build cli" sh tests/cli/run.sh "$build/newsprint"
    run_part "$build bad-input" sh tests/badinput.sh "$build/newsprint"
    run_part "$build options" sh tests/options.sh "$build/newsprint"
    run_part "$build store" sh tests/store.sh "$build/newsprint"
    if [ -n "$server_python" ]; then
        run_part "$build server" "$server_python" tests/server_test.py "$build/newsprint"
    else
        echo "[$build server] SKIP server: no python3 with its sqlite3 module (it drives the HTTP tests)" | tee -a "$log"
    fi
    run_part "$build browser" sh tests/browser.sh "$build/newsprint"
    for replay in "$build"/replay_fuzz_*; do
        [ -x "$replay" ] || continue
        name=${replay##*/replay_}
        run_part "$build $name" "$replay" "fuzz/corpus/$name"
    done
done

# make help and the README name every target of the Makefile, once
run_part "makefile" sh tests/makefile.sh

# the staged pipeline and its Dask driver, once, on the release build (the
# driver runs under Debian's python3, where python3-distributed lives)
if [ ! -x /usr/bin/python3 ]; then
    echo "[dask] SKIP dask: /usr/bin/python3 not found" | tee -a "$log"
elif [ ! -x "$1/newsprint" ]; then
    echo "[dask] SKIP dask: $1/newsprint not built (counted above)" | tee -a "$log"
else
    run_part "dask" /usr/bin/python3 tests/dask_test.py "$1/newsprint"
fi

# the scorers behind `make eval`, once
if command -v python3 >/dev/null 2>&1; then
    run_part "eval" python3 tests/eval_known_answers.py
fi

passed=$(grep -c '\] PASS' "$log")
failed=$(grep -c '\] FAIL' "$log")
skipped=$(grep -c '\] SKIP' "$log")
[ "$skipped" -gt 0 ] && echo "($skipped skipped, reasons above)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
