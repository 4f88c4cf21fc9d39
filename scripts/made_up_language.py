#!/usr/bin/env python3
"""A share of a JSONL corpus's articles written in a made-up language.

  made_up_language.py IN OUT [--share 0.2] [--seed 1]

What a report in another language has in common with an English one is
its names and numbers; this keeps those and changes every other word, so
that `cluster` can be measured on joining stories across languages with
labels made for one (ECB+: `make eval`'s crosslang row).  In a chosen
article ("text" and "title"):
  - a word written lowercase somewhere in the corpus (a common word, even
    where a sentence starts with it) becomes a pseudo-word of its own, the
    same one wherever it occurs ("storm" is always the same word), 30% of
    them capitalised, as German writes its nouns;
  - the commonest English function words become German ones ("the" ->
    "die"), so that newsprint reads the text as German;
  - numbers take German marks ("2,400" -> "2.400", "3.5" -> "3,5");
  - any other word (a name) is kept.
Its "lang" is set to "de" (newsprint reads it as German by itself, too).
Deterministic: the same input, share and seed give the same output.
"""
import argparse
import hashlib
import json
import random
import re

FUNCTION_WORDS = dict(zip(
    "the a an and of to in is was for on with that it he she they by at from as has have had be are "
    "were said not this after his her their who which but or will been also".split(),
    "die ein eine und von zu in ist war für auf mit dass es er sie sie von bei aus als hat haben "
    "hatte sein sind waren sagte nicht diese nach sein ihr ihre der die aber oder wird gewesen auch".split()))
SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
NUMBER = re.compile(r"[0-9][0-9.,]*[0-9]")
WORD = re.compile(r"([A-Za-z]+)(.*)", re.S)


def pseudo_word(word):
    """The made-up language's word for an English one (lowercase form)."""
    h = hashlib.sha1(word.lower().encode("utf-8")).digest()
    w = "".join(SYLLABLES[b % len(SYLLABLES)] for b in h[:2 + len(word) % 3])
    return w.capitalize() if h[-1] < 77 or word[0].isupper() else w  # 77/256: 30%


def translate(text, common):
    out = []
    for token in re.split(r"(\s+)", text):
        m = WORD.fullmatch(token)
        if NUMBER.fullmatch(token):
            out.append(token.translate(str.maketrans(",.", ".,")))
        elif m and m.group(1).lower() in FUNCTION_WORDS:
            g = FUNCTION_WORDS[m.group(1).lower()]
            out.append((g.capitalize() if m.group(1)[0].isupper() else g) + m.group(2))
        elif m and m.group(1).lower() in common:
            out.append(pseudo_word(m.group(1)) + m.group(2))
        else:
            out.append(token)
    return "".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--share", type=float, default=0.2)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    docs = [json.loads(line) for line in open(a.input, encoding="utf-8") if line.strip()]
    common = set()
    for d in docs:
        for w in re.findall(r"[A-Za-z]+", (d.get("title") or "") + " " + (d.get("text") or "")):
            if w[0].islower():
                common.add(w)
    rng = random.Random(a.seed)
    n = 0
    with open(a.output, "w", encoding="utf-8") as f:
        for d in docs:
            if rng.random() < a.share:
                d = dict(d, lang="de")
                for key in ("title", "text"):
                    if d.get(key):
                        d[key] = translate(d[key], common)
                n += 1
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    print(json.dumps({"articles": len(docs), "made_up": n}))


if __name__ == "__main__":
    main()
