#!/bin/sh
# `make demo`: newsprint on the bundled example corpus (examples/).
set -eu
bin=${1:-build/newsprint}
cd "$(dirname "$0")/.."
# fit WIDTH: each line cut to WIDTH columns at a word, an ellipsis after
# what was cut (cut -c left "… during morning rush, " and a word's half
# unmarked, as if the report ended there)
fit() {
    awk -v width="$1" '{
        if (length($0) <= width) { print; next }
        s = substr($0, 1, width - 1)
        sub(/[ ,;:]*[^ ]*$/, "", s)
        print s "\342\200\246"
    }'
}
echo "newsprint demo: $(ls examples/articles | wc -l) text articles and $(grep -c . examples/corpus.jsonl) JSONL records"
echo "in examples/ (fictional news written for this project; docs/examples-truth.md says what each is)."
echo
echo "1. Copies, originals, stories and storylines:"
echo "\$ newsprint cluster examples/"
"$bin" cluster examples/ | fit 120
echo "2. What cleaning kept of each article:"
echo "\$ newsprint clean --format summary examples/"
"$bin" clean --format summary examples/ | fit 120
echo
echo "3. One article line by line, with the kind each line was given:"
echo "\$ newsprint clean --explain examples/articles/05-harborton-strike-harbor-daily.txt"
"$bin" clean --explain examples/articles/05-harborton-strike-harbor-daily.txt | sed -n '9,$p' | fit 110
echo
echo "Next: 'newsprint cluster --format jsonl --explain examples/' for machine-readable answers"
echo "with evidence; 'newsprint add --db news.db examples/' then 'newsprint serve --db news.db'"
echo "and http://127.0.0.1:8080/ to browse stories and copies; 'newsprint --help' for all commands."
