#!/usr/bin/env python3
"""split_text.py CORPUS N OUTDIR: the first N articles of a JSONL corpus as text files.

Writes OUTDIR/00001.txt ... (the "text" field only, UTF-8, as in the
corpus) into OUTDIR.tmp and renames it into place, so OUTDIR is either
complete or absent.  Used by bench/run.sh for the text-input benchmark.
"""
import json
import os
import shutil
import sys


def main():
    if len(sys.argv) != 4:
        sys.stderr.write("usage: split_text.py CORPUS N OUTDIR\n")
        return 2
    corpus, n, outdir = sys.argv[1], int(sys.argv[2]), sys.argv[3].rstrip("/")
    tmp = outdir + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    written = 0
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            if written == n:
                break
            if not line.strip():
                continue
            text = json.loads(line)["text"]
            written += 1
            with open(os.path.join(tmp, "%05d.txt" % written), "w", encoding="utf-8") as out:
                out.write(text)
                if not text.endswith("\n"):
                    out.write("\n")
    if written != n:
        sys.stderr.write("split_text.py: %s has only %d articles\n" % (corpus, written))
        shutil.rmtree(tmp)
        return 1
    shutil.rmtree(outdir, ignore_errors=True)
    os.rename(tmp, outdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
