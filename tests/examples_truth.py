#!/usr/bin/env python3
"""Checks `newsprint clean` on examples/ against examples/TRUTH.md.

For every article: title, date, source, attribution and language as the
Articles table states; the body's paragraph count, first and last paragraph
as the Bodies table states; and no listed boilerplate line in the body.
Prints one PASS/FAIL line per article.
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


def main():
    binary = sys.argv[1]
    md = open(ROOT + "/examples/TRUTH.md", encoding="utf-8").read()
    articles, bodies = {}, {}
    for header, rows in tables(md):
        if header[:3] == ["id", "event", "relation"]:
            for r in rows:
                articles[r[0]] = dict(zip(header, r))
        elif header[:2] == ["id", "body paragraphs"]:
            for r in rows:
                bodies[r[0]] = r
    boiler = {}
    for m in re.finditer(r"^- \*\*(\w+)\*\*: (.*)$", md, re.M):
        boiler[m.group(1)] = [b for b in re.findall(r"`([^`]+)`", m.group(2)) if len(b) > 3]

    out = subprocess.run([binary, "clean", "--format", "jsonl", ROOT + "/examples"],
                         capture_output=True, text=True)
    got = {}
    for line in out.stdout.splitlines():
        a = json.loads(line)
        got[a["id"]] = a
    if out.returncode != 0:
        print("FAIL examples-truth: exit status %d: %s" % (out.returncode, out.stderr.strip()))
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


if __name__ == "__main__":
    main()
