#!/bin/sh
# bench/run.sh: throughput and peak memory of `newsprint clean`, with cheap
# peers run side by side on the same input in the same run.
#
#   sh bench/run.sh            (or: make bench)
#
# Environment:
#   BENCH_SIZES          corpus sizes in articles (default "20000 200000")
#   BENCH_RUNS           runs per measurement; the median is reported (default 3)
#   BENCH_TEXT_ARTICLES  articles of the 20k corpus split into .txt files for
#                        the text-input benchmark (default 5000; 0 skips it)
#   BENCH_PIN            CPU list for taskset (default 0; empty: no pinning)
#   BENCH_CLUSTER        1 (default): also time `newsprint cluster` and
#                        `cluster --copies-only` on each corpus, on one thread
#                        (pinned like the rest) and on BENCH_THREADS threads,
#                        and `cluster --copies-only --no-rewrites` on one
#   BENCH_THREADS        threads for the multi-threaded cluster rows, run
#                        unpinned (default: the CPU count; 1 leaves them out)
#   BENCH_ADD            1 (default): also time `newsprint add` of the 20k corpus
#                        into a new database (bench/out/bench-add.db, made
#                        again each run), on BENCH_THREADS threads, and print
#                        the database's bytes per article
#   BENCH_PEERS          1 (default): the copy-detection peers on the 20k corpus
#                        (bench/peer_sklearn.py, bench/peer_minhash), each
#                        skipped with a message when not installed
#   NEWSPRINT            the binary (default build/newsprint)
#   BENCH_TIMER          measure.py: time with bench/measure.py even when
#                        /usr/bin/time is present
#   SHARED               the shared folder holding bench/gencorpus.py
#                        (default ../shared; relative paths are taken from
#                        the repository root)
#
# Peers, on the same input: bench/peer_strip.py (Python: json-decode each
# line, strip and collapse each line of text, re-encode), jq -c '{id,text}'
# (decode and re-encode, when jq is installed) and, for the JSONL corpora,
# cat (the file read and discarded: the I/O floor).
#
# Corpora come from $SHARED/bench/gencorpus.py with --seed 1 and are written
# to bench/out/ (gitignored), generated again only when missing.  Every
# command reads a file and writes to /dev/null.  Wall, user and system
# seconds and peak RSS come from /usr/bin/time, or from bench/measure.py
# (the child's rusage from wait4) when /usr/bin/time is absent.  MB are 10^6
# bytes of input; MB/s and articles/s are taken over wall time, MB/CPU-s over
# user+system time.  The results also go to bench/out/results.tsv.
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1

SIZES=${BENCH_SIZES:-"20000 200000"}
RUNS=${BENCH_RUNS:-3}
TEXT_N=${BENCH_TEXT_ARTICLES:-5000}
PIN_CPUS=${BENCH_PIN-0}
BIN=${NEWSPRINT:-build/newsprint}
THREADS=${BENCH_THREADS:-$(nproc 2>/dev/null || echo 1)}
SHARED=${SHARED:-../shared}
OUT=bench/out
GEN=$SHARED/bench/gencorpus.py

if [ ! -f "$GEN" ]; then
    echo "bench: $GEN not found (the shared corpus generator is absent); nothing to measure"
    exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
    echo "bench: python3 not found; it is needed to generate the corpus" >&2
    exit 1
fi
if [ ! -x "$BIN" ]; then
    echo "bench: $BIN not found; build it first with 'make'" >&2
    exit 1
fi
mkdir -p "$OUT"

# The interpreter itself, not a version-manager shim, so that the peer's
# figures are Python's own.
PY=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null)
[ -n "$PY" ] || PY=python3

if [ -x /usr/bin/time ] && [ "${BENCH_TIMER:-}" != measure.py ]; then
    TIMER="/usr/bin/time"
else
    TIMER=""
    echo "bench: /usr/bin/time not found; timing with bench/measure.py (wait4 rusage;"
    echo "       peak RSS below Python's own, about 10-15 MB, reads as that floor)"
fi

PIN=""
if [ -n "$PIN_CPUS" ]; then
    if command -v taskset >/dev/null 2>&1 && taskset -c "$PIN_CPUS" true 2>/dev/null; then
        PIN="taskset -c $PIN_CPUS"
    else
        echo "bench: taskset not usable; running unpinned (figures are not single-core)"
    fi
fi

HAVE_JQ=1
if ! command -v jq >/dev/null 2>&1; then
    HAVE_JQ=0
    echo "bench: jq not found (Debian package 'jq'); skipping the jq peer"
fi

size_name() {
    if [ $(($1 % 1000000)) -eq 0 ]; then echo "$(($1 / 1000000))m"
    elif [ $(($1 % 1000)) -eq 0 ]; then echo "$(($1 / 1000))k"
    else echo "$1"; fi
}

# ensure_corpus N: bench/out/news-<N>.jsonl, generated when missing.
ensure_corpus() {
    f=$OUT/news-$(size_name "$1").jsonl
    if [ ! -s "$f" ]; then
        echo "bench: generating $f (gencorpus.py --n $1 --seed 1)"
        if ! python3 "$GEN" --n "$1" --seed 1 --quiet --out "$f.part.jsonl" \
            --truth "$OUT/news-$(size_name "$1").truth.jsonl"; then
            rm -f "$f.part.jsonl"
            echo "bench: corpus generation failed" >&2
            exit 1
        fi
        mv "$f.part.jsonl" "$f"
    fi
}

# median FILE COLUMN: median of one column of numbers.
median() {
    awk -v c="$2" '{ print $c }' "$1" | sort -g |
        awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2];
                                  else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

RESULTS=$OUT/results.tsv
printf 'tool\tcorpus\tarticles\tbytes\twall_s\tcpu_s\trss_kb\tspread_pct\n' >"$RESULTS"
# Peers timed in pairs with the newsprint row they are set against
# (measure with PAIR_WITH set): peer, newsprint row, pairs, median ratio of
# walls, of CPU seconds, range of the walls' ratios.
PAIRS=$OUT/paired.tsv
: >"$PAIRS"

# time_once CMD...: one run of CMD, pinned as asked, its wall, user, sys
# seconds and peak RSS KB as the last line of $OUT/one.$$; returns its status.
time_once() {
    # $PIN is "taskset -c N" or empty: split into words on purpose.
    # shellcheck disable=SC2086
    if [ -n "$TIMER" ]; then
        $TIMER -f '%e %U %S %M' -o "$OUT/one.$$" $PIN "$@" >/dev/null
    else
        "$PY" bench/measure.py "$OUT/one.$$" $PIN "$@" >/dev/null
    fi
}

# measure TOOL CORPUS ARTICLES BYTES CMD...: RUNS timed runs, medians to RESULTS.
measure() {
    tool=$1 corpus=$2 articles=$3 bytes=$4
    shift 4
    runs=$OUT/runs.$$
    : >"$runs"
    rm -f "$runs.pairs"
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        time_once "$@"
        rc=$?
        if [ "$rc" -ne 0 ]; then
            echo "bench: $tool on $corpus exited with status $rc" >&2
        fi
        tail -n 1 "$OUT/one.$$" >>"$runs"
        if [ -n "${PAIR_WITH:-}" ]; then
            # the run of newsprint this peer run is set against, taken right
            # after it, so that a host's speed drifting over the minutes the
            # peers take moves both sides of each pair alike
            # shellcheck disable=SC2086  # the newsprint arguments, split on purpose
            time_once "$BIN" $PAIR_WITH
            np=$(tail -n 1 "$OUT/one.$$")
            peer=$(tail -n 1 "$runs")
            echo "$np $peer" | awk '{ printf "%s %s %s %s\n", $1, $5, ($2 + $3), ($6 + $7) }' \
                >>"$runs.pairs"
        fi
        i=$((i + 1))
    done
    if [ -n "${PAIR_WITH:-}" ] && [ -s "$runs.pairs" ]; then
        # pairs: newsprint wall, peer wall, newsprint CPU, peer CPU
        awk '{ print ($1 > 0 ? $2 / $1 : 0) }' "$runs.pairs" >"$runs.rw"
        awk '{ print ($3 > 0 ? $4 / $3 : 0) }' "$runs.pairs" >"$runs.rc"
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$PAIR_NAME" "$(wc -l <"$runs.pairs" | tr -d ' ')" \
            "$(median "$runs.rw" 1)" "$(median "$runs.rc" 1)" \
            "$(sort -g "$runs.rw" | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.1f-%.1f", lo, hi }')" \
            >>"$PAIRS"
        rm -f "$runs.pairs" "$runs.rw" "$runs.rc"
    fi
    wall=$(median "$runs" 1)
    spread=$(sort -g "$runs" | awk -v m="$wall" 'NR == 1 { lo = $1 } { hi = $1 }
        END { printf "%.0f", (m > 0 ? 100 * (hi - lo) / m : 0) }')
    cpu=$(awk '{ print $2 + $3 }' "$runs" >"$runs.cpu"; median "$runs.cpu" 1)
    rss=$(median "$runs" 4)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$corpus" "$articles" "$bytes" \
        "$wall" "$cpu" "$rss" "$spread" >>"$RESULTS"
    printf '  %-10s %-20s %d runs, wall %ss (median), spread %s%%\n' "$tool" "$corpus" "$RUNS" \
        "$wall" "$spread"
    rm -f "$runs" "$runs.cpu" "$OUT/one.$$"
}

echo "bench: $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)," \
    "$(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1))"
echo "bench: ${PIN:-unpinned}, $RUNS runs per measurement, timer ${TIMER:-bench/measure.py}"

# The text-input benchmark splits the 20k corpus, so that one is always made.
need_20k=0
[ "$TEXT_N" -gt 0 ] && need_20k=1
for n in $SIZES; do
    ensure_corpus "$n"
done
[ "$need_20k" -eq 1 ] && ensure_corpus 20000

for n in $SIZES; do
    f=$OUT/news-$(size_name "$n").jsonl
    name=$(basename "$f")
    articles=$(wc -l <"$f" | tr -d ' ')
    bytes=$(wc -c <"$f" | tr -d ' ')
    cat "$f" >/dev/null # warm the page cache
    measure newsprint "$name" "$articles" "$bytes" "$BIN" clean --format jsonl --quiet "$f"
    if [ "${BENCH_CLUSTER:-1}" -eq 1 ]; then
        measure "newsprint-cluster" "$name" "$articles" "$bytes" "$BIN" cluster --threads 1 \
            --format jsonl --quiet "$f"
        measure "newsprint-copies" "$name" "$articles" "$bytes" "$BIN" cluster --copies-only \
            --threads 1 --format jsonl --quiet "$f"
        measure "newsprint-no-rewrites" "$name" "$articles" "$bytes" "$BIN" cluster --copies-only \
            --no-rewrites --threads 1 --format jsonl --quiet "$f"
        if [ "$THREADS" -gt 1 ]; then
            pinned=$PIN
            PIN=""
            measure "newsprint-cluster-${THREADS}t" "$name" "$articles" "$bytes" "$BIN" cluster \
                --threads "$THREADS" --format jsonl --quiet "$f"
            measure "newsprint-copies-${THREADS}t" "$name" "$articles" "$bytes" "$BIN" cluster \
                --copies-only --threads "$THREADS" --format jsonl --quiet "$f"
            PIN=$pinned
        fi
    fi
    measure python3 "$name" "$articles" "$bytes" "$PY" bench/peer_strip.py "$f"
    if [ "$HAVE_JQ" -eq 1 ]; then
        measure jq "$name" "$articles" "$bytes" jq -c '{id,text}' "$f"
    fi
    measure cat "$name" "$articles" "$bytes" cat "$f"
done

# `add` of the 20k corpus into a new database: clean, fingerprint, store
# (articles, fingerprints, the search index) and group, as a user's first add.
add_corpus=$OUT/news-20k.jsonl
if [ "${BENCH_ADD:-1}" -eq 1 ] && [ -s "$add_corpus" ]; then
    db=$OUT/bench-add.db
    pinned=$PIN
    PIN=""
    measure "newsprint-add-${THREADS}t" news-20k.jsonl "$(wc -l <"$add_corpus" | tr -d ' ')" \
        "$(wc -c <"$add_corpus" | tr -d ' ')" sh -c 'rm -f "$1" "$1-wal" "$1-shm"; shift; exec "$@"' add-db \
        "$db" "$BIN" add --db "$db" --threads "$THREADS" --quiet "$add_corpus"
    PIN=$pinned
    ADD_BYTES=$(wc -c <"$db" | tr -d ' ')
    rm -f "$db" "$db-wal" "$db-shm"
fi

# Copy-detection peers on the 20k corpus, single-threaded like the rows they
# are set against: scikit-learn TF-IDF + cosine nearest neighbours (Debian
# python3-sklearn) against `cluster --threads 1`, and the npm minhash
# package's MinHash + LSH index against `cluster --copies-only --threads 1`.
# A peer that is not installed is skipped with a message; the npm one is
# installed by `npm ci` in bench/peer_minhash (package-lock.json) when npm is
# there and its node_modules is not.
peer_corpus=$OUT/news-20k.jsonl
if [ "${BENCH_PEERS:-1}" -eq 1 ] && [ -s "$peer_corpus" ]; then
    name=news-20k.jsonl
    articles=$(wc -l <"$peer_corpus" | tr -d ' ')
    bytes=$(wc -c <"$peer_corpus" | tr -d ' ')
    # Debian's python3-sklearn lives under the system interpreter, which a
    # version manager's python3 may hide
    sk=""
    for py in "$PY" /usr/bin/python3; do
        if [ -z "$sk" ] && "$py" -c 'import sklearn' 2>/dev/null; then sk=$py; fi
    done
    if [ -n "$sk" ]; then
        PAIR_WITH="cluster --threads 1 --format jsonl --quiet $peer_corpus" PAIR_NAME=newsprint-cluster
        measure sklearn-tfidf-nn "$name" "$articles" "$bytes" "$sk" bench/peer_sklearn.py "$peer_corpus"
        PAIR_WITH=""
    else
        echo "bench: scikit-learn not installed (apt-get install python3-sklearn); skipping the sklearn peer"
    fi
    mh=bench/peer_minhash
    if [ ! -f "$mh/node_modules/minhash/package.json" ] && command -v npm >/dev/null 2>&1; then
        echo "bench: installing the npm minhash peer (npm ci in $mh)"
        (cd "$mh" && npm ci --no-audit --no-fund >/dev/null 2>&1) || echo "bench: npm ci failed in $mh"
    fi
    if [ -f "$mh/node_modules/minhash/package.json" ] && command -v node >/dev/null 2>&1; then
        PAIR_WITH="cluster --copies-only --threads 1 --format jsonl --quiet $peer_corpus"
        PAIR_NAME=newsprint-copies
        measure npm-minhash "$name" "$articles" "$bytes" node "$mh/minhash_peer.js" "$peer_corpus"
        PAIR_WITH=""
    else
        echo "bench: the npm minhash package is not installed (apt-get install nodejs npm;" \
            "(cd $mh && npm ci)); skipping the minhash peer"
    fi
fi

if [ "$TEXT_N" -gt 0 ]; then
    txt=$OUT/txt
    if [ ! -f "$txt/$(printf '%05d' "$TEXT_N").txt" ] ||
        [ -f "$txt/$(printf '%05d' $((TEXT_N + 1))).txt" ]; then
        echo "bench: splitting the first $TEXT_N articles of news-20k.jsonl into $txt/"
        python3 bench/split_text.py "$OUT/news-20k.jsonl" "$TEXT_N" "$txt" || exit 1
    fi
    name="txt/ ($TEXT_N files)"
    bytes=$(cat "$txt"/*.txt | wc -c | tr -d ' ')
    cat "$txt"/*.txt >/dev/null
    measure newsprint "$name" "$TEXT_N" "$bytes" "$BIN" clean --format jsonl --quiet "$txt"
    if [ "${BENCH_CLUSTER:-1}" -eq 1 ]; then
        # The dedup-only target is "on text input": the lean mode on the files.
        measure "newsprint-no-rewrites" "$name" "$TEXT_N" "$bytes" "$BIN" cluster --copies-only \
            --no-rewrites --threads 1 --format jsonl --quiet "$txt"
    fi
    measure python3 "$name" "$TEXT_N" "$bytes" "$PY" bench/peer_strip.py "$txt"
    # The floor the dedup-only target is set against: bench/floor.c reads
    # the files, tokenises, shingles and makes 128-value MinHash signatures,
    # nothing else (no cleaning, index, pairs or output)
    if "${CC:-cc}" -std=c11 -O2 -o "$OUT/floor" bench/floor.c -lxxhash 2>"$OUT/floor.err"; then
        measure floor-minhash "$name" "$TEXT_N" "$bytes" "$OUT/floor" "$txt"
    else
        echo "bench: bench/floor.c did not build (see $OUT/floor.err); skipping the floor row"
    fi
    # No cat row here: GNU cat maps and unmaps a fresh buffer for every file,
    # so over thousands of small files it measures itself, not the I/O floor.
fi

echo
awk -F '\t' '
NR == 1 { next }
{
    n++; tool[n] = $1; corpus[n] = $2; art[n] = $3; mb[n] = $4 / 1e6
    wall[n] = $5; cpu[n] = $6; rss[n] = $7 / 1024; spread[n] = $8
    if ($1 == "newsprint") npwall[$2] = $5
    if ($1 == "newsprint-cluster") clwall[$2] = $5
    if ($1 == "newsprint-copies") cpwall[$2] = $5
    if ($1 == "newsprint-no-rewrites") nrwall[$2] = $5
}
END {
    fmt = "| %-22s | %-20s | %8s | %6s | %7s | %6s | %6s | %7s | %10s | %10s | %8s | %13s |\n"
    printf fmt, "tool", "corpus", "articles", "MB", "wall s", "spread", "CPU s", "MB/s",
        "articles/s", "MB/CPU-s", "peak RSS MB", "newsprint/peer"
    printf "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
    for (i = 1; i <= n; i++) {
        w = wall[i] > 0 ? wall[i] : 0.001
        if (tool[i] ~ /^newsprint/) ratio = "-"
        else if (tool[i] ~ /^sklearn/ && clwall[corpus[i]] > 0)
            ratio = sprintf("%.2fx", wall[i] / clwall[corpus[i]])
        else if (tool[i] ~ /^floor/ && nrwall[corpus[i]] > 0)
            ratio = sprintf("%.2fx", wall[i] / nrwall[corpus[i]])
        else if (tool[i] ~ /minhash/ && cpwall[corpus[i]] > 0)
            ratio = sprintf("%.2fx", wall[i] / cpwall[corpus[i]])
        else if (corpus[i] in npwall && npwall[corpus[i]] > 0)
            ratio = sprintf("%.2fx", wall[i] / npwall[corpus[i]])
        else ratio = "?"
        printf fmt, tool[i], corpus[i], art[i], sprintf("%.1f", mb[i]), sprintf("%.2f", wall[i]),
            spread[i] "%", sprintf("%.2f", cpu[i]), sprintf("%.1f", mb[i] / w),
            sprintf("%.0f", art[i] / w), sprintf("%.1f", mb[i] / (cpu[i] > 0 ? cpu[i] : 0.001)),
            sprintf("%.1f", rss[i]), ratio
    }
}' "$RESULTS"
echo
echo "wall s, CPU s (user+sys), peak RSS: medians of the runs; spread: (slowest - fastest) / median wall."
echo "MB = 10^6 input bytes; MB/s and articles/s over the median wall time; MB/CPU-s over the"
echo "median CPU time (steadier than wall time when other work shares the core)."
echo "newsprint/peer: newsprint's throughput over the peer's on the same input (below 1: newsprint is slower);"
echo "sklearn-tfidf-nn is set against newsprint-cluster, npm-minhash against newsprint-copies (both one thread)."
echo "cat: the same file read and discarded, the I/O floor no cleaner can beat."
echo "floor-minhash (text files): bench/floor.c, read + tokenise + 5-word shingles + 128-value"
echo "MinHash and nothing else, set against newsprint-no-rewrites on the same files."
echo "newsprint-cluster / -copies: cluster and cluster --copies-only on one thread (pinned);"
echo "-${THREADS}t rows: on $THREADS threads, unpinned.  RSS per article = peak RSS / articles."
echo "newsprint-no-rewrites: cluster --copies-only --no-rewrites on one thread (pinned): exact, near"
echo "and excerpt copies, no rewrites (the dedup-only mode's lean form)."
if [ -n "${ADD_BYTES:-}" ]; then
    echo "newsprint-add: a new database of news-20k.jsonl, $ADD_BYTES bytes" \
        "($(awk -v b="$ADD_BYTES" -v n="$(wc -l <"$add_corpus")" 'BEGIN { printf "%.0f", b / n }') an article:" \
        "body, fingerprint, search index)."
fi
echo
echo "Targets (issue 6): newsprint-no-rewrites (dedup-only) >= 100k articles/s on one core;"
echo "newsprint-cluster on 2 threads >= 30k articles/s; in pairs, >= 30x sklearn-tfidf-nn and"
echo ">= 100x npm-minhash.  The clean rows' own target (an earlier issue): >= 200 MB/s on one core."
if [ -s "$PAIRS" ]; then
    echo
    echo "Peers in pairs: each peer run followed at once by a run of the newsprint row it is set against,"
    echo "so a host that speeds up or slows down over the peers' minutes moves both sides of a pair:"
    awk -F '\t' '{ printf "  %s / %s: %s pairs, median ratio %.2fx by wall (%s), %.2fx by CPU seconds\n",
        $1, $2, $3, $4, $6, $5 }' "$PAIRS"
fi
