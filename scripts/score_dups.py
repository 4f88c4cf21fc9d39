#!/usr/bin/env python3
"""Scores newsprint on duplicate pairs found in a real corpus.

  score_dups.py PAIRS.tsv PRED.jsonl

PAIRS is a TSV with the header `id1 id2 jaccard containment` (the layout of
../shared/data/news/internal_duplicates.tsv: every pair over a shingle
Jaccard or containment threshold).  A pair is `identical` (Jaccard 1),
`near` (Jaccard 0.5 or more) or `partial` (less: a follow-up reusing
paragraphs).  PRED is `newsprint cluster --format jsonl` output; an article's
family is the original its copy_of names, or itself.  Prints one JSON line:
per kind, the pairs found in one family (a copy relation) and in one story;
and the copy links whose two articles are in no labelled group together
(copies the threshold did not list: rewrites, or mistakes).
"""
import json
import sys


def kind(jaccard):
    return "identical" if jaccard >= 0.9995 else "near" if jaccard >= 0.5 else "partial"


def main():
    pairs = []
    with open(sys.argv[1], encoding="utf-8") as f:
        for n, line in enumerate(f):
            p = line.rstrip("\n").split("\t")
            if n == 0 or len(p) < 4:
                continue
            pairs.append((p[0], p[1], float(p[2])))
    pred = {}
    for line in open(sys.argv[2], encoding="utf-8"):
        r = json.loads(line)
        pred[r["id"]] = r
    group = {}

    def root(x):
        while group.get(x, x) != x:
            x = group[x]
        return x

    for a, b, _ in pairs:
        group[root(a)] = root(b)
    family = {i: r.get("copy_of") or i for i, r in pred.items()}
    kinds = {k: {"pairs": 0, "copy": 0, "story": 0} for k in ("identical", "near", "partial")}
    for a, b, j in pairs:
        k = kinds[kind(j)]
        k["pairs"] += 1
        if a in pred and b in pred:
            k["copy"] += family[a] == family[b]
            k["story"] += pred[a].get("story") == pred[b].get("story")
    links = [(i, r["copy_of"]) for i, r in pred.items() if r.get("copy_of")]
    outside = [l for l in links if root(l[0]) != root(l[1])]
    for k in kinds.values():
        k["copy_recall"] = k["copy"] / k["pairs"] if k["pairs"] else None
        k["story_recall"] = k["story"] / k["pairs"] if k["pairs"] else None
    print(json.dumps({"pairs": len(pairs), "kinds": kinds, "copy_links": len(links),
                      "outside_groups": len(outside), "outside": outside[:20]}))


if __name__ == "__main__":
    main()
