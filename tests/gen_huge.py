#!/usr/bin/env python3
"""gen_huge.py MB OUTDIR: two made-up texts of about MB megabytes each that
share sentences (about 30,000 at 6.5 MB, in proportion below), for timing
`newsprint compare` and `cluster` on one enormous article (huge25).

Writes OUTDIR/a.txt, OUTDIR/b.txt and OUTDIR/pair.jsonl (both as records).
The sentences are words invented from syllables with numbers and
capitalised names among them; the same seed gives the same bytes."""
import json
import random
import sys

SYL = ["ka", "lo", "mi", "ter", "van", "su", "pel", "dro", "ni", "gas", "tu", "bor", "ze", "fin", "ar", "ol"]


def word(rng):
    return "".join(rng.choice(SYL) for _ in range(rng.randint(2, 4)))


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
    mb, outdir = float(sys.argv[1]), sys.argv[2]
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
