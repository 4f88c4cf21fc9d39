#!/usr/bin/env python3
"""Scores newsprint's storylines against labels a storyline must not cross.

  score_storylines.py GOLD.jsonl PRED.jsonl [--key category] [--shared DIR]

GOLD is JSONL with "id" and a label (--key: the BBC set's `category`,
ECB+'s `topic`): subjects far enough apart that no storyline should hold
two of them.  PRED is `newsprint cluster --format jsonl` output (its
"story" and "storyline" fields).  Each story takes the label most of its
articles have (the least label on a tie).  Prints one JSON line:

  stories, storylines, storylines_multi (those of more than one story),
  largest (stories in the largest storyline), sizes (storyline size ->
  how many storylines of it), pairs (story pairs put in one storyline),
  cross_pairs and cross_share (those of them whose labels differ),
  crossing (storylines holding more than one label), and, when --shared
  names ../shared, the storylines' B-cubed P/R/F1 against the label
  (../shared/eval/score.py, articles, --pred-key storyline).
"""
import argparse
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("pred")
    ap.add_argument("--key", default="category")
    ap.add_argument("--shared", default=None)
    a = ap.parse_args()
    label = {str(r["id"]): str(r[a.key]) for r in read_jsonl(a.gold)}
    story_labels = defaultdict(Counter)
    line_of = {}
    for r in read_jsonl(a.pred):
        if r["id"] not in label:
            continue
        story_labels[r["story"]][label[r["id"]]] += 1
        line_of[r["story"]] = r["storyline"]
    story_label = {k: min(c.items(), key=lambda x: (-x[1], x[0]))[0] for k, c in story_labels.items()}
    lines = defaultdict(Counter)
    for k, l in line_of.items():
        lines[l][story_label[k]] += 1
    pairs = cross = 0
    crossing = 0
    for c in lines.values():
        n = sum(c.values())
        same = sum(m * (m - 1) // 2 for m in c.values())
        pairs += n * (n - 1) // 2
        cross += n * (n - 1) // 2 - same
        crossing += len(c) > 1
    size = Counter(sum(c.values()) for c in lines.values())
    out = {
        "stories": len(line_of),
        "storylines": len(lines),
        "storylines_multi": sum(v for s, v in size.items() if s > 1),
        "largest": max(size) if size else 0,
        "sizes": {str(s): size[s] for s in sorted(size)},
        "pairs": pairs,
        "cross_pairs": cross,
        "cross_share": cross / pairs if pairs else 0.0,
        "crossing": crossing,
    }
    if a.shared:
        r = subprocess.run([sys.executable, os.path.join(a.shared, "eval", "score.py"), "cluster", a.gold, a.pred,
                            "--gold-key", a.key, "--pred-key", "storyline"], capture_output=True, text=True)
        s = json.loads(r.stdout)
        out.update({"bcubed_p": s["bcubed_p"], "bcubed_r": s["bcubed_r"], "bcubed_f1": s["bcubed_f1"]})
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
