"""A small logistic model over `newsprint compare`'s measures, for the MRPC
row of `make eval`: learned on the training folds of a cross-validation
only, never shipped in the engine (MRPC's pairs and licence stay in
../shared).  Pure Python: standardised features, an L2 penalty, Newton's
method.  Lexical systems on MRPC weigh such measures so (Madnani, Tetreault
and Chodorow 2012); one overlap score with a threshold is the baseline."""
import math

L2 = 1e-3
NAMES = ("overlap", "vocabulary", "stems_fewer", "stems_more", "numbers_alone", "names_alone",
         "length_ratio", "length_difference", "sequence_shorter", "sequence_longer", "pairs_fewer",
         "trigrams")


def features(r):
    """The feature vector of one `compare --pairs` JSON line (a dict)."""
    q = r["paraphrase"]
    wa, wb = q["words"]
    return [r["overlap"], r["vocabulary"], q["stems_fewer"], q["stems_more"],
            min(3, q["numbers_alone"]), min(3, q["names_alone"]),
            min(wa, wb) / max(wa, wb, 1), abs(wa - wb) / 10.0,
            q["sequence_shorter"], q["sequence_longer"], q["pairs_fewer"], q["trigrams"]]


def _solve(m, g):
    """m x = g by Gauss-Jordan with partial pivoting (m is small and positive definite)."""
    k = len(g)
    a = [row[:] + [g[i]] for i, row in enumerate(m)]
    for c in range(k):
        p = max(range(c, k), key=lambda r: abs(a[r][c]))
        a[c], a[p] = a[p], a[c]
        for r in range(k):
            if r != c and a[r][c]:
                f = a[r][c] / a[c][c]
                for j in range(c, k + 1):
                    a[r][j] -= f * a[c][j]
    return [a[i][k] / a[i][i] for i in range(k)]


def fit(xs, ys, iterations=30):
    """The model (means, spreads, weights with the bias last) of rows xs and labels ys (0/1)."""
    n, k = len(xs), len(xs[0])
    mean = [sum(x[j] for x in xs) / n for j in range(k)]
    spread = [math.sqrt(sum((x[j] - mean[j]) ** 2 for x in xs) / n) or 1.0 for j in range(k)]
    zs = [[(x[j] - mean[j]) / spread[j] for j in range(k)] + [1.0] for x in xs]
    w = [0.0] * (k + 1)
    for _ in range(iterations):
        g = [0.0] * (k + 1)
        h = [[0.0] * (k + 1) for _ in range(k + 1)]
        for z, y in zip(zs, ys):
            s = sum(a * b for a, b in zip(w, z))
            p = 1.0 / (1.0 + math.exp(-s)) if s > -30 else 0.0
            e, q = p - y, p * (1 - p)
            for a in range(k + 1):
                g[a] += e * z[a]
                qa, ha = q * z[a], h[a]
                for b in range(k + 1):
                    ha[b] += qa * z[b]
        for a in range(k):  # no penalty on the bias
            g[a] += L2 * n * w[a]
            h[a][a] += L2 * n
        step = _solve(h, g)
        w = [a - b for a, b in zip(w, step)]
        if max(abs(s) for s in step) < 1e-7:
            break
    return mean, spread, w


def probability(model, x):
    mean, spread, w = model
    s = sum(w[j] * (x[j] - mean[j]) / spread[j] for j in range(len(x))) + w[-1]
    return 1.0 / (1.0 + math.exp(-s)) if s > -30 else 0.0
