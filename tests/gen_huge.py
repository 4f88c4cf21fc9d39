#!/usr/bin/env python3
"""gen_huge.py MB OUTDIR [ZIPF]: two made-up texts of about MB megabytes each
that share sentences (about 30,000 at 6.5 MB, in proportion below), for timing
`newsprint compare` and `cluster` on one enormous article (huge25).

The words are all about as frequent; with ZIPF (an exponent, 1.0 say) they
are drawn as a language draws them instead (huge26): from 100,000 invented
words, the k-th commonest weighing 1/k**ZIPF, so that a few words are in a
large share of the sentences, as "said" or "year" are in news.

Writes OUTDIR/a.txt, OUTDIR/b.txt and OUTDIR/pair.jsonl (both as records).
The sentences are words invented from syllables with numbers and
capitalised names among them; the same seed gives the same bytes."""
import bisect
import itertools
import json
import random
import sys

SYL = ["ka", "lo", "mi", "ter", "van", "su", "pel", "dro", "ni", "gas", "tu", "bor", "ze", "fin", "ar", "ol"]


def word(rng):
    return "".join(rng.choice(SYL) for _ in range(rng.randint(2, 4)))


def zipf_words(exponent):
    """A word() that draws from 100,000 invented words by Zipf's law."""
    made = random.Random(26)
    words, seen = [], set()
    while len(words) < 100000:
        w = "".join(made.choice(SYL) for _ in range(made.randint(2, 5)))
        if w not in seen:
            seen.add(w)
            words.append(w)
    cumulative = list(itertools.accumulate(1.0 / (k + 1) ** exponent for k in range(len(words))))
    return lambda rng: words[bisect.bisect_left(cumulative, rng.random() * cumulative[-1])]


def sentence(rng):
    n = rng.randint(9, 18)
    out = []
    for i in range(n):
        r = rng.random()
        if r < 0.08:
            out.append(str(rng.randint(2, 99999)))
        elif r < 0.16:
            out.append(word(rng).capitalize())
        else:
            out.append(word(rng))
    return out[0].capitalize() + " " + " ".join(out[1:]) + "."


def main():
    global word
    mb, outdir = float(sys.argv[1]), sys.argv[2]
    if len(sys.argv) > 3:
        word = zipf_words(float(sys.argv[3]))
    rng = random.Random(25)
    target = int(mb * 1e6)
    shared_n = int(30000 * mb / 6.5)
    shared = [sentence(rng) for _ in range(shared_n)]
    texts = []
    for side in range(2):
        parts, size, k = [], 0, 0
        while size < target:
            # about half the bytes shared, in order, the rest each side's own
            if k < shared_n and (rng.random() < 0.5 or size > target * 0.9):
                s = shared[k]
                k += 1
            else:
                s = sentence(rng)
            parts.append(s)
            size += len(s) + 1
        paras = [" ".join(parts[i:i + 6]) for i in range(0, len(parts), 6)]
        texts.append("\n\n".join(paras) + "\n")
    for name, t in zip("ab", texts):
        with open(f"{outdir}/{name}.txt", "w") as f:
            f.write(t)
    with open(f"{outdir}/pair.jsonl", "w") as f:
        for name, t in zip("ab", texts):
            f.write(json.dumps({"id": name, "title": "Huge " + name, "text": t}) + "\n")


main()
