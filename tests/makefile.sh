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
# make clean removes BUILD=DIR's directory too, when it is one of this
# tree's build* directories (it left every BUILD=build-NAME behind), and
# never one named with a slash or dots (BUILD=/tmp/x, BUILD=., BUILD=..):
# what it would run, not run (make -n)
clean_removes() { # BUILD: the directories make clean's rm names
    make --no-print-directory -n clean BUILD="$1" 2>/dev/null | sed -n 's/^rm -rf //p' | tr ' ' '\n'
}
why=
clean_removes build-zz | grep -qx build-zz || why="BUILD=build-zz not removed"
for dir in /tmp/zz . .. ../build build-zz/../..; do
    ! clean_removes "$dir" | grep -qx -e "$dir" -e "${dir%/}" || why="$why; BUILD=$dir removed"
done
clean_removes build | grep -qx build-asan || why="$why; build-asan not removed"
# run in a directory of its own: BUILD's directory removed, another named
mkdir -p "$tmp/tree/build-x/src" "$tmp/tree/build-y"
(cd "$tmp/tree" && make --no-print-directory -f "$OLDPWD/Makefile" clean BUILD=build-x) >"$tmp/clean.out" 2>&1
[ ! -d "$tmp/tree/build-x" ] || why="$why; build-x still there"
[ -d "$tmp/tree/build-y" ] && grep -q "left build-y/" "$tmp/clean.out" ||
    why="$why; build-y not left and named: $(tr '\n' ' ' <"$tmp/clean.out")"
if [ -z "$why" ]; then
    echo "PASS makefile/clean-build-dir"
else
    echo "FAIL makefile/clean-build-dir: ${why#; }"
    failed=1
fi
exit $failed
