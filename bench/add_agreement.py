#!/usr/bin/env python3
"""add_agreement.py: an incremental add against the full grouping.

Adds a corpus (JSONL) to a new database: its first articles in one add
(grouped in full), then the rest in batches (--batches of --batch articles)
with `add --incremental`, timing each; prints the answer (`stories --format
jsonl`), groups the database in full (`add --db DB` with no input) and
compares the two answers: the copy links (article, copy_of, kind), the
originals, each article's relation, the story partition (pairwise
agreement and B-cubed precision, recall and F1 of the incremental stories
against the full ones), and the titles and keywords of the stories holding
added articles that hold the same articles in both.  A SIGTERM (SIGINT) to
this script is passed to the newsprint it runs, which stops (before, that
newsprint went on alone).  With --before BINARY, the same batches are also
added by that binary (whose add groups in full) to time them.

usage: add_agreement.py NEWSPRINT CORPUS.jsonl [--batch 100] [--batches 10]
                        [--work DIR] [--before BINARY]
"""
import argparse
import collections
import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import time

RUNNING = []  # the newsprint running, to pass it a signal


def run(cmd, capture_output=False, text=False):
    out = subprocess.PIPE if capture_output else None
    with subprocess.Popen(cmd, stdout=out, text=text) as p:
        RUNNING.append(p)
        try:
            stdout, _ = p.communicate()
        finally:
            RUNNING.remove(p)
    if p.returncode != 0:
        raise subprocess.CalledProcessError(p.returncode, cmd)
    return subprocess.CompletedProcess(cmd, p.returncode, stdout)


def pass_signal(sig, _frame):
    """The signal passed to the newsprint running; this script ends by it."""
    for p in RUNNING:
        p.send_signal(sig)
        p.wait()
    signal.signal(sig, signal.SIG_DFL)
    os.kill(os.getpid(), sig)


def story_names(db, ids):
    """Each story holding one of ids: its articles (a frozenset of ids) ->
    (title, keywords)."""
    con = sqlite3.connect(db)
    members = collections.defaultdict(set)
    for story, art in con.execute("SELECT m.story, a.id FROM story_articles m JOIN articles a ON a.seq = m.seq"):
        members[story].add(art)
    out = {}
    for story, title, keywords in con.execute("SELECT story, title, keywords FROM stories"):
        arts = frozenset(members[story])
        if arts & ids:
            out[arts] = (title, keywords)
    con.close()
    return out


def answer(np, db):
    out = run([np, "stories", "--db", db, "--format", "jsonl", "--quiet"], capture_output=True, text=True).stdout
    return {r["id"]: r for r in map(json.loads, out.splitlines()) if r}


def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed_batches(np, db, files, extra):
    """Each batch's wall and CPU (user + system) seconds, on one thread."""
    times = []
    for f in files:
        t, c = time.monotonic(), cpu()
        run([np, "add", "--quiet", "--threads", "1", "--db", db, f] + extra)
        times.append((time.monotonic() - t, cpu() - c))
    return times


def say_times(label, times):
    wall = [w for w, _ in times]
    cpus = [c for _, c in times]
    print("%s, s a batch: wall %s (mean %.3f); CPU %s (mean %.3f)" % (
        label, " ".join("%.2f" % x for x in wall), sum(wall) / len(wall),
        " ".join("%.2f" % x for x in cpus), sum(cpus) / len(cpus)))


def pairs_agreement(a, b):
    """The share of article pairs both partitions put together or both apart,
    counted over the pairs either puts together (the rest agree trivially)."""
    def together(part):
        groups = collections.defaultdict(list)
        for art, s in part.items():
            groups[s].append(art)
        out = set()
        for members in groups.values():
            members.sort()
            for i in range(len(members)):
                for j in range(i + 1, len(members)):
                    out.add((members[i], members[j]))
        return out
    ta, tb = together(a), together(b)
    either = ta | tb
    return len(ta & tb) / len(either) if either else 1.0, len(ta), len(tb)


def bcubed(pred, gold):
    by_p, by_g = collections.defaultdict(set), collections.defaultdict(set)
    for art in gold:
        by_p[pred[art]].add(art)
        by_g[gold[art]].add(art)
    p = r = 0.0
    for art in gold:
        cp, cg = by_p[pred[art]], by_g[gold[art]]
        both = len(cp & cg)
        p += both / len(cp)
        r += both / len(cg)
    n = len(gold)
    p, r = p / n, r / n
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("newsprint")
    ap.add_argument("corpus")
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--batches", type=int, default=10)
    ap.add_argument("--work", default="/tmp/add_agreement")
    ap.add_argument("--before")
    o = ap.parse_args()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, pass_signal)
    os.makedirs(o.work, exist_ok=True)
    lines = open(o.corpus, encoding="utf-8").read().splitlines()
    tail = o.batch * o.batches
    base = os.path.join(o.work, "base.jsonl")
    with open(base, "w", encoding="utf-8") as f:
        f.write("\n".join(lines[:-tail]) + "\n")
    files = []
    for b in range(o.batches):
        name = os.path.join(o.work, "batch%02d.jsonl" % b)
        start = len(lines) - tail + b * o.batch
        with open(name, "w", encoding="utf-8") as f:
            f.write("\n".join(lines[start:start + o.batch]) + "\n")
        files.append(name)
    db = os.path.join(o.work, "incremental.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    run([o.newsprint, "add", "--quiet", "--db", db, base])
    base_copy = os.path.join(o.work, "base.db")
    run(["cp", db, base_copy])
    times = timed_batches(o.newsprint, db, files, ["--incremental"])
    inc = answer(o.newsprint, db)
    inc_copy = os.path.join(o.work, "incremental-copy.db")
    run(["sqlite3", db, ".backup '%s'" % inc_copy])
    t, c = time.monotonic(), cpu()
    run([o.newsprint, "add", "--quiet", "--threads", "1", "--db", db])
    full_time = (time.monotonic() - t, cpu() - c)
    full = answer(o.newsprint, db)
    print("articles: %d, first add %d, then %d batches of %d" % (len(lines), len(lines) - tail, o.batches, o.batch))
    say_times("incremental add", times)
    print("full grouping afterwards: wall %.2f s, CPU %.2f s" % full_time)
    if o.before:
        before_db = os.path.join(o.work, "before.db")
        run(["cp", base_copy, before_db])
        say_times("before (each add groups in full)", timed_batches(o.before, before_db, files, []))
    new_ids = set()
    for f in files:
        for line in open(f, encoding="utf-8"):
            if line.strip():
                new_ids.add(json.loads(line)["id"])
    assert set(inc) == set(full), "the two answers hold other articles"

    def links(ans, ids=None):
        return {(k, r["copy_of"], r["relation"]) for k, r in ans.items() if r["copy_of"] and (ids is None or k in ids)}
    for label, ids in (("all articles", None), ("the added articles", new_ids)):
        li, lf = links(inc, ids), links(full, ids)
        print("copy links (%s): incremental %d, full %d, equal %d" % (label, len(li), len(lf), len(li & lf)))
    rel_same = sum(inc[k]["relation"] == full[k]["relation"] for k in full)
    rel_new = sum(inc[k]["relation"] == full[k]["relation"] for k in new_ids)
    print("relation equal: %d of %d articles, %d of the %d added" % (rel_same, len(full), rel_new, len(new_ids)))
    copied_i = {r["copy_of"] for r in inc.values() if r["copy_of"]}
    copied_f = {r["copy_of"] for r in full.values() if r["copy_of"]}
    oi = {k for k, r in inc.items() if r["relation"] == "original" and k in copied_i}
    of = {k for k, r in full.items() if r["relation"] == "original" and k in copied_f}
    print("originals of families: incremental %d, full %d, equal %d" % (len(oi), len(of), len(oi & of)))
    si = {k: r["story"] for k, r in inc.items()}
    sf = {k: r["story"] for k, r in full.items()}
    agree, ni, nf = pairs_agreement(si, sf)
    print("story pairs: incremental %d, full %d; agreement (shared / either) %.4f" % (ni, nf, agree))
    p, r, f1 = bcubed(si, sf)
    print("stories B-cubed of the incremental against the full: P %.4f R %.4f F1 %.4f" % (p, r, f1))
    sub_i = {k: si[k] for k in new_ids}
    sub_f = {k: sf[k] for k in new_ids}
    # the added articles' stories: whom each is with, among all articles
    with_i = collections.defaultdict(set)
    with_f = collections.defaultdict(set)
    for k, s in si.items():
        with_i[s].add(k)
    for k, s in sf.items():
        with_f[s].add(k)
    same = sum(with_i[sub_i[k]] == with_f[sub_f[k]] for k in new_ids)
    print("added articles whose story holds the same articles in both: %d of %d" % (same, len(new_ids)))
    ni_, nf_ = story_names(inc_copy, new_ids), story_names(db, new_ids)
    both = [k for k in ni_ if k in nf_]
    print("stories holding added articles, the same articles in both: %d (of %d incremental); title equal %d, "
          "keywords equal %d" % (len(both), len(ni_), sum(ni_[k][0] == nf_[k][0] for k in both),
                                  sum(ni_[k][1] == nf_[k][1] for k in both)))


if __name__ == "__main__":
    sys.exit(main())
