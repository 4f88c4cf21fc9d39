#!/usr/bin/env python3
"""peer_strip.py INPUT...: the cheap side-by-side baseline for bench/run.sh.

There is no standard Debian tool that removes boilerplate from plain-text
news, so the baseline is the least a cleaner must do: decode each JSONL
line (or read each text file of a directory), split the text into lines,
strip them, collapse inner whitespace, drop the empty ones, and print one
JSON object a line ({"id", "title", "paragraphs"}).  It does none of
newsprint's work (no boilerplate rules, no language, dates or attribution):
it is a floor for "decode, touch every line, encode", not a competitor.
"""
import json
import os
import sys


def clean(text):
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def main():
    out = sys.stdout
    dumps = json.dumps
    for path in sys.argv[1:]:
        if os.path.isdir(path):
            for name in sorted(os.listdir(path)):
                with open(os.path.join(path, name), encoding="utf-8", errors="replace") as f:
                    text = f.read()
                out.write(dumps({"id": os.path.splitext(name)[0], "title": None,
                                 "paragraphs": clean(text)}) + "\n")
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                if not line.strip():
                    continue
                a = json.loads(line)
                out.write(dumps({"id": a.get("id"), "title": a.get("title"),
                                 "paragraphs": clean(a.get("text") or "")}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
