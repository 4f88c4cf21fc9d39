#!/usr/bin/env python3
"""Split `newsprint clean --format jsonl` output (stdin) into OUTDIR/<id>.txt,
paragraphs joined with a blank line.  Usage: newsprint_txt.py OUTDIR"""
import json
import os
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    rec = json.loads(line)
    with open(os.path.join(out, rec["id"] + ".txt"), "w", encoding="utf-8") as f:
        f.write("\n\n".join(rec.get("paragraphs") or []))
