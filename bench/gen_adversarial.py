#!/usr/bin/env python3
"""gen_adversarial.py KIND SCALE OUT: inputs that try to make a stage of
`newsprint cluster` or `clean` super-linear (huge26).  SCALE is the size
knob (double it to see whether time doubles); the same arguments give the
same bytes.  Words are invented from syllables, as in tests/gen_huge.py.

  text MB OUT          one article of MB megabytes of sentences (a .txt)
  jsonl MB OUT         one JSONL record whose text is MB megabytes
  same N OUT           N articles (JSONL) that are all the same text
  repeat N OUT         N articles, each one sentence of its own said 1,000 times
  boiler N OUT         N articles of their own, all ending with one long paragraph
  word MB OUT          a text of one "word" of MB megabytes, no space
  nested LEVELS OUT    an HTML page of LEVELS nested <div>s around a paragraph
  elements N OUT       an HTML page of N tiny elements (<span>, <b>, <i>) in one body
"""
import json
import random
import sys

SYL = ["ka", "lo", "mi", "ter", "van", "su", "pel", "dro", "ni", "gas", "tu", "bor", "ze", "fin", "ar", "ol"]


def word(rng):
    return "".join(rng.choice(SYL) for _ in range(rng.randint(2, 4)))


def sentence(rng, lo=9, hi=18):
    out = []
    for _ in range(rng.randint(lo, hi)):
        r = rng.random()
        out.append(str(rng.randint(2, 99999)) if r < 0.08 else word(rng).capitalize() if r < 0.16 else word(rng))
    return out[0].capitalize() + " " + " ".join(out[1:]) + "."


def article(rng, sentences):
    parts = [sentence(rng) for _ in range(sentences)]
    return "\n\n".join(" ".join(parts[i:i + 4]) for i in range(0, len(parts), 4))


def text_of(rng, mb):
    target, parts, size = int(mb * 1e6), [], 0
    while size < target:
        s = sentence(rng)
        parts.append(s)
        size += len(s) + 1
    return "\n\n".join(" ".join(parts[i:i + 6]) for i in range(0, len(parts), 6)) + "\n"


def records(out, texts):
    with open(out, "w") as f:
        for i, t in enumerate(texts):
            f.write(json.dumps({"id": "a%06d" % i, "title": "Article %d" % i, "text": t}) + "\n")


def main():
    kind, scale, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    rng = random.Random(26)
    n = int(scale)
    if kind == "text":
        with open(out, "w") as f:
            f.write(text_of(rng, scale))
    elif kind == "jsonl":
        records(out, [text_of(rng, scale)])
    elif kind == "same":
        t = article(rng, 20)
        records(out, (t for _ in range(n)))
    elif kind == "repeat":
        records(out, (" ".join([sentence(rng)] * 1000) for _ in range(n)))
    elif kind == "boiler":
        boiler = " ".join(sentence(rng) for _ in range(12))
        records(out, (article(rng, 12) + "\n\n" + boiler for _ in range(n)))
    elif kind == "word":
        with open(out, "w") as f:
            f.write("".join(rng.choice(SYL) for _ in range(int(scale * 1e6 / 2.5))) + "\n")
    elif kind == "nested":
        with open(out, "w") as f:
            f.write("<!doctype html><html><head><title>Nested</title></head><body>")
            f.write("<div>" * n)
            f.write("<p>" + " ".join(sentence(rng) for _ in range(8)) + "</p>")
            f.write("</div>" * n)
            f.write("</body></html>\n")
    elif kind == "elements":
        tags = ["span", "b", "i"]
        with open(out, "w") as f:
            f.write("<!doctype html><html><head><title>Elements</title></head><body><article><p>")
            for i in range(n):
                t = tags[i % 3]
                f.write("<%s>%s</%s> " % (t, rng.choice(SYL), t))
                if i % 200 == 199:
                    f.write("</p>\n<p>")
            f.write("</p></article></body></html>\n")
    else:
        sys.exit("unknown kind " + kind)


main()
