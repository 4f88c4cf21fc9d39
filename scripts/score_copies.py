#!/usr/bin/env python3
"""Scores newsprint copy detection against a gencorpus truth file.

  score_copies.py TRUTH.jsonl PRED.jsonl

PRED is `newsprint cluster --format jsonl` output.  A predicted family is
an original with every article whose copy_of names it.  Prints one JSON
line: per-kind recall of gold parent-derivative pairs (reported when both
land in one predicted family), precision over all same-family pairs,
accuracy of the relation kind on found derivatives, and of the original
named for each gold family with derivatives.
"""
import json
import sys
from collections import Counter, defaultdict

KIND = {"exact": "exact", "near": "near", "syndicated": "near", "excerpt": "excerpt", "spun": "rewrite"}


def main():
    truth = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
    pred = {}
    for line in open(sys.argv[2], encoding="utf-8"):
        r = json.loads(line)
        pred[r["id"]] = r
    fam = {t["id"]: t["family"] for t in truth}
    pfam = {i: (r["copy_of"] or i) for i, r in pred.items()}
    members = defaultdict(list)
    for i, f in pfam.items():
        members[f].append(i)
    hits, totals, kind_ok = Counter(), Counter(), Counter()
    for t in truth:
        if not t["parent"]:
            continue
        k = t["kind"]
        totals[k] += 1
        d, p = t["id"], t["parent"]
        if d in pfam and p in pfam and pfam[d] == pfam[p]:
            hits[k] += 1
            if pred[d]["relation"] == KIND[k]:
                kind_ok[k] += 1
    pairs = correct = 0
    for f, ms in members.items():
        n = len(ms)
        if n < 2:
            continue
        by_gold = Counter(fam[m] for m in ms)
        pairs += n * (n - 1) // 2
        correct += sum(c * (c - 1) // 2 for c in by_gold.values())
    gold_fams = defaultdict(list)
    for t in truth:
        gold_fams[t["family"]].append(t["id"])
    orig_ok = orig_total = 0
    for f, ms in gold_fams.items():
        if len(ms) < 2:
            continue
        orig_total += 1
        named = Counter(pfam[m] for m in ms if m in pfam).most_common(1)
        orig_ok += bool(named) and named[0][0] == f
    out = {"recall": {k: round(hits[k] / totals[k], 4) for k in sorted(totals)},
           "kind_accuracy": {k: round(kind_ok[k] / hits[k], 4) if hits[k] else None for k in sorted(totals)},
           "pair_precision": round(correct / pairs, 4) if pairs else None,
           "reported_pairs": pairs,
           "originals_correct": round(orig_ok / orig_total, 4) if orig_total else None,
           "families_with_copies": orig_total}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
