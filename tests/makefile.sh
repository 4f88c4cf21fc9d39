#!/bin/sh
# Makefile: `make help` and the README's table of targets name every target
# the Makefile has (its .PHONY list and every rule named by a plain word),
# and name none it has not.  One PASS/FAIL line per check.
#   sh tests/makefile.sh
set -u
cd "$(dirname "$0")/.." || exit 1
command -v make >/dev/null 2>&1 || { echo "SKIP makefile: make not installed"; exit 0; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/np-makefile.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
# the targets: .PHONY's words and the rules written as a plain word at the
# start of a line (not a file made under $(BUILD), not a pattern)
{
    sed -n 's/^\.PHONY:[[:space:]]*//p' Makefile | tr ' ' '\n'
    sed -n 's/^\([a-z][a-z0-9-]*\):.*/\1/p' Makefile
} | grep -v '^$' | LC_ALL=C sort -u >"$tmp/targets"
# what a text names: each word that follows "make " as a word of its own
# (make / make all names two; DEBUG=1 and the like are settings)
named() {
    grep -oE '(^|[ `(])make [a-z][a-z0-9-]*([ `),;]|$)' "$1" |
        sed 's/^[ `(]*make \([a-z][a-z0-9-]*\).*/\1/' | LC_ALL=C sort -u
}
failed=0
compare() { # NAME FILE
    named "$2" >"$tmp/named"
    missing=$(LC_ALL=C comm -23 "$tmp/targets" "$tmp/named" | tr '\n' ' ')
    extra=$(LC_ALL=C comm -13 "$tmp/targets" "$tmp/named" | tr '\n' ' ')
    if [ -z "$missing$extra" ]; then
        echo "PASS makefile/$1"
    else
        echo "FAIL makefile/$1: targets not named: ${missing:-none}; named but no target: ${extra:-none}"
        failed=1
    fi
}
if make --no-print-directory -s help >"$tmp/help" 2>&1; then
    compare help "$tmp/help"
else
    echo "FAIL makefile/help: make help failed: $(head -3 "$tmp/help")"
    failed=1
fi
# the README's table under "Building and testing"
sed -n '/^## Building and testing/,/^## /p' README.md | grep '^| `make' >"$tmp/readme"
compare readme-table "$tmp/readme"
exit $failed
