#!/bin/sh
# bench/extraction.sh: main-text extraction quality and speed of
# `newsprint clean` against peer extractors, all on the same pages in the
# same run, all scored by the same scorer.
#
#   sh bench/extraction.sh
#
# Data: $SHARED/data/extraction/html/<id>.html.gz (news pages) and
# $SHARED/data/extraction/ground-truth.json (gold bodies); scorer:
# $SHARED/eval/extraction_score.py --gold (word 4-shingle precision, recall,
# F1).  The pages are unzipped into bench/out/pages/ (gitignored) when
# missing; each tool writes bench/out/extraction/<tool>/<id>.txt.
#
# Peers (run when installed; this script installs nothing):
#   readability-lxml     Debian python3-readability, run by /usr/bin/python3
#                        (bench/extraction_peers/readability_lxml.py)
#   boilerpipe           Debian libboilerpipe-java 1.2.0, ArticleExtractor,
#                        needs javac/java (bench/extraction_peers/Boilerpipe.java,
#                        compiled into bench/out/extraction/classes/)
#   readability.js+jsdom, readability.js+linkedom
#                        npm @mozilla/readability with jsdom or linkedom, from
#                        bench/extraction_peers/package-lock.json
#                        (bench/extraction_peers/readability.js)
#
# Every tool is one process reading all pages one after another (newsprint
# with --threads 1), pinned to one CPU with taskset when it is usable.  The
# seconds are the wall time of that process, startup included (the JVM's and
# node's too), taken by bench/measure.py; newsprint's time covers
# `newsprint clean --format jsonl` writing its JSON lines to a file, not the
# split of those lines into .txt files.  Ratios are newsprint's figure over
# the peer's: F1 ratio above 1 means newsprint scores higher, speed ratio
# above 1 means newsprint is faster.
#
# Environment:
#   SHARED         the shared folder (default ../shared; relative paths are
#                  taken from the repository root)
#   NEWSPRINT      the binary (default build/newsprint)
#   EXTRACT_PIN    CPU list for taskset (default 0; empty: no pinning)
#   EXTRACT_RUNS   timed runs per tool; the median wall time is reported
#                  (default 1; quality is scored on the last run's output)
#   EXTRACT_PEERS  the peers to run, space-separated (default: all of
#                  "readability-lxml boilerpipe readability.js+jsdom
#                  readability.js+linkedom")
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1

SHARED=${SHARED:-../shared}
BIN=${NEWSPRINT:-build/newsprint}
PIN_CPUS=${EXTRACT_PIN-0}
RUNS=${EXTRACT_RUNS:-1}
PEERS=${EXTRACT_PEERS:-"readability-lxml boilerpipe readability.js+jsdom readability.js+linkedom"}
DATA=$SHARED/data/extraction
GOLD=$DATA/ground-truth.json
SCORER=$SHARED/eval/extraction_score.py
HELP=bench/extraction_peers
OUT=bench/out
PAGES=$OUT/pages
WORK=$OUT/extraction
BP_CP=/usr/share/java/boilerpipe.jar:/usr/share/java/nekohtml.jar:/usr/share/java/xercesImpl.jar

if [ ! -d "$SHARED" ] || [ ! -d "$DATA/html" ] || [ ! -f "$GOLD" ] || [ ! -f "$SCORER" ]; then
    echo "extraction: $SHARED with data/extraction/ and eval/extraction_score.py not found; nothing to measure"
    exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
    echo "extraction: python3 not found; the scorer needs it" >&2
    exit 1
fi
if [ ! -x "$BIN" ]; then
    echo "extraction: $BIN not found; build it first with 'make'" >&2
    exit 1
fi

PIN=""
if [ -n "$PIN_CPUS" ]; then
    if command -v taskset >/dev/null 2>&1 && taskset -c "$PIN_CPUS" true 2>/dev/null; then
        PIN="taskset -c $PIN_CPUS"
    else
        echo "extraction: taskset not usable; running unpinned"
    fi
fi

# Pages: unzip whatever is missing.
mkdir -p "$PAGES" "$WORK"
for gz in "$DATA"/html/*.html.gz; do
    [ -f "$gz" ] || continue
    page=$PAGES/$(basename "$gz" .gz)
    if [ ! -s "$page" ]; then
        if ! { gzip -dc "$gz" >"$page.part" && mv "$page.part" "$page"; }; then
            rm -f "$page.part"
            echo "extraction: cannot unzip $gz" >&2
            exit 1
        fi
    fi
done
NPAGES=$(find "$PAGES" -maxdepth 1 -name '*.html' | wc -l | tr -d ' ')
if [ "$NPAGES" -eq 0 ]; then
    echo "extraction: no pages in $DATA/html; nothing to measure"
    exit 0
fi

# Which peers can run.
RUN_PEERS=""
MISSING=""
miss() { MISSING="$MISSING
  $1: $2"; }
have_node_mod() {
    [ -f "$HELP/node_modules/$1/package.json" ]
}
for peer in $PEERS; do
    case $peer in
    readability-lxml)
        if [ -x /usr/bin/python3 ] &&
            /usr/bin/python3 -c 'import readability, lxml.html' 2>/dev/null; then
            RUN_PEERS="$RUN_PEERS $peer"
        else
            miss "$peer" "apt-get install -y python3-readability"
        fi ;;
    boilerpipe)
        if [ -f /usr/share/java/boilerpipe.jar ] && [ -f /usr/share/java/nekohtml.jar ] &&
            [ -f /usr/share/java/xercesImpl.jar ] &&
            command -v java >/dev/null 2>&1 && command -v javac >/dev/null 2>&1; then
            RUN_PEERS="$RUN_PEERS $peer"
        else
            miss "$peer" "apt-get install -y libboilerpipe-java default-jdk-headless"
        fi ;;
    readability.js+jsdom | readability.js+linkedom)
        dom=${peer#readability.js+}
        if command -v node >/dev/null 2>&1 && have_node_mod @mozilla/readability &&
            have_node_mod "$dom"; then
            RUN_PEERS="$RUN_PEERS $peer"
        else
            miss "$peer" "apt-get install -y nodejs npm; (cd $HELP && npm ci)"
        fi ;;
    *)
        miss "$peer" "unknown peer (known: readability-lxml boilerpipe readability.js+jsdom readability.js+linkedom)" ;;
    esac
done
if [ -n "$MISSING" ]; then
    echo "extraction: peers not installed, skipped (install with):$MISSING"
fi

if echo "$RUN_PEERS" | grep -q boilerpipe; then
    mkdir -p "$WORK/classes"
    if ! javac -nowarn -cp "$BP_CP" -d "$WORK/classes" "$HELP/Boilerpipe.java"; then
        echo "extraction: Boilerpipe.java does not compile; skipping boilerpipe" >&2
        RUN_PEERS=$(echo "$RUN_PEERS" | sed 's/ boilerpipe//')
    fi
fi

# median FILE: median of the first column.
median() {
    sort -g "$1" | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2];
                                              else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# run_tool TOOL: RUNS timed runs writing $WORK/TOOL/<id>.txt; prints the
# median wall seconds.  Each run starts from an empty output folder.
run_tool() {
    tool=$1
    dir=$WORK/$tool
    walls=$WORK/$tool.walls
    : >"$walls"
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        rm -rf "$dir"
        mkdir -p "$dir"
        t=$WORK/$tool.time
        case $tool in
        newsprint)
            # shellcheck disable=SC2086
            $PIN python3 bench/measure.py "$t" "$BIN" clean --format jsonl --quiet \
                --threads 1 "$PAGES" >"$WORK/newsprint.jsonl" 2>"$WORK/$tool.err" ;;
        readability-lxml)
            # shellcheck disable=SC2086
            $PIN python3 bench/measure.py "$t" /usr/bin/python3 "$HELP/readability_lxml.py" \
                "$PAGES" "$dir" 2>"$WORK/$tool.err" ;;
        boilerpipe)
            # shellcheck disable=SC2086
            $PIN python3 bench/measure.py "$t" java -cp "$WORK/classes:$BP_CP" Boilerpipe \
                "$PAGES" "$dir" 2>"$WORK/$tool.err" ;;
        readability.js+*)
            # shellcheck disable=SC2086
            $PIN python3 bench/measure.py "$t" node "$HELP/readability.js" "${tool#readability.js+}" \
                "$PAGES" "$dir" 2>"$WORK/$tool.err" ;;
        esac
        rc=$?
        if [ "$rc" -ne 0 ] && [ "$tool" != newsprint ]; then
            echo "extraction: $tool exited $rc (see $WORK/$tool.err)" >&2
        elif [ "$rc" -gt 1 ]; then
            echo "extraction: newsprint exited $rc (see $WORK/$tool.err)" >&2
        fi
        awk '{ print $1 }' "$t" >>"$walls"
        i=$((i + 1))
    done
    if [ "$tool" = newsprint ]; then
        python3 "$HELP/newsprint_txt.py" "$dir" <"$WORK/newsprint.jsonl" || exit 1
    fi
    median "$walls"
}

RES=$WORK/results.tsv
printf 'tool\tprecision\trecall\tf1\tseconds\tpages_per_s\n' >"$RES"
for tool in newsprint $RUN_PEERS; do
    echo "extraction: running $tool on $NPAGES pages" >&2
    secs=$(run_tool "$tool")
    summary=$(python3 "$SCORER" --gold "$GOLD" "$WORK/$tool" | tail -n 1)
    # precision, recall, f1 from the scorer's JSON summary line.
    echo "$summary" | python3 -c '
import json, sys
s = json.loads(sys.stdin.read())
tool, secs, n = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
print("%s\t%.4f\t%.4f\t%.4f\t%.3f\t%.1f" % (tool, s["precision"], s["recall"], s["f1"],
                                          secs, n / secs if secs > 0 else 0))
' "$tool" "$secs" "$NPAGES" >>"$RES" || {
        echo "extraction: scoring $tool failed: $summary" >&2
        exit 1
    }
done

echo
echo "Main-text extraction, $NPAGES pages ($DATA), one process per tool, single-threaded${PIN:+, $PIN}; median of $RUNS run(s)."
echo
awk -F '\t' '
NR == 1 { next }
NR == 2 { nf1 = $4; nps = $6 }
{ row[NR] = $0; f1[NR] = $4; ps[NR] = $6; name[NR] = $1; p[NR] = $2; r[NR] = $3; s[NR] = $5 }
END {
    print "| tool | precision | recall | F1 | seconds | pages/s | newsprint/peer F1 | newsprint/peer speed |"
    print "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for (i = 2; i <= NR; i++) {
        if (i == 2) { rf = "-"; rs = "-" }
        else {
            rf = (f1[i] > 0) ? sprintf("%.2f", nf1 / f1[i]) : "n/a"
            rs = (ps[i] > 0) ? sprintf("%.1fx", nps / ps[i]) : "n/a"
        }
        printf "| %s | %.4f | %.4f | %.4f | %.2f | %.1f | %s | %s |\n", name[i], p[i], r[i], f1[i], s[i], ps[i], rf, rs
    }
}' "$RES"
echo
echo "extraction: results in $RES; per-tool outputs in $WORK/<tool>/"
