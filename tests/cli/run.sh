#!/bin/sh
# Golden CLI tests: for each tests/cli/NAME.args, runs `BIN <args>` from the
# repository root (stdin from NAME.stdin when present, else /dev/null) and
# compares standard output byte for byte with NAME.out and the exit status
# with NAME.status (default 0); when NAME.err exists, standard error too.  Prints PASS/FAIL per test.
#   sh tests/cli/run.sh BIN            check
#   UPDATE=1 sh tests/cli/run.sh BIN   rewrite the .out/.status files (review the diff!)
set -u
bin=$1
cd "$(dirname "$0")/../.."
dir=tests/cli
tmp=$(mktemp)
err=$(mktemp)
trap 'rm -f "$tmp" "$err"' EXIT
for args in "$dir"/*.args; do
    name=$(basename "$args" .args)
    stdin=/dev/null
    [ -f "$dir/$name.stdin" ] && stdin="$dir/$name.stdin"
    # shellcheck disable=SC2046  # the args file is split into words on purpose
    "$bin" $(cat "$args") <"$stdin" >"$tmp" 2>"$err"
    status=$?
    want_status=0
    [ -f "$dir/$name.status" ] && want_status=$(cat "$dir/$name.status")
    if [ "${UPDATE:-0}" = 1 ]; then
        cp "$tmp" "$dir/$name.out"
        if [ "$status" -ne 0 ]; then
            echo "$status" >"$dir/$name.status"
            cp "$err" "$dir/$name.err"
        else
            rm -f "$dir/$name.status" "$dir/$name.err"
        fi
        echo "PASS $name (updated)"
        continue
    fi
    if [ "$status" -ne "$want_status" ]; then
        echo "FAIL cli/$name: exit status $status, expected $want_status"
    elif ! cmp -s "$tmp" "$dir/$name.out"; then
        echo "FAIL cli/$name: output differs from $dir/$name.out:"
        diff "$dir/$name.out" "$tmp" | head -20
    elif [ -f "$dir/$name.err" ] && ! cmp -s "$err" "$dir/$name.err"; then
        echo "FAIL cli/$name: standard error differs from $dir/$name.err:"
        diff "$dir/$name.err" "$err" | head -20
    else
        echo "PASS cli/$name"
    fi
done
# the same bytes at any thread count (the seeds too, when ../shared is there)
inputs="examples"
[ -d ../shared/data/seeds ] && inputs="$inputs ../shared/data/seeds"
one=$(mktemp)
"$bin" clean --format jsonl --threads 1 $inputs >"$one" 2>/dev/null
for n in 2 3 8; do
    if "$bin" clean --format jsonl --threads "$n" $inputs 2>/dev/null | cmp -s - "$one"; then
        echo "PASS cli/clean-threads-$n"
    else
        echo "FAIL cli/clean-threads-$n: output differs from --threads 1"
    fi
done
rm -f "$one"
if command -v python3 >/dev/null 2>&1; then
    python3 tests/examples_truth.py "$bin"
else
    echo "SKIP examples-truth: python3 not installed"
fi
