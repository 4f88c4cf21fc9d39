#!/bin/sh
# `make demo`: newsprint on the bundled example corpus (examples/).
set -eu
bin=${1:-build/newsprint}
cd "$(dirname "$0")/.."
echo "newsprint demo: cleaning the $(ls examples/articles | wc -l) text articles and"
echo "$(grep -c . examples/corpus.jsonl) JSONL records of examples/ (fictional news written for this project)."
echo
echo "\$ newsprint clean --format summary examples/"
"$bin" clean --format summary examples/
echo
echo "One article, line by line, with the kind each line was given (body lines kept):"
echo "\$ newsprint clean --explain examples/articles/05-harborton-strike-harbor-daily.txt"
"$bin" clean --explain examples/articles/05-harborton-strike-harbor-daily.txt | cut -c1-110
echo
echo "Next: 'newsprint clean --format jsonl examples/' for machine-readable output,"
echo "      'newsprint --help' for all commands, examples/TRUTH.md for what each article is."
