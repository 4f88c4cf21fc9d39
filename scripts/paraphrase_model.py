"""A small logistic model over `newsprint compare`'s measures, for the MRPC
row of `make eval`: learned on the training folds of a cross-validation
only, never shipped in the engine (MRPC's pairs and licence stay in
../shared).  Pure Python: standardised measures, their squares and products
two by two (a degree-2 polynomial: one measure's weight may depend on
another's, as a missing number weighs less when the rest is reworded
anyway), standardised again, an L2 penalty, Newton's method.  Lexical
systems on MRPC weigh such measures so (Madnani, Tetreault and Chodorow
2012); one overlap score with a threshold is the baseline."""
import math
from operator import mul

L2 = 2.7e-3  # per pair: the penalty is L2 * pairs * |w|^2 / 2
FRESH_HESSIANS = 3  # Newton's steps; then the last Hessian serves the rest
NAMES = ("stems_fewer", "numbers_alone", "names_alone", "length_difference", "sequence_longer", "trigrams",
         "unigrams_longer", "4grams_longer", "edits_longer", "negation_alone")


def features(r):
    """The measures of one `compare --pairs` JSON line (a dict)."""
    q = r["paraphrase"]
    wa, wb = q["words"]
    na, nb = q["negations"]
    return [q["stems_fewer"], min(3, q["numbers_alone"]), min(3, q["names_alone"]), abs(wa - wb) / 10.0,
            q["sequence_longer"], q["trigrams"], q["grams_longer"][0], q["grams_longer"][3], q["edits_longer"],
            float((na > 0) != (nb > 0))]


def _standardise(columns):
    """Each column's mean and spread."""
    out = []
    for c in columns:
        m = sum(c) / len(c)
        out.append((m, math.sqrt(sum((v - m) ** 2 for v in c) / len(c)) or 1.0))
    return out


def _expand(columns, scale):
    """The standardised columns, then their squares and products two by two."""
    z = [[(v - m) / s for v in c] for c, (m, s) in zip(columns, scale)]
    k = len(z)
    return z + [list(map(mul, z[a], z[b])) for a in range(k) for b in range(a, k)]


def _solve(m, g):
    """m x = g by Gauss-Jordan with partial pivoting (m is small and positive definite)."""
    k = len(g)
    a = [row[:] + [g[i]] for i, row in enumerate(m)]
    for c in range(k):
        p = max(range(c, k), key=lambda r: abs(a[r][c]))
        a[c], a[p] = a[p], a[c]
        pivot = a[c]
        for r in range(k):
            row = a[r]
            if r != c and row[c]:
                f = row[c] / pivot[c]
                row[c:] = [x - f * y for x, y in zip(row[c:], pivot[c:])]
    return [a[i][k] / a[i][i] for i in range(k)]


def fit(xs, ys, iterations=30):
    """The model of rows xs and labels ys (0/1): the scales of the measures
    and of the expanded terms, and the weights with the bias last."""
    n = len(xs)
    scale = _standardise(list(zip(*xs)))
    terms = _expand([list(c) for c in zip(*xs)], scale)
    scale2 = _standardise(terms)
    cols = [[(v - m) / s for v in c] for c, (m, s) in zip(terms, scale2)]
    k = len(cols)
    w = [0.0] * (k + 1)
    h = None
    for it in range(iterations):
        s = [w[k]] * n
        for j in range(k):
            if w[j]:
                wj = w[j]
                s = [a + wj * b for a, b in zip(s, cols[j])]
        p = [1.0 / (1.0 + math.exp(-v)) if v > -30 else 0.0 for v in s]
        e = [a - b for a, b in zip(p, ys)]
        g = [sum(map(mul, e, c)) + L2 * n * w[j] for j, c in enumerate(cols)] + [sum(e)]
        if it < FRESH_HESSIANS:  # then kept: the steps are small by then
            q = [a * (1 - a) for a in p]
            qcols = [list(map(mul, q, c)) for c in cols]
            h = [[0.0] * (k + 1) for _ in range(k + 1)]
            for a in range(k):
                qa, ha = qcols[a], h[a]
                for b in range(a, k):
                    ha[b] = h[b][a] = sum(map(mul, qa, cols[b]))
                ha[a] += L2 * n  # no penalty on the bias
                ha[k] = h[k][a] = sum(qa)
            h[k][k] = sum(q)
        step = _solve(h, g)
        w = [a - b for a, b in zip(w, step)]
        if max(abs(v) for v in step) < 1e-4:
            break
    return scale, scale2, w


def probability(model, x):
    scale, scale2, w = model
    terms = [t[0] for t in _expand([[v] for v in x], scale)]
    s = sum(wj * (t - m) / sd for wj, t, (m, sd) in zip(w, terms, scale2)) + w[-1]
    return 1.0 / (1.0 + math.exp(-s)) if s > -30 else 0.0
