#!/bin/sh
# Options: every option that takes a value takes it as the next argument or
# after '=' (--format json, --format=json), in every command, and the short
# forms (-o, -j, -p, -q) mean the same everywhere; a value missing or empty
# is a usage error naming the option.  One PASS/FAIL line per case.
#   sh tests/options.sh BIN
set -u
[ $# -eq 1 ] || { echo "usage: sh tests/options.sh BIN" >&2; exit 2; }
bin=$1
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
cd "$(dirname "$0")/.." || exit 1
top=$(mktemp -d "${TMPDIR:-/tmp}/np-options.XXXXXX") || exit 1
trap 'rm -rf "$top"' EXIT
# the files in a directory with a space in its name, whatever TMPDIR is: a
# value that holds one (--output="$T/o") is one argument, in the product
# and in this script
T="$top/a b"
mkdir "$T" || exit 1
A=examples/articles

# run TAG ARG...: the command's stdout, stderr (its own temporary names
# written as TMP) and status in $T/TAG.*
run() {
    tag=$1
    shift
    "$bin" "$@" >"$T/$tag.out" 2>"$T/$tag.err" </dev/null
    echo $? >"$T/$tag.status"
    sed -i "s|$T|TMP|g" "$T/$tag.err"
}

# same NAME 'ARGS' 'ARGS': both runs give the same stdout, stderr, status
# and -o file ($T/o, when either writes it), and status 0 unless told
# otherwise in $want.  ARGS are shell words read when the command runs
# ('-o "$T/o"'), so that $T stays one argument (split into words as they
# were, 16 checks failed with TMPDIR="/tmp/a b")
same() {
    name=$1
    rm -f "$T/o"
    eval "run a $2"
    [ -f "$T/o" ] && mv "$T/o" "$T/a.file" || : >"$T/a.file"
    eval "run b $3"
    [ -f "$T/o" ] && mv "$T/o" "$T/b.file" || : >"$T/b.file"
    why=
    for part in out err status file; do
        cmp -s "$T/a.$part" "$T/b.$part" || { why="$part differs: $(diff "$T/a.$part" "$T/b.$part" | head -n 4 | tr '\n' ' ')"; break; }
    done
    [ -z "$why" ] && [ "$(cat "$T/a.status")" != "${want:-0}" ] &&
        why="exit status $(cat "$T/a.status"), wanted ${want:-0}: $(head -n 2 "$T/a.err" | tr '\n' ' ')"
    if [ -n "$why" ]; then echo "FAIL options/$name: $why"; else echo "PASS options/$name"; fi
}

# missing NAME ARG...: a usage error (2) naming the option, nothing on stdout
missing() {
    name=$1
    option=$2
    shift 2
    run m "$@"
    if [ "$(cat "$T/m.status")" != 2 ] || [ -s "$T/m.out" ] ||
        ! grep -q -e "$option needs a value" "$T/m.err"; then
        echo "FAIL options/$name: status $(cat "$T/m.status"), stderr: $(head -n 2 "$T/m.err" | tr '\n' ' ')"
    else
        echo "PASS options/$name"
    fi
}

want=0
same clean 'clean --format jsonl --threads 2 -o "$T/o" examples' \
    'clean --format=jsonl --threads=2 --output="$T/o" examples'
same clean-short 'clean -j 1 -q --output "$T/o" examples/corpus.jsonl' \
    'clean --threads=1 --quiet -o "$T/o" examples/corpus.jsonl'
same cluster 'cluster --format csv --threads 1 --param story_threshold=0.3 -o "$T/o" examples' \
    'cluster --format=csv --threads=1 --param=story_threshold=0.3 --output="$T/o" examples'
same cluster-short 'cluster -p story_threshold=0.3 -j 2 --format jsonl examples' \
    'cluster --param=story_threshold=0.3 --threads=2 --format=jsonl examples'
same cluster-attached 'cluster -pstory_threshold=0.3 -j2 -o"$T/o" --format jsonl examples' \
    'cluster -p story_threshold=0.3 -j 2 -o "$T/o" --format jsonl examples'
# a short form's value after '=' as a long one's: -o=FILE wrote a file
# named '=FILE' (here '=$T/o', in no directory: status 1), -j=2 was refused
same cluster-short-equals 'cluster -j=2 -p=story_threshold=0.3 -o="$T/o" --format jsonl examples' \
    'cluster -j 2 -p story_threshold=0.3 -o "$T/o" --format jsonl examples'
same add-attached 'add --db "$T/c.db" -j1 -q examples' 'add --db "$T/d.db" --threads 1 --quiet examples'
same compare 'compare --format json --param near_jaccard=0.5 $A/01-harborton-strike-wirepress.txt $A/04-harborton-strike-excerpt.txt' \
    'compare --format=json -p near_jaccard=0.5 $A/01-harborton-strike-wirepress.txt $A/04-harborton-strike-excerpt.txt'
want=1 # tests/data/pairs.tsv has a line to skip
same compare-pairs 'compare --pairs tests/data/pairs.tsv' 'compare --pairs=tests/data/pairs.tsv'
want=0
same add 'add --db "$T/a.db" --param story_threshold=0.3 --threads 1 --quiet examples' \
    'add --db="$T/b.db" --param=story_threshold=0.3 --threads=1 -q examples'
[ -s "$T/a.db" ] && [ -s "$T/b.db" ] || echo "FAIL options/add: no database made"
same add-stories 'stories --db "$T/a.db" --format jsonl' 'stories --db="$T/b.db" --format=jsonl'
same stories 'stories --db "$T/a.db" --format csv --since 2024-01-01 -o "$T/o"' \
    'stories --db="$T/a.db" --format=csv --since=2024-01-01 --output="$T/o"'
same show 'show --db "$T/a.db" --format json j01' 'show --db="$T/a.db" --format=json j01'
same similar 'similar --db "$T/a.db" --format json --file $A/01-harborton-strike-wirepress.txt' \
    'similar --db="$T/a.db" --format=json --file=$A/01-harborton-strike-wirepress.txt'
same sign 'sign --quiet --records 0:9 --threads 1 --param story_threshold=0.3 -o "$T/o" examples' \
    'sign -q --records=0:9 --threads=1 --param=story_threshold=0.3 --output="$T/o" examples'
"$bin" sign --quiet -o "$T/x.nps" examples
same join 'join --quiet --part 0/2 --verify-parts 2 --threads 1 -o "$T/o" "$T/x.nps"' \
    'join --quiet --part=0/2 --verify-parts=2 --threads=1 --output="$T/o" "$T/x.nps"'
"$bin" join --quiet --part 0/1 -o "$T/x.npp" "$T/x.nps"
same verify 'verify --quiet --part 0/1 -j 1 -o "$T/o" "$T/x.nps" "$T/x.npp"' \
    'verify --quiet --part=0/1 --threads=1 --output="$T/o" "$T/x.nps" "$T/x.npp"'
same group 'group --format jsonl -o "$T/o" "$T/x.nps"' 'group --format=jsonl --output="$T/o" "$T/x.nps"'
want=2
same serve-port 'serve --db "$T/a.db" --port 70000' 'serve --db="$T/a.db" --port=70000'
same serve-bind-usage 'serve --db "$T/a.db" --bind 256.0.0.1' 'serve --db="$T/a.db" --bind=256.0.0.1'
same serve-request-seconds 'serve --db "$T/a.db" --request-seconds 0' 'serve --db="$T/a.db" --request-seconds=0'
want=1
same serve-db 'serve --db "$T/none.db"' 'serve --db="$T/none.db"'

missing clean-o -o clean examples -o
missing cluster-format-empty --format cluster --format= examples
missing add-db --db add --db
missing add-db-empty --db add --db= examples
missing stories-since --since stories --db "$T/a.db" --since
missing show-format --format show --db "$T/a.db" x --format
missing similar-file-empty --file similar --db "$T/a.db" --file=
missing serve-bind --bind serve --db "$T/a.db" --bind
missing serve-request-seconds --request-seconds serve --db "$T/a.db" --request-seconds
missing sign-records --records sign -o "$T/y.nps" examples --records
missing join-part-empty --part join -o "$T/y.npp" --part= "$T/x.nps"
missing compare-pairs --pairs compare --pairs
missing cluster-o-equals-empty -o cluster -o= examples
# an option where a value was wanted is a usage error naming both: '-o
# --format json' wrote the answer to a file named '--format' and read
# 'json' as an input ('cannot open', status 1); '--db -q' made a database
# '-q'.  Run in $T, where a file so made is seen.  A value that opens with
# '-' goes after '=' (--output=-x), and '-' and '-1' are values.
cwd=$PWD
cd "$T" || exit 1
"$bin" cluster -o --format json "$cwd/examples" >o-option.out 2>o-option.err
rc=$?
"$bin" add --db -q "$cwd/examples" >/dev/null 2>>o-option.err
rc2=$?
"$bin" cluster -q --output=-x "$cwd/examples" 2>>o-option.err
rc3=$?
cd "$cwd" || exit 1
if [ $rc -eq 2 ] && [ $rc2 -eq 2 ] && [ $rc3 -eq 0 ] && [ ! -s "$T/o-option.out" ] && [ ! -e "$T/--format" ] &&
    [ ! -e "$T/-q" ] && [ -s "$T/-x" ] &&
    grep -q "^newsprint: cluster: -o needs a value, not the option '--format' (a value that opens with '-' goes after '=')$" "$T/o-option.err" &&
    grep -q "^newsprint: add: --db needs a value, not the option '-q'" "$T/o-option.err"; then
    echo "PASS options/value-is-an-option"
else
    echo "FAIL options/value-is-an-option: status $rc, $rc2, $rc3; made: $(cd "$T" && ls -d -- --format -q 2>/dev/null); stderr: $(head -n 3 "$T/o-option.err" | tr '\n' ' ')"
fi
