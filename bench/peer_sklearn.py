#!/usr/bin/env python3
"""scikit-learn TF-IDF + cosine nearest neighbours, a peer of `newsprint cluster`.

Each JSONL article's text becomes a TF-IDF vector (TfidfVectorizer with
sublinear tf and English stop words, as scikit-learn documents for text
similarity); NearestNeighbors (cosine metric, brute force: the documented
choice for sparse input) finds each article's 10 nearest neighbours, and
pairs with cosine similarity >= 0.5 are counted and printed, so the work
cannot be skipped.

    python3 bench/peer_sklearn.py FILE.jsonl
"""
import json
import sys

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.neighbors import NearestNeighbors


def main():
    texts = []
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            if line.strip():
                texts.append(json.loads(line).get("text") or "")
    vectors = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    nn = NearestNeighbors(n_neighbors=min(10, len(texts)), metric="cosine", algorithm="brute", n_jobs=1)
    distances, neighbours = nn.fit(vectors).kneighbors(vectors)
    pairs = set()
    for i, (dist, near) in enumerate(zip(distances, neighbours)):
        for d, j in zip(dist, near):
            if j != i and 1 - d >= 0.5:
                pairs.add((min(i, j), max(i, j)))
    print(f"{len(texts)} articles, {len(pairs)} pairs with cosine >= 0.5")


if __name__ == "__main__":
    main()
