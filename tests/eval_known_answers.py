#!/usr/bin/env python3
"""Known-answer tests of the scorers `make eval` relies on: ../shared/eval
(score.py cluster and pairs, extraction_score.py), scripts/score_copies.py,
scripts/score_dups.py and scripts/score_storylines.py, each run on a tiny input whose answer is worked
out by hand below.
Prints PASS/FAIL lines; SKIP when ../shared is absent."""
import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
TMP = tempfile.mkdtemp(prefix="np-known-")
atexit.register(shutil.rmtree, TMP, True)  # it was left behind


def write(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def run(args):
    r = subprocess.run([sys.executable] + args, capture_output=True, text=True)
    return json.loads(r.stdout.strip().splitlines()[-1])


def check(name, got, want):
    bad = {k: (got.get(k), v) for k, v in want.items() if abs((got.get(k) or 0) - v) > 1e-3}
    print(("PASS eval/%s" % name) if not bad else ("FAIL eval/%s: got/want %s" % (name, bad)))


def paraphrase_model_known_answers():
    """scripts/paraphrase_model.py (the MRPC row's model) on data worked out by hand."""
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import paraphrase_model
    # a system whose answer is known: [[2, 1], [1, 3]] x = [3, 5] -> x = (0.8, 1.4)
    x = paraphrase_model._solve([[2.0, 1.0], [1.0, 3.0]], [3.0, 5.0])
    check("paraphrase-model-solve", {"x0": x[0], "x1": x[1]}, {"x0": 0.8, "x1": 1.4})
    # labels 1 above 0.5 on the first feature, points mirrored about 0.5 with
    # their labels flipped, the second feature noise alike in both labels: by
    # symmetry the model is even at 0.5 and gives the noise no weight; far
    # from 0.5 it is sure (the penalty keeps it from 0 and 1 exactly)
    xs = [[(v + 0.5) / 10.0, n] for v in range(10) for n in (0.0, 1.0)]
    ys = [int(x[0] > 0.5) for x in xs]
    model = paraphrase_model.fit(xs, ys)
    low, high = paraphrase_model.probability(model, [0.0, 0.5]), paraphrase_model.probability(model, [1.0, 0.5])
    check("paraphrase-model-fit", {"middle": paraphrase_model.probability(model, [0.5, 0.5]),
                                    "noise": model[2][1], "sure": int(low < 0.05 and high > 0.95)},
          {"middle": 0.5, "noise": 0.0, "sure": 1})


def main():
    paraphrase_model_known_answers()
    if not os.path.isfile(os.path.join(SHARED, "eval", "score.py")):
        print("SKIP eval/known-answers: ../shared/eval is absent")
        return
    score = os.path.join(SHARED, "eval", "score.py")
    # gold {a,b} {c,d}; predicted {a,b,c} {d}
    # B-cubed P = (2/3 + 2/3 + 1/3 + 1)/4 = 2/3; R = (1 + 1 + 1/2 + 1/2)/4 = 3/4; F1 = 12/17
    # pairs: true 1 (a-b) of 3 predicted and 2 gold: P 1/3, R 1/2, F 0.4;
    # ARI: expected 3*2/6 = 1 = tp, so 0
    gold = write("gold.jsonl", "".join(json.dumps({"id": i, "event": e}) + "\n"
                                       for i, e in (("a", "X"), ("b", "X"), ("c", "Y"), ("d", "Y"))))
    pred = write("pred.jsonl", "".join(json.dumps({"id": i, "story": s}) + "\n"
                                       for i, s in (("a", "1"), ("b", "1"), ("c", "1"), ("d", "2"))))
    check("cluster", run([score, "cluster", gold, pred]),
          {"bcubed_p": 2 / 3, "bcubed_r": 0.75, "bcubed_f1": 12 / 17, "pairwise_p": 1 / 3,
           "pairwise_r": 0.5, "pairwise_f1": 0.4, "ari": 0.0})
    # perfect clustering: everything 1
    same = write("same.jsonl", open(gold, encoding="utf-8").read().replace('"event"', '"story"'))
    check("cluster-perfect", run([score, "cluster", gold, same]),
          {"bcubed_f1": 1.0, "pairwise_f1": 1.0, "ari": 1.0, "nmi": 1.0})
    # pairs: tp, fp, fn, tn one each
    tsv = write("pairs.tsv", "Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\n1\ta\tb\tx\ty\n0\tc\td\tx\ty\n"
                             "1\te\tf\tx\ty\n0\tg\th\tx\ty\n")
    ppred = write("pairs.pred", "a\tb\t1\nc\td\t1\ne\tf\t0\ng\th\t0\n")
    check("pairs", run([score, "pairs", tsv, ppred]),
          {"accuracy": 0.5, "precision": 0.5, "recall": 0.5, "f1": 0.5})
    # extraction: 5 gold tokens give two 4-shingles; one shared
    truth = write("truth.json", json.dumps({"p1": {"articleBody": "one two three four five", "url": "u"},
                                            "p2": {"articleBody": "alpha beta gamma delta", "url": "v"}}))
    out = os.path.join(TMP, "out")
    os.makedirs(out)
    write("out/p1.txt", "one two three four six")
    write("out/p2.txt", "alpha beta gamma delta")
    check("extraction", run([os.path.join(SHARED, "eval", "extraction_score.py"), "--gold", truth, out]),
          {"precision": 0.75, "recall": 0.75, "f1": 0.75, "accuracy": 0.5})
    # score_copies: family o with an exact copy e and a spun copy s; n is an
    # original of its own.  Predicted: e copies o, s missed, n wrongly copies o.
    truth = write("truth.jsonl", "".join(json.dumps(t) + "\n" for t in (
        {"id": "o", "family": "o", "kind": "original", "parent": None},
        {"id": "e", "family": "o", "kind": "exact", "parent": "o"},
        {"id": "s", "family": "o", "kind": "spun", "parent": "o"},
        {"id": "n", "family": "n", "kind": "original", "parent": None})))
    cpred = write("copies.jsonl", "".join(json.dumps(p) + "\n" for p in (
        {"id": "o", "relation": "original", "copy_of": None},
        {"id": "e", "relation": "exact", "copy_of": "o"},
        {"id": "s", "relation": "report", "copy_of": None},
        {"id": "n", "relation": "near", "copy_of": "o"})))
    got = run([os.path.join(ROOT, "scripts", "score_copies.py"), truth, cpred])
    # predicted family {o, e, n}: 3 pairs, 1 right (o-e)
    flat = {"exact": got["recall"]["exact"], "spun": got["recall"]["spun"],
            "pair_precision": got["pair_precision"], "originals_correct": got["originals_correct"]}
    check("score-copies", flat, {"exact": 1.0, "spun": 0.0, "pair_precision": 1 / 3,
                                 "originals_correct": 1.0})
    # score_dups: listed pairs a-b (identical), a-c (near), d-e (partial).
    # Predicted: b and c copy a (one family), e reports in d's story, and f
    # copies d (a link outside every listed group).
    pairs = write("dups.tsv", "id1\tid2\tjaccard\tcontainment\n"
                  "a\tb\t1.000\t1.000\na\tc\t0.700\t0.800\nd\te\t0.200\t0.600\n")
    dpred = write("dups.jsonl", "".join(json.dumps(p) + "\n" for p in (
        {"id": "a", "story": "s1", "copy_of": None}, {"id": "b", "story": "s1", "copy_of": "a"},
        {"id": "c", "story": "s1", "copy_of": "a"}, {"id": "d", "story": "s2", "copy_of": None},
        {"id": "e", "story": "s2", "copy_of": None}, {"id": "f", "story": "s2", "copy_of": "d"})))
    got = run([os.path.join(ROOT, "scripts", "score_dups.py"), pairs, dpred])
    k = got["kinds"]
    check("score-dups", {"identical": k["identical"]["copy_recall"], "near": k["near"]["copy_recall"],
                         "partial": k["partial"]["copy_recall"], "partial_story": k["partial"]["story_recall"],
                         "links": got["copy_links"], "outside": got["outside_groups"]},
          {"identical": 1.0, "near": 1.0, "partial": 0.0, "partial_story": 1.0, "links": 3, "outside": 1})
    # score_storylines: labels a1 a2 x, a3 a4 y, a5 x, a6 x, a7 y.  Stories
    # s1 {a1,a2} x, s2 {a3} y, s3 {a4} y, s4 {a5} x, s5 {a6,a7} x (a tie:
    # the lesser label); storylines l1 {s1,s2,s4}: 3 pairs, 2 across
    # (s1-s2, s2-s4); l2 {s3,s5}: 1 pair, across.  4 pairs, 3 across, both
    # storylines cross, the largest 3 stories.  B-cubed against the label,
    # articles l1 {a1,a2,a5 x; a3 y}, l2 {a4,a7 y; a6 x}:
    # P = (3 * 3/4 + 1/4 + 2 * 2/3 + 1/3) / 7 = 25/42
    lgold = write("lines-gold.jsonl", "".join(json.dumps({"id": i, "category": c}) + "\n" for i, c in (
        ("a1", "x"), ("a2", "x"), ("a3", "y"), ("a4", "y"), ("a5", "x"), ("a6", "x"), ("a7", "y"))))
    lpred = write("lines.jsonl", "".join(json.dumps({"id": i, "story": k, "storyline": l}) + "\n"
                                         for i, k, l in (("a1", "s1", "l1"), ("a2", "s1", "l1"), ("a3", "s2", "l1"),
                                                         ("a4", "s3", "l2"), ("a5", "s4", "l1"), ("a6", "s5", "l2"),
                                                         ("a7", "s5", "l2"))))
    got = run([os.path.join(ROOT, "scripts", "score_storylines.py"), lgold, lpred, "--shared", SHARED])
    check("score-storylines", got, {"stories": 5, "storylines": 2, "storylines_multi": 2, "largest": 3,
                                     "pairs": 4, "cross_pairs": 3, "cross_share": 0.75, "crossing": 2,
                                     "bcubed_p": 25 / 42})


if __name__ == "__main__":
    main()
