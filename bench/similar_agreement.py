#!/usr/bin/env python3
"""similar_agreement.py: how often `similar --file` (the query against the
stored answer) agrees with `similar --file --full` (the whole regroup).

usage: similar_agreement.py NEWSPRINT CORPUS.jsonl [--every K] [--workdir DIR]

Takes every K-th article of CORPUS (default 100: 200 of a 20k corpus)
out, adds the rest into a database, then asks both forms about each
article left out and compares: its relation, its copies (the ids of its
family), its story (the ids of the stored articles in it, copies
included) and its storyline's other stories (by their articles' ids
is not possible from the JSON, so by count).  Prints one line per
disagreement, then the counts and each form's total seconds.
"""
import json
import os
import subprocess
import sys
import tempfile
import time


def ask(newsprint, db, path, full):
    cmd = [newsprint, "similar", "--db", db, "--file", path, "--format", "json"]
    if full:
        cmd.append("--full")
    t = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out), time.perf_counter() - t


def summary(doc):
    copies = sorted(r["id"] for r in doc["copies"])
    story = sorted(r["id"] for r in doc["copies"] + doc["same_story"])
    return {
        "relation": doc["article"]["relation"],
        "copies": copies,
        "story": story,
        "storyline": len(doc["same_storyline"]),
    }


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    newsprint, corpus = argv[1], argv[2]
    every = int(argv[argv.index("--every") + 1]) if "--every" in argv else 100
    work = argv[argv.index("--workdir") + 1] if "--workdir" in argv else tempfile.mkdtemp()
    os.makedirs(work, exist_ok=True)
    left, rest = [], []
    with open(corpus, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            (left if n % every == every // 2 else rest).append(line)
    db = os.path.join(work, "rest.db")
    if not os.path.exists(db):
        with open(os.path.join(work, "rest.jsonl"), "w", encoding="utf-8") as f:
            f.writelines(rest)
        subprocess.run([newsprint, "add", "--quiet", "--db", db, os.path.join(work, "rest.jsonl")], check=True)
    agree = {"relation": 0, "copies": 0, "story": 0, "storyline": 0, "all": 0}
    seconds = {"query": 0.0, "full": 0.0}
    for k, line in enumerate(left):
        path = os.path.join(work, "left.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            f.write(line)
        q, tq = ask(newsprint, db, path, False)
        full, tf = ask(newsprint, db, path, True)
        seconds["query"] += tq
        seconds["full"] += tf
        a, b = summary(q), summary(full)
        same = True
        for key in ("relation", "copies", "story", "storyline"):
            if a[key] == b[key]:
                agree[key] += 1
            else:
                same = False
                shown = a[key] if key != "story" else (len(a[key]), len(set(a[key]) & set(b[key])))
                full_shown = b[key] if key != "story" else len(b[key])
                print(f"{q['article']['id']}: {key}: query {shown}, full {full_shown}")
        agree["all"] += same
        sys.stdout.flush()
    n = len(left)
    print(f"{n} articles left out of {len(left) + len(rest)}")
    for key, v in agree.items():
        print(f"  {key:9s} agree {v}/{n}")
    print(f"  seconds: query {seconds['query']:.2f} ({seconds['query'] / n:.3f} each), "
          f"full {seconds['full']:.2f} ({seconds['full'] / n:.3f} each)")


if __name__ == "__main__":
    main(sys.argv)
