#!/usr/bin/env python3
"""Writes N synthetic news articles as JSONL, for store and server tests.

Every sentence is assembled here from made-up places, people and numbers;
events get several reports and some copies (verbatim, trimmed, retitled), so
a database built from them has families and stories to find.

    python3 tests/data/gen_articles.py N [SEED] > corpus.jsonl
"""
import json
import random
import sys

PLACES = ["Harlow Bay", "Penrith Falls", "Oakmere", "Velden", "Cairnmouth", "Dunbarrow",
          "Ashgrove", "Kilbride", "Marlow Cross", "Stenfield", "Tollbury", "Wrenhaven"]
NAMES = ["Ines Varga", "Tomas Oyelaran", "Mira Castell", "Joel Brandt", "Asha Pillay",
         "Niko Laine", "Rosa Quinlan", "Felix Amadi", "Lena Sorvik", "Omar Haddad"]
KINDS = [("fire", "a fire swept through", "firefighters"),
         ("flood", "floodwater poured into", "rescue crews"),
         ("strike", "workers walked out at", "union leaders"),
         ("storm", "a storm tore roofs from homes in", "emergency teams"),
         ("blackout", "a power failure darkened", "engineers")]
SOURCES = ["daily-ledger.example", "coast-news.example", "metro-wire.example", "valley-post.example"]


def event(rng, n):
    place, who = rng.choice(PLACES), rng.choice(NAMES)
    kind, verb, crews = rng.choice(KINDS)
    num, hours = rng.randint(12, 900), rng.randint(2, 40)
    day = 1 + n % 28
    month = 1 + (n // 28) % 12
    facts = [
        f"On Monday {verb} {place}, and {num} people were affected, officials said.",
        f"{crews.capitalize()} worked for {hours} hours before the situation was under control.",
        f"{who}, who leads the local council, said the town would need weeks to recover.",
        f"Residents of {place} described scenes of confusion as the {kind} spread.",
        f"The regional authority promised {num * 1000} in emergency funds for {place}.",
        f"An inquiry into the {kind} will report its findings within {hours} days.",
    ]
    return place, kind, who, num, f"2024-{month:02d}-{day:02d}", facts


def main():
    n = int(sys.argv[1])
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    written, e = 0, 0
    while written < n:
        place, kind, who, num, date, facts = event(rng, e)
        e += 1
        title = f"{kind.capitalize()} in {place} affects {num} people"
        base = " ".join(facts)
        items = [(title, base)]
        items.append((title, base))                                   # verbatim copy
        items.append((title + " - update", " ".join(facts[:3])))      # trimmed copy
        rng.shuffle(facts)
        items.append((f"{place} counts the cost after {kind}", " ".join(facts[:4]) +
                      f" {who} thanked volunteers."))                 # another report
        for k, (t, body) in enumerate(items):
            if written >= n:
                break
            print(json.dumps({"id": f"g{e:05d}-{k}", "title": t, "date": date,
                              "source": SOURCES[k % len(SOURCES)], "text": body}))
            written += 1


if __name__ == "__main__":
    main()
