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
            # a kept .err is a check of the warnings of a run that succeeds
            rm -f "$dir/$name.status"
            [ -f "$dir/$name.err" ] && cp "$err" "$dir/$name.err"
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
# -o onto something that is not a regular file (a pipe here; /dev/null
# for a user) writes into it: a finished file renamed over it would
# replace it (a run as root once turned /dev/null into a file so)
pipe_dir=$(mktemp -d)
if mkfifo "$pipe_dir/pipe" 2>/dev/null; then
    cat "$pipe_dir/pipe" >"$pipe_dir/got" &
    reader=$!
    "$bin" cluster --format jsonl -o "$pipe_dir/pipe" examples >/dev/null 2>&1
    if [ -p "$pipe_dir/pipe" ]; then
        wait "$reader"
        if "$bin" cluster --format jsonl examples 2>/dev/null | cmp -s - "$pipe_dir/got"; then
            echo "PASS cli/output-into-pipe"
        else
            echo "FAIL cli/output-into-pipe: the pipe carried other bytes than standard output"
        fi
    else
        kill "$reader" 2>/dev/null
        echo "FAIL cli/output-into-pipe: -o replaced the pipe with a file"
    fi
else
    echo "SKIP output-into-pipe: mkfifo failed"
fi
rm -rf "$pipe_dir"
# -o through a symbolic link replaces the file it names and keeps the link
link_dir=$(mktemp -d)
: >"$link_dir/answer.jsonl"
if ln -s answer.jsonl "$link_dir/link.jsonl" 2>/dev/null; then
    "$bin" cluster --format jsonl -o "$link_dir/link.jsonl" examples >/dev/null 2>&1
    if [ -L "$link_dir/link.jsonl" ] &&
        "$bin" cluster --format jsonl examples 2>/dev/null | cmp -s - "$link_dir/answer.jsonl"; then
        echo "PASS cli/output-through-symlink"
    else
        echo "FAIL cli/output-through-symlink: the link was replaced or its file not written"
    fi
else
    echo "SKIP output-through-symlink: ln -s failed"
fi
rm -rf "$link_dir"
# -o through a symbolic link to no file makes the file it names, as a
# shell's '>' does, and keeps the link (the link was replaced by a file);
# through a loop of links it writes nothing, says so, exit status 1 (the
# loop was replaced by a file, status 0)
link_dir=$(mktemp -d)
mkdir "$link_dir/sub"
if ln -s ../answer.jsonl "$link_dir/sub/to-answer" 2>/dev/null && ln -s sub/to-answer "$link_dir/chain" &&
    ln -s loop-b "$link_dir/loop-a" && ln -s loop-a "$link_dir/loop-b"; then
    "$bin" cluster --format jsonl -o "$link_dir/chain" examples >/dev/null 2>&1
    made=$?
    "$bin" cluster --format jsonl -o "$link_dir/loop-a" examples >/dev/null 2>"$err"
    looped=$?
    if [ $made -eq 0 ] && [ -L "$link_dir/chain" ] && [ -L "$link_dir/sub/to-answer" ] &&
        "$bin" cluster --format jsonl examples 2>/dev/null | cmp -s - "$link_dir/answer.jsonl" &&
        [ $looped -eq 1 ] && [ -L "$link_dir/loop-a" ] &&
        grep -q "^newsprint: cluster: $link_dir/loop-a: cannot write: a symbolic link in a loop of links" "$err"; then
        echo "PASS cli/output-through-dangling-symlink"
    else
        echo "FAIL cli/output-through-dangling-symlink: status $made and $looped: $(ls -l "$link_dir" | tr '\n' ' ') $(cat "$err")"
    fi
else
    echo "SKIP output-through-dangling-symlink: ln -s failed"
fi
rm -rf "$link_dir"
# -o through a symbolic link whose end is in a directory that does not
# exist names the link as typed and where it points (it named only the
# link's end, a name the user never typed)
link_dir=$(mktemp -d)
if ln -s "$link_dir/no-such-dir/answer.jsonl" "$link_dir/out.jsonl" 2>/dev/null; then
    "$bin" cluster --format jsonl -o "$link_dir/out.jsonl" examples >/dev/null 2>"$err"
    status=$?
    if [ $status -eq 1 ] && [ "$(cat "$err")" = "newsprint: cluster: $link_dir/out.jsonl: cannot create: it is a symbolic link to $link_dir/no-such-dir/answer.jsonl, whose directory $link_dir/no-such-dir does not exist (make it first: mkdir -p '$link_dir/no-such-dir')" ]; then
        echo "PASS cli/output-through-symlink-into-no-directory"
    else
        echo "FAIL cli/output-through-symlink-into-no-directory: status $status: $(cat "$err")"
    fi
else
    echo "SKIP output-through-symlink-into-no-directory: ln -s failed"
fi
rm -rf "$link_dir"
# -o over an existing file keeps its permissions (the file renamed into its
# place had the umask's: a private answer, mode 600, came back 644)
mode_dir=$(mktemp -d)
: >"$mode_dir/private.jsonl"
chmod 600 "$mode_dir/private.jsonl"
"$bin" cluster --format jsonl -o "$mode_dir/private.jsonl" examples >/dev/null 2>&1
mode=$(stat -c %a "$mode_dir/private.jsonl" 2>/dev/null)
if [ "$mode" = 600 ] && [ -s "$mode_dir/private.jsonl" ]; then
    echo "PASS cli/output-keeps-mode"
else
    echo "FAIL cli/output-keeps-mode: mode $mode after -o, wanted 600 (or nothing written)"
fi
rm -rf "$mode_dir"
# -o into a directory the run walks: the walk passes over the file being
# written beside it (said as a file passed over by its name) and the last
# run's answer (read as JSONL articles, each line skipped, exit status 1)
walk_dir=$(mktemp -d)
cp examples/articles/01-*.txt examples/articles/02-*.txt "$walk_dir/"
for cmd in clean cluster; do
    ok=1
    for run in 1 2; do
        "$bin" "$cmd" --quiet --format jsonl -o "$walk_dir/answer-$cmd.jsonl" "$walk_dir" >/dev/null 2>"$err" &&
            [ ! -s "$err" ] && [ "$(wc -l <"$walk_dir/answer-$cmd.jsonl")" -eq 2 ] || ok=0
    done
    if [ $ok -eq 1 ]; then
        echo "PASS cli/$cmd-output-in-walked-directory"
    else
        echo "FAIL cli/$cmd-output-in-walked-directory: $(head -c 300 "$err")"
    fi
    rm -f "$walk_dir/answer-$cmd.jsonl"
done
rm -rf "$walk_dir"
# options may follow the inputs: the same answers as with the options first
# (before, an option after an input was read as one more input)
for cmd in clean cluster; do
    if "$bin" "$cmd" --format jsonl --threads 2 examples 2>/dev/null >"$tmp" &&
        "$bin" "$cmd" examples --format jsonl --threads 2 2>/dev/null | cmp -s - "$tmp"; then
        echo "PASS cli/$cmd-options-after-inputs"
    else
        echo "FAIL cli/$cmd-options-after-inputs: options after the inputs changed the answer"
    fi
done
order_dir=$(mktemp -d)
"$bin" sign -o "$order_dir/a.shard" --quiet examples/articles 2>/dev/null
"$bin" sign examples/articles --quiet -o "$order_dir/b.shard" 2>/dev/null
if [ -s "$order_dir/a.shard" ] && cmp -s "$order_dir/a.shard" "$order_dir/b.shard"; then
    echo "PASS cli/sign-options-after-inputs"
else
    echo "FAIL cli/sign-options-after-inputs: the shards differ or are missing"
fi
# "--" ends the options: a file named like an option is an input after it,
# and the inputs keep their order, those before "--" first
abs_bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
cp examples/articles/01-*.txt "$order_dir/-q"
cp examples/articles/02-*.txt "$order_dir/b.txt"
(cd "$order_dir" && "$abs_bin" clean --format jsonl b.txt -- -q 2>/dev/null) >"$tmp"
(cd "$order_dir" && "$abs_bin" clean --format jsonl b.txt 2>/dev/null && "$abs_bin" clean --format jsonl ./-q 2>/dev/null) >"$err"
if [ "$(wc -l <"$tmp")" -eq 2 ] && cmp -s "$tmp" "$err"; then
    echo "PASS cli/inputs-after-double-dash"
else
    echo "FAIL cli/inputs-after-double-dash: not both inputs, or not in the order given"
fi
rm -rf "$order_dir"
# a short undated brief (a dairy's loan) sharing one word ("cut") with a
# short dated report of another matter (a ferry timetable) stays a story of
# its own: the short texts' mixture moved it there on that one word
if "$bin" cluster --format jsonl examples tests/data/one-shared-word.jsonl 2>/dev/null >"$tmp" &&
    story=$(grep '"id":"untitled-1"' "$tmp" | sed 's/.*"story":"\([^"]*\)".*/\1/') && [ -n "$story" ] &&
    [ "$(grep -c "\"story\":\"$story\"" "$tmp")" -eq 1 ]; then
    echo "PASS cli/short-brief-one-shared-word"
else
    echo "FAIL cli/short-brief-one-shared-word: untitled-1 is not alone in its story"
fi
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
# cluster too, in every format, and on a generated corpus when ../shared has
# the generator (a few hundred articles with every kind of copy)
for args in "--format jsonl --explain" "--format json" "--format text" "--copies-only --format jsonl"; do
    # shellcheck disable=SC2086  # args are split into words on purpose
    "$bin" cluster $args --threads 1 $inputs >"$one" 2>/dev/null
    for n in 2 4; do
        # shellcheck disable=SC2086
        if [ -s "$one" ] && "$bin" cluster $args --threads "$n" $inputs 2>/dev/null | cmp -s - "$one"; then
            echo "PASS cli/cluster-threads-$n ($args)"
        else
            echo "FAIL cli/cluster-threads-$n ($args): output differs from --threads 1"
        fi
    done
done
# --stats: the answer unchanged, and the summary's counts agree with it
stats_err=$(mktemp)
"$bin" cluster --format jsonl --threads 1 examples >"$one" 2>/dev/null
if "$bin" cluster --stats --format jsonl --threads 1 examples 2>"$stats_err" | cmp -s - "$one"; then
    articles=$(wc -l <"$one" | tr -d ' ')
    stories=$(sed -n 's/.*"story":"\(s[0-9]*\)".*/\1/p' "$one" | sort -u | wc -l | tr -d ' ')
    if grep -q "^newsprint: cluster: $articles articles in [0-9.]* s, [0-9]* articles/s, peak memory [0-9.]* MiB\$" "$stats_err" &&
        grep -q "^  stories and storylines .* $stories stories, [0-9]* storylines\$" "$stats_err" &&
        grep -q "^  verification .* [1-9][0-9]* links\$" "$stats_err" &&
        grep -q "^  held per article: [1-9][0-9]* B (metadata [1-9]" "$stats_err" &&
        # the peak so far after intake and each stage: there, rising, and
        # never above the run's peak
        awk '/^newsprint: cluster:/ { peak = $(NF - 1) }
             /^  [a-z].* s +[0-9.]+ MiB/ { for (i = 1; i < NF; i++) if ($(i + 1) == "MiB") v = $i + 0;
                                           if (v < last || v <= 0) bad = 1; last = v; n++ }
             END { exit !(n == 5 && !bad && last <= peak + 0.05) }' "$stats_err"; then
        echo "PASS cli/cluster-stats"
    else
        echo "FAIL cli/cluster-stats: the summary does not match the answer ($articles articles, $stories stories):"
        cat "$stats_err"
    fi
else
    echo "FAIL cli/cluster-stats: --stats changed the answer"
fi
rm -f "$stats_err"
gen=../shared/bench/gencorpus.py
if [ -f "$gen" ] && command -v python3 >/dev/null 2>&1; then
    gendir=$(mktemp -d)
    corpus=$gendir/corpus.jsonl
    if python3 "$gen" --n 600 --seed 7 --out "$corpus" --truth /dev/null --quiet 2>/dev/null; then
        "$bin" cluster --format jsonl --explain --threads 1 "$corpus" >"$one" 2>/dev/null
        for n in 2 4; do
            if [ "$(wc -l <"$one")" -ge 600 ] &&
                "$bin" cluster --format jsonl --explain --threads "$n" "$corpus" 2>/dev/null | cmp -s - "$one"; then
                echo "PASS cli/cluster-threads-$n-gencorpus"
            else
                echo "FAIL cli/cluster-threads-$n-gencorpus: output differs from --threads 1"
            fi
        done
    else
        echo "SKIP cluster-threads-gencorpus: $gen failed"
    fi
    # 2,000 articles over three days: stories and moves crowd each batch
    # of the story passes on two threads, so turns weigh again what a move
    # of their batch touched (a refinement that used a stale weighing gave
    # other stories here)
    dense=$gendir/dense.jsonl
    if python3 "$gen" --n 2000 --seed 7 --days 3 --out "$dense" --truth /dev/null --quiet 2>/dev/null; then
        "$bin" cluster --format jsonl --threads 1 "$dense" >"$one" 2>/dev/null
        if [ "$(wc -l <"$one")" -ge 2000 ] &&
            "$bin" cluster --format jsonl --threads 2 "$dense" 2>/dev/null | cmp -s - "$one"; then
            echo "PASS cli/cluster-threads-2-dense"
        else
            echo "FAIL cli/cluster-threads-2-dense: output differs from --threads 1"
        fi
        # the same candidate pairs and links too, not only the same
        # answer (a pair lost on one thread is often found by another
        # index, and the answer hides it): LSH bands, the vocabulary and
        # the verification's chunks are shared among the threads
        counts() {
            "$bin" cluster --stats --format jsonl --threads "$1" "$dense" 2>&1 >/dev/null |
                awk '/candidate pairs|verification/ { print $(NF - 1) }' | tr '\n' ' '
        }
        c1=$(counts 1)
        for n in 2 3; do
            cn=$(counts "$n")
            if [ -n "$c1" ] && [ "$cn" = "$c1" ]; then
                echo "PASS cli/cluster-threads-$n-dense-pairs"
            else
                echo "FAIL cli/cluster-threads-$n-dense-pairs: pairs and links '$cn', with --threads 1 '$c1'"
            fi
        done
        # a third of them in a made-up language (names and numbers kept):
        # the stories across languages, and the numbers the vectors keep
        # on each thread, give the same answer at any thread count
        mixed=$gendir/mixed.jsonl
        if python3 scripts/made_up_language.py "$dense" "$mixed" --share 0.3 --seed 7 >/dev/null; then
            "$bin" cluster --format jsonl --threads 1 "$mixed" >"$one" 2>/dev/null
            # stories with articles of both languages: the step ran
            both=$(python3 -c '
import json, sys
langs = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    langs.setdefault(r["story"], set()).add(r["lang"])
print(sum(1 for s in langs.values() if {"de", "en"} <= s))' "$one")
            for n in 2 3; do
                if [ "${both:-0}" -gt 0 ] &&
                    "$bin" cluster --format jsonl --threads "$n" "$mixed" 2>/dev/null | cmp -s - "$one"; then
                    echo "PASS cli/cluster-threads-$n-languages"
                else
                    echo "FAIL cli/cluster-threads-$n-languages: output differs from --threads 1, or no story of two languages (${both:-0})"
                fi
            done
        else
            echo "FAIL cli/cluster-threads-languages: scripts/made_up_language.py failed"
        fi
    else
        echo "SKIP cluster-threads-dense: $gen failed"
    fi
    rm -rf "$gendir"
else
    echo "SKIP cluster-threads-gencorpus: $gen or python3 not found"
fi
rm -f "$one"
if command -v python3 >/dev/null 2>&1; then
    python3 tests/examples_truth.py "$bin"
else
    echo "SKIP examples-truth: python3 not installed"
fi
# similar's text: of a long storyline, the twenty other stories around the
# article's own, those before and after counted (the first twenty were
# listed, at 20,000 articles a year before it, its neighbours among the
# 440 "more")
similar_dir=$(mktemp -d)
if "$bin" add --quiet --db "$similar_dir/s.db" examples tests/data/long-storyline.jsonl >/dev/null 2>&1 &&
    "$bin" similar --db "$similar_dir/s.db" guild-17 >"$similar_dir/out" 2>/dev/null; then
    # guild-NN is the NN-th story of the storyline's 24: guild-17's twenty
    # neighbours are guild-04..guild-24 but itself, three earlier counted
    listed=$(sed -n 's/^    s[0-9]* .*  //p' "$similar_dir/out" | tr '\n' '|')
    want=$(sed -n 's/.*"title": "\([^"]*\)".*/\1/p' tests/data/long-storyline.jsonl | sed -n '4,16p;18,24p' | tr '\n' '|')
    if grep -q '^  other stories of storyline l[0-9]* (23):$' "$similar_dir/out" &&
        grep -q '^    \.\.\. 3 earlier (--format json lists them all)$' "$similar_dir/out" &&
        ! grep -q 'more (--format json' "$similar_dir/out" && [ "$listed" = "$want" ]; then
        echo "PASS cli/similar-storyline-around"
    else
        echo "FAIL cli/similar-storyline-around: not the twenty stories around guild-17's own:"
        sed -n '/other stories/,$p' "$similar_dir/out" | head -30
    fi
else
    echo "FAIL cli/similar-storyline-around: add or similar failed"
fi
rm -rf "$similar_dir"
# make demo's report: a line cut to the terminal's width is cut at a word
# and ends with an ellipsis (cut -c1-120 left "... into River Wend during
# morning rush, " and halves of words, unmarked, as if the title ended)
demo_out=$(mktemp)
if sh scripts/demo.sh "$bin" >"$demo_out" 2>&1; then
    # a line of just the width (120 columns, 110 for clean --explain), as
    # cut -c left one, not ended by the ellipsis
    unmarked=$(awk '(length($0) == 120 || length($0) == 110) && $0 !~ /\342\200\246$/' "$demo_out" | head -3)
    if [ -z "$unmarked" ] && grep -q 'during morning…$' "$demo_out"; then
        echo "PASS cli/demo-lines-cut-marked"
    else
        echo "FAIL cli/demo-lines-cut-marked: lines cut unmarked: $unmarked"
    fi
else
    echo "FAIL cli/demo-lines-cut-marked: scripts/demo.sh failed: $(tail -3 "$demo_out")"
fi
rm -f "$demo_out"
