#!/usr/bin/env python3
"""`make eval`: newsprint's answers scored on the labelled sets in ../shared.

  python3 scripts/eval.py [BIN]       (BIN defaults to build/newsprint)

Environment: EVAL_N (gencorpus size, default 20000; the issue's figure is
200000), EVAL_SETS (comma list of seeds,ecbplus,googlenews,mrpc,extraction,
bbcdups,storylines,crosslang,gencorpus,pages; all by default; EVAL_HTML_N the size
of the pages corpus, default 20000).  Prints one markdown table; the scorers are ../shared/eval.
Skips, saying so, when ../shared is absent.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("NP_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))
BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "newsprint"))
TMP = tempfile.mkdtemp(prefix="np-eval-")
rows = []


def run_cluster(inputs, out, params=(), flags=()):
    args = [BIN, "cluster", "--format", "jsonl", "--quiet", "-o", out] + list(flags)
    for p in params:
        args += ["--param", p]
    start = time.time()
    subprocess.run(args + list(inputs), check=False)
    return time.time() - start


def score_clusters(gold, pred):
    r = subprocess.run([sys.executable, os.path.join(SHARED, "eval", "score.py"), "cluster", gold, pred,
                        "--gold-key", "event", "--pred-key", "story"], capture_output=True, text=True)
    return json.loads(r.stdout)


def seeds():
    pred = os.path.join(TMP, "seeds.jsonl")
    run_cluster([os.path.join(SHARED, "data", "seeds")], pred)
    got = {}
    for line in open(pred, encoding="utf-8"):
        r = json.loads(line)
        got[r["id"][:3]] = r
    checks = [
        ("000-003 one story", len({got[k]["story"] for k in ("000", "001", "002", "003")}) == 1),
        ("004 another story", got["004"]["story"] != got["001"]["story"]),
        ("004 same storyline", got["004"]["storyline"] == got["001"]["storyline"]),
        ("000 rewrite of 001", got["000"]["relation"] == "rewrite" and got["000"]["copy_of"] == got["001"]["id"]),
        ("001 original", got["001"]["relation"] == "original"),
        ("002 003 004 reports", all(got[k]["relation"] == "report" for k in ("002", "003", "004"))),
        ("000 date 2021-11-30", got["000"]["date"] == "2021-11-30"),
        ("004 source nbcnews.com", got["004"]["source"] == "nbcnews.com"),
    ]
    for name, ok in checks:
        rows.append(("seeds", name, "pass" if ok else "FAIL", ""))


def ecbplus():
    gold = os.path.join(SHARED, "data", "ecbplus", "dev.jsonl")
    pred = os.path.join(TMP, "ecb.jsonl")
    secs = run_cluster([gold], pred)
    s = score_clusters(gold, pred)
    rows.append(("ECB+ dev (772 docs, 66 events)", "B3 P / R / F1",
                 "%.4f / %.4f / %.4f" % (s["bcubed_p"], s["bcubed_r"], s["bcubed_f1"]), "target F1 >= 0.95"))
    rows.append(("", "pairwise F1, ARI, NMI", "%.4f, %.4f, %.4f" % (s["pairwise_f1"], s["ari"], s["nmi"]),
                 "%d stories, %.1f s" % (s["pred_clusters"], secs)))


def googlenews():
    gold = os.path.join(SHARED, "data", "googlenews", "headlines.jsonl")
    pred = os.path.join(TMP, "gn.jsonl")
    secs = run_cluster([gold], pred)
    s = score_clusters(gold, pred)
    rows.append(("Google News headlines (11,109, 152 stories)", "NMI, B3 F1",
                 "%.4f, %.4f" % (s["nmi"], s["bcubed_f1"]), "target NMI >= 0.90; %d stories, %.1f s"
                 % (s["pred_clusters"], secs)))


def mrpc():
    """`newsprint compare --pairs` on MRPC train, 10-fold cross-validation on train
    only: a logistic model of compare's measures (scripts/paraphrase_model.py) learned
    on nine folds judges the tenth; the baseline, a threshold on `overlap` chosen on
    the nine folds, is printed beside it."""
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import paraphrase_model
    gold_path = os.path.join(SHARED, "data", "mrpc", "train.tsv")
    out = os.path.join(TMP, "mrpc.jsonl")
    start = time.time()
    with open(out, "w", encoding="utf-8") as f:
        subprocess.run([BIN, "compare", "--pairs", gold_path], stdout=f, check=False)
    secs = time.time() - start
    labels = {}
    with open(gold_path, encoding="utf-8") as f:
        for n, line in enumerate(f):
            p = line.rstrip("\n").split("\t")
            if n == 0 or len(p) < 5:
                continue
            labels[(p[1], p[2])] = int(p[0])
    scored = []
    for line in open(out, encoding="utf-8"):
        r = json.loads(line)
        scored.append((r["id1"], r["id2"], r["overlap"], paraphrase_model.features(r)))
    folds = 10
    predicted, baseline = [], 0
    for k in range(folds):
        train = [s for i, s in enumerate(scored) if i % folds != k]
        test = [s for i, s in enumerate(scored) if i % folds == k]
        best_t, best_acc = 0.0, -1.0
        for t in sorted({s[2] for s in train}):
            acc = sum((s[2] >= t) == (labels[(s[0], s[1])] == 1) for s in train)
            if acc > best_acc:
                best_t, best_acc = t, acc
        baseline += sum((s[2] >= best_t) == (labels[(s[0], s[1])] == 1) for s in test)
        model = paraphrase_model.fit([s[3] for s in train], [labels[(s[0], s[1])] for s in train])
        predicted += [(s[0], s[1], int(paraphrase_model.probability(model, s[3]) >= 0.5)) for s in test]
    pred = os.path.join(TMP, "mrpc.pred.jsonl")
    with open(pred, "w", encoding="utf-8") as f:
        for a, b, lab in predicted:
            f.write(json.dumps({"id1": a, "id2": b, "label": lab}) + "\n")
    r = subprocess.run([sys.executable, os.path.join(SHARED, "eval", "score.py"), "pairs", gold_path, pred],
                       capture_output=True, text=True)
    s = json.loads(r.stdout)
    rows.append(("MRPC train (%d pairs), 10-fold CV" % len(scored), "accuracy, F1",
                 "%.4f, %.4f" % (s["accuracy"], s["f1"]),
                 "target accuracy >= 0.80; threshold on overlap alone %.4f; %.1f s"
                 % (baseline / len(scored), secs)))


def extraction():
    """`newsprint clean` on the news pages of ../shared/data/extraction, body
    text scored against the gold with ../shared/eval/extraction_score.py."""
    import gzip
    src = os.path.join(SHARED, "data", "extraction")
    pages = os.path.join(TMP, "pages")
    outdir = os.path.join(TMP, "pages-out")
    os.makedirs(pages, exist_ok=True)
    os.makedirs(outdir, exist_ok=True)
    n = 0
    for name in sorted(os.listdir(os.path.join(src, "html"))):
        if not name.endswith(".html.gz"):
            continue
        with gzip.open(os.path.join(src, "html", name)) as f, open(os.path.join(pages, name[:-3]), "wb") as g:
            g.write(f.read())
        n += 1
    start = time.time()
    r = subprocess.run([BIN, "clean", "--format", "jsonl", "--quiet", "--threads", "1", pages],
                       capture_output=True, text=True)
    secs = time.time() - start
    for line in r.stdout.splitlines():
        a = json.loads(line)
        with open(os.path.join(outdir, a["id"] + ".txt"), "w", encoding="utf-8") as f:
            f.write("\n\n".join(a["paragraphs"]))
    r = subprocess.run([sys.executable, os.path.join(SHARED, "eval", "extraction_score.py"), "--gold",
                        os.path.join(src, "ground-truth.json"), outdir], capture_output=True, text=True)
    s = json.loads(r.stdout.strip().splitlines()[-1])
    rows.append(("extraction (%d news pages, gold body)" % n, "precision / recall / F1",
                 "%.4f / %.4f / %.4f" % (s["precision"], s["recall"], s["f1"]),
                 "%d empty; %.1f s on one thread, %d pages/s" % (s["empty"], secs, n / secs if secs else 0)))


def bbcdups():
    """The BBC articles' own duplicate pairs (../shared/data/news: same story
    filed twice, updated versions, follow-ups reusing paragraphs), found by
    `newsprint cluster` on all 2,225 articles."""
    src = os.path.join(SHARED, "data", "news")
    pred = os.path.join(TMP, "bbc.jsonl")
    secs = run_cluster([os.path.join(src, "articles.jsonl")], pred)
    r = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "score_dups.py"),
                        os.path.join(src, "internal_duplicates.tsv"), pred], capture_output=True, text=True)
    s = json.loads(r.stdout)
    k = s["kinds"]
    rows.append(("BBC news duplicates (%d real pairs in 2,225 articles)" % s["pairs"],
                 "copy found: identical / near / partial",
                 " / ".join("%d of %d" % (k[x]["copy"], k[x]["pairs"]) for x in ("identical", "near", "partial")),
                 "same story: %d of %d" % (sum(v["story"] for v in k.values()), s["pairs"])))
    rows.append(("", "copy links outside the listed groups", "%d of %d" % (s["outside_groups"], s["copy_links"]),
                 "rewrites the shingle threshold does not list; %.1f s" % secs))


def storylines():
    """Storylines against labels a storyline must not cross
    (scripts/score_storylines.py): the BBC set's categories (no dates: every
    story is in every other's window) and ECB+ dev's topics (a topic's two
    sub-events may share a storyline, two topics may not)."""
    score = os.path.join(ROOT, "scripts", "score_storylines.py")
    for name, gold, key in (("bbc", os.path.join(SHARED, "data", "news", "articles.jsonl"), "category"),
                            ("ecb", os.path.join(SHARED, "data", "ecbplus", "dev.jsonl"), "topic")):
        pred = os.path.join(TMP, "storylines-%s.jsonl" % name)
        secs = run_cluster([gold], pred)
        r = subprocess.run([sys.executable, score, gold, pred, "--key", key, "--shared", SHARED],
                           capture_output=True, text=True)
        s = json.loads(r.stdout)
        if name == "bbc":
            rows.append(("BBC news storylines (2,225 articles, no dates; 5 categories)",
                         "story pairs of one storyline across categories",
                         "%d of %d (%.4f)" % (s["cross_pairs"], s["pairs"], s["cross_share"]),
                         "largest %d stories; %d storylines, %d of more than one story; %.1f s"
                         % (s["largest"], s["storylines"], s["storylines_multi"], secs)))
        else:
            rows.append(("ECB+ dev storylines (%d topics)" % len({r["topic"] for r in map(json.loads, open(gold))}),
                         "storylines across topics; B3 P / R / F1 against topic",
                         "%d; %.4f / %.4f / %.4f" % (s["crossing"], s["bcubed_p"], s["bcubed_r"], s["bcubed_f1"]),
                         "%d storylines, %d of more than one story, largest %d"
                         % (s["storylines"], s["storylines_multi"], s["largest"])))


def crosslang():
    """ECB+ dev with a fifth of its documents in a made-up language
    (scripts/made_up_language.py: names and numbers kept, every other word
    changed): the stories across languages."""
    gold = os.path.join(SHARED, "data", "ecbplus", "dev.jsonl")
    corpus = os.path.join(TMP, "ecb-made-up.jsonl")
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "made_up_language.py"), gold, corpus,
                    "--share", "0.2", "--seed", "1"], check=True, capture_output=True)
    pred = os.path.join(TMP, "ecb-made-up-pred.jsonl")
    secs = run_cluster([corpus], pred)
    s = score_clusters(gold, pred)
    docs = [json.loads(line) for line in open(corpus, encoding="utf-8")]
    made_up = {d["id"] for d in docs if d.get("lang") == "de"}
    event = {d["id"]: d["event"] for d in docs}
    members = {}
    for line in open(pred, encoding="utf-8"):
        r = json.loads(line)
        members.setdefault(r["story"], []).append(r["id"])
    right = wrong = 0
    for ids in members.values():
        english = [event[i] for i in ids if i not in made_up]
        if not english:
            continue
        main_event = max(sorted(set(english)), key=english.count)
        for i in ids:
            if i in made_up:
                right += event[i] == main_event
                wrong += event[i] != main_event
    rows.append(("ECB+ dev, %d of 772 docs in a made-up language" % len(made_up), "B3 P / R / F1",
                 "%.4f / %.4f / %.4f" % (s["bcubed_p"], s["bcubed_r"], s["bcubed_f1"]),
                 "stories across languages (names and numbers only); %.1f s" % secs))
    rows.append(("", "made-up docs with their event's English docs / with another's",
                 "%d / %d of %d" % (right, wrong, len(made_up)), "the rest in stories of made-up docs alone"))


def gencorpus():
    n = int(os.environ.get("EVAL_N", "20000"))
    corpus = os.path.join(TMP, "news-%d.jsonl" % n)
    truth = os.path.join(TMP, "news-%d.truth.jsonl" % n)
    subprocess.run([sys.executable, os.path.join(SHARED, "bench", "gencorpus.py"), "--n", str(n), "--seed", "1",
                    "--out", corpus, "--truth", truth, "--quiet"], check=True)
    pred = os.path.join(TMP, "gen.jsonl")
    secs = run_cluster([corpus], pred)
    r = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "score_copies.py"), truth, pred],
                       capture_output=True, text=True)
    s = json.loads(r.stdout)
    label = "gencorpus --n %d --seed 1" % n
    rec = s["recall"]
    rows.append((label, "recall exact / near / syndicated",
                 "%.4f / %.4f / %.4f" % (rec["exact"], rec["near"], rec["syndicated"]), "target >= 0.99"))
    rows.append(("", "recall excerpt / spun", "%.4f / %.4f" % (rec["excerpt"], rec["spun"]), "target >= 0.95"))
    rows.append(("", "pair precision", "%.4f" % s["pair_precision"],
                 "target >= 0.99; %d pairs reported" % s["reported_pairs"]))
    rows.append(("", "originals correct", "%.4f" % s["originals_correct"],
                 "target >= 0.98; %d families with copies" % s["families_with_copies"]))
    rows.append(("", "relation kind right (of found)",
                 " / ".join("%s %.3f" % (k, v) for k, v in s["kind_accuracy"].items() if v is not None),
                 "%.1f s, %d articles/s" % (secs, n / secs if secs else 0)))
    # the dedup-only mode without rewrites: what its links find of each kind
    pred = os.path.join(TMP, "gen-no-rewrites.jsonl")
    secs = run_cluster([corpus], pred, flags=("--copies-only", "--no-rewrites"))
    r = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "score_copies.py"), truth, pred],
                       capture_output=True, text=True)
    s = json.loads(r.stdout)
    rec = s["recall"]
    rows.append((label + ", `--copies-only --no-rewrites`", "recall exact / near / syndicated / excerpt",
                 "%.4f / %.4f / %.4f / %.4f" % (rec["exact"], rec["near"], rec["syndicated"], rec["excerpt"]),
                 "rewrites not looked for: spun recall %.4f (what other links catch)" % rec["spun"]))
    rows.append(("", "pair precision, originals correct", "%.4f, %.4f" % (s["pair_precision"], s["originals_correct"]),
                 "%d pairs reported; %.1f s, %d articles/s" % (s["reported_pairs"], secs, n / secs if secs else 0)))


def gencorpus_html():
    """The gencorpus pages (`--html`): the same copies through the page
    cleaner, and the bodies against the truth's gold text, scored with
    ../shared/eval/extraction_score.py."""
    n = int(os.environ.get("EVAL_HTML_N", "20000"))
    corpus = os.path.join(TMP, "pages-%d.jsonl" % n)
    truth = os.path.join(TMP, "pages-%d.truth.jsonl" % n)
    subprocess.run([sys.executable, os.path.join(SHARED, "bench", "gencorpus.py"), "--n", str(n), "--seed", "1",
                    "--html", "--out", corpus, "--truth", truth, "--quiet"], check=True)
    pred = os.path.join(TMP, "gen-pages.jsonl")
    secs = run_cluster([corpus], pred)
    r = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "score_copies.py"), truth, pred],
                       capture_output=True, text=True)
    s = json.loads(r.stdout)
    rec = s["recall"]
    label = "gencorpus --html --n %d --seed 1 (pages)" % n
    rows.append((label, "recall exact / near / syndicated / excerpt / spun",
                 " / ".join("%.4f" % rec[k] for k in ("exact", "near", "syndicated", "excerpt", "spun")),
                 "the text rows' targets"))
    rows.append(("", "pair precision, originals correct", "%.4f, %.4f" % (s["pair_precision"], s["originals_correct"]),
                 "%d pairs reported; %.1f s, %d pages/s" % (s["reported_pairs"], secs, n / secs if secs else 0)))
    # the bodies: the gold is the truth's text (syndicated copies' agency
    # footers included, which the cleaner drops as credits)
    gold = {}
    with open(truth, encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)
            gold[t["id"]] = {"articleBody": t["text"]}
    gold_path = os.path.join(TMP, "pages-gold.json")
    with open(gold_path, "w", encoding="utf-8") as f:
        json.dump(gold, f)
    outdir = os.path.join(TMP, "pages-bodies")
    os.makedirs(outdir, exist_ok=True)
    r = subprocess.run([BIN, "clean", "--format", "jsonl", "--quiet", corpus], capture_output=True, text=True)
    for line in r.stdout.splitlines():
        a = json.loads(line)
        with open(os.path.join(outdir, a["id"] + ".txt"), "w", encoding="utf-8") as f:
            f.write("\n\n".join(a["paragraphs"]))
    r = subprocess.run([sys.executable, os.path.join(SHARED, "eval", "extraction_score.py"), "--gold", gold_path,
                        outdir], capture_output=True, text=True)
    e = json.loads(r.stdout.strip().splitlines()[-1])
    rows.append(("", "body precision / recall / F1 (against the truth's text)",
                 "%.4f / %.4f / %.4f" % (e["precision"], e["recall"], e["f1"]),
                 "%d empty; the gold keeps agency footers" % e["empty"]))


def main():
    if not os.path.isdir(os.path.join(SHARED, "data")):
        print("make eval: skipped: %s/data is absent" % SHARED)
        return 0
    sets = os.environ.get("EVAL_SETS", "seeds,ecbplus,googlenews,mrpc,extraction,bbcdups,storylines,crosslang,gencorpus,pages").split(",")
    for name, fn in (("seeds", seeds), ("ecbplus", ecbplus), ("googlenews", googlenews), ("mrpc", mrpc),
                     ("extraction", extraction), ("bbcdups", bbcdups), ("storylines", storylines),
                     ("crosslang", crosslang), ("gencorpus", gencorpus), ("pages", gencorpus_html)):
        if name in sets:
            fn()
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    print("newsprint eval, commit %s, %s" % (commit or "?", time.strftime("%Y-%m-%d")))
    print()
    print("| set | measure | result | note |")
    print("|---|---|---|---|")
    for r in rows:
        print("| %s | %s | %s | %s |" % r)
    print()
    return 1 if any(r[2] == "FAIL" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
