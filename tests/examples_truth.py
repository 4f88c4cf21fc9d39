#!/usr/bin/env python3
"""Checks `newsprint clean` and `newsprint cluster` on examples/ against
docs/examples-truth.md.

For every article: title, date, source, attribution and language as the
Articles table states; the body's paragraph count, first and last paragraph
as the Bodies table states; and no listed boilerplate line in the body.
Then `cluster`: each article's relation and copy_of as the Articles table
states, each event of the table one story of its own, and the stories of
each storyline of the Storylines table one storyline of their own.
Prints one PASS/FAIL line per article, event and storyline.
"""
import json
import re
import subprocess
import sys

ROOT = __file__.rsplit("/tests/", 1)[0]


def tables(md):
    """Yields (header, rows) for each markdown table."""
    block = []
    for line in md.splitlines() + [""]:
        if line.startswith("|"):
            block.append([c.strip() for c in line.strip().strip("|").split("|")])
        elif block:
            yield block[0], [r for r in block[2:]]
            block = []


def null(v):
    v = re.sub(r"\s*[¹²³]$", "", v).strip()
    return None if v in ("null", "-", "") else v


def run_jsonl(binary, command, name):
    """The records `binary command --format jsonl examples/` prints, by id;
    a FAIL line named `name` if it fails."""
    out = subprocess.run([binary, command, "--format", "jsonl", "--quiet", ROOT + "/examples"],
                         capture_output=True, text=True)
    got = {}
    for line in out.stdout.splitlines():
        a = json.loads(line)
        got[a["id"]] = a
    if out.returncode != 0:
        print("FAIL %s: exit status %d: %s" % (name, out.returncode, out.stderr.strip()))
        return None
    return got


def check_cluster(binary, articles, storylines):
    """cluster's relations, stories and storylines against the tables."""
    got = run_jsonl(binary, "cluster", "examples-truth/cluster")
    if got is None:
        return
    for aid, want in sorted(articles.items()):
        a = got.get(aid)
        if a is None:
            print("FAIL examples-truth/cluster/%s: missing from output" % aid)
            continue
        expected = (want["relation"], null(want["copy_of"]))
        if (a["relation"], a["copy_of"]) != expected:
            print("FAIL examples-truth/cluster/%s: %s of %s, expected %s of %s"
                  % (aid, a["relation"], a["copy_of"], expected[0], expected[1]))
        else:
            print("PASS examples-truth/cluster/%s" % aid)
    # an event is one story, of its articles alone
    by_event = {}
    for aid, want in articles.items():
        by_event.setdefault(want["event"], set()).add(aid)
    story_of = {aid: got[aid]["story"] for aid in articles if aid in got}
    for event, ids in sorted(by_event.items()):
        stories = {story_of.get(i) for i in ids}
        others = sorted(i for i in story_of if i not in ids and story_of[i] in stories)
        if len(stories) != 1 or others:
            print("FAIL examples-truth/story-%s: in stories %s%s" % (
                event, ", ".join(sorted("%s: %s" % (s, " ".join(sorted(i for i in ids if story_of.get(i) == s)))
                                        for s in stories if s)),
                "; with other events' " + " ".join(others) if others else ""))
        else:
            print("PASS examples-truth/story-%s" % event)
    # a storyline is its stories, no other
    line_of = {}
    for aid in story_of:
        line_of.setdefault(got[aid]["storyline"], set()).add(articles[aid]["event"])
    for name, events in sorted(storylines.items()):
        lines = {got[i]["storyline"] for e in events for i in by_event.get(e, ()) if i in got}
        found = set().union(*(line_of[l] for l in lines)) if lines else set()
        if len(lines) != 1 or found != events:
            print("FAIL examples-truth/storyline-%s: events %s in storylines %s, expected %s alone" % (
                name, " ".join(sorted(found)), " ".join(sorted(lines)), " ".join(sorted(events))))
        else:
            print("PASS examples-truth/storyline-%s" % name)


def main():
    binary = sys.argv[1]
    md = open(ROOT + "/docs/examples-truth.md", encoding="utf-8").read()
    articles, bodies, storylines = {}, {}, {}
    for header, rows in tables(md):
        if header[:3] == ["id", "event", "relation"]:
            for r in rows:
                articles[r[0]] = dict(zip(header, r))
        elif header[:2] == ["id", "body paragraphs"]:
            for r in rows:
                bodies[r[0]] = r
        elif header[:2] == ["storyline", "stories"]:
            for r in rows:
                storylines[r[0]] = set(re.findall(r"\b[A-Z]\b", r[1]))
    boiler = {}
    for m in re.finditer(r"^- \*\*(\w+)\*\*: (.*)$", md, re.M):
        boiler[m.group(1)] = [b for b in re.findall(r"`([^`]+)`", m.group(2)) if len(b) > 3]

    got = run_jsonl(binary, "clean", "examples-truth") or {}
    for aid, want in sorted(articles.items()):
        a = got.get(aid)
        problems = []
        if a is None:
            print("FAIL examples-truth/%s: missing from output" % aid)
            continue
        checks = [("title", null(want["expected title"]), a["title"]),
                  ("date", null(want["date"]), a["date"]),
                  ("source", null(want["source"]), a["source"]),
                  ("lang", null(want["lang"]), a["lang"])]
        attribution = null(want["attribution"])
        checks.append(("attribution", attribution.split("; ") if attribution else [],
                       a["attribution"]))
        for field, expected, actual in checks:
            if expected != actual:
                problems.append("%s %r, expected %r" % (field, actual, expected))
        body = "\n".join(a["paragraphs"])
        short = aid.split("-")[0]
        for b in boiler.get(short, []):
            if b in a["paragraphs"] or (len(b) > 25 and b.rstrip("…. ") in body):
                problems.append("boilerplate in body: %r" % b[:60])
        row = bodies.get(short)
        if row and row[1].isdigit():
            if len(a["paragraphs"]) != int(row[1]):
                problems.append("%d paragraphs, expected %s" % (len(a["paragraphs"]), row[1]))
            first = re.findall(r"`([^`]+)`", row[2])
            last = re.findall(r"`([^`]+)`", row[3])
            if first and not (a["paragraphs"] and a["paragraphs"][0].startswith(first[0])):
                problems.append("first paragraph does not start %r" % first[0])
            if last and not (a["paragraphs"] and a["paragraphs"][-1].startswith(last[0])):
                problems.append("last paragraph does not start %r" % last[0])
        if problems:
            print("FAIL examples-truth/%s: %s" % (aid, "; ".join(problems)))
        else:
            print("PASS examples-truth/%s" % aid)
    check_cluster(binary, articles, storylines)


if __name__ == "__main__":
    main()
