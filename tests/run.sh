#!/bin/sh
# Runs every test against one or more build directories and prints
# "N passed, N failed" as its last line.  Exit status 1 if anything failed.
#   sh tests/run.sh [--unit-only DIR]... build [build-asan ...]
# --unit-only DIR runs DIR's unit tests alone (the clang build's: what clang
# compiles differently is C, the suites of shell and python would run the
# same CLI again).  Each part prints PASS/FAIL/SKIP lines; this script
# counts them.
# The groups (the unit-only builds, each build's suites, the once-only
# parts) run side by side when TEST_JOBS (default: the online CPUs) is over
# 1: most of a suite's wall time is spent waiting on servers, browsers and
# interrupted adds, not on a core.  A group's lines are printed together
# when it ends, so the output reads as in a run of one group at a time.
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
groups=$(mktemp -d)
trap 'rm -rf "$log" "$groups"' EXIT
jobs_max=${TEST_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)}
case $jobs_max in '' | *[!0-9]*) jobs_max=1 ;; esac
n_groups=0

# group LABEL FUNCTION [ARG...]: runs FUNCTION, in the background with its
# own log and output when groups run side by side (gathered by end_groups)
group() {
    group_label=$1
    shift
    n_groups=$((n_groups + 1))
    if [ "$jobs_max" -le 1 ]; then
        "$@"
        return
    fi
    g=$groups/$n_groups
    (
        log=$g.log
        : >"$log"
        t0=$(date +%s)
        "$@" >"$g.out" 2>&1
        echo "[$group_label] ended after $(($(date +%s) - t0)) s"
    ) &
}

end_groups() {
    wait
    i=1
    while [ $i -le $n_groups ]; do
        [ -f "$groups/$i.out" ] && cat "$groups/$i.out"
        [ -f "$groups/$i.log" ] && cat "$groups/$i.log" >>"$log"
        i=$((i + 1))
    done
}

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

unit_alone() { # BUILD
    if [ -x "$1/unit_tests" ]; then
        run_part "$1 unit" "$1/unit_tests"
    else
        echo "[$1 unit] FAIL $1/unit_tests: not built" | tee -a "$log"
    fi
}

suites() { # BUILD
    build=$1
    [ -x "$build/newsprint" ] || { echo "[$build] FAIL $build/newsprint: not built" | tee -a "$log"; return; }
    run_part "$build unit" "$build/unit_tests"
    run_part "$build cli" sh tests/cli/run.sh "$build/newsprint"
    run_part "$build bad-input" sh tests/badinput.sh "$build/newsprint"
    run_part "$build options" sh tests/options.sh "$build/newsprint"
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
}

# the database's tests, the longest part (interrupted and resumed adds), a
# group of their own
store_suite() { # BUILD
    [ -x "$1/newsprint" ] || return 0
    run_part "$1 store" sh tests/store.sh "$1/newsprint"
}

once() { # FIRST_BUILD
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
}

for build in $unit_only; do
    group "$build unit" unit_alone "$build"
done
for build in "$@"; do
    group "$build" suites "$build"
    group "$build store" store_suite "$build"
done
group "once" once "$1"
end_groups

passed=$(grep -c '\] PASS' "$log")
failed=$(grep -c '\] FAIL' "$log")
skipped=$(grep -c '\] SKIP' "$log")
[ "$skipped" -gt 0 ] && echo "($skipped skipped, reasons above)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
