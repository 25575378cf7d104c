# Golden values for the org.softcluster.metrics tests.
# Run with Debian's interpreter: /usr/bin/python3 core/src/test/python/metrics_goldens.py
# (scikit-learn 1.2.1, SciPy 1.10.1, NumPy 1.24.2); it prints the Java case tables pasted in the tests.
# Inputs are literals or come from a tiny deterministic generator mirrored by Gen.java.
import itertools
import sys

import numpy as np
import scipy
import sklearn
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.metrics.cluster import contingency_matrix

assert sklearn.__version__ == "1.2.1", sklearn.__version__
MOD = 2147483647  # Park-Miller minimal standard generator, multiplier 48271


class Rng:
    def __init__(self, seed):
        self.s = seed

    def below(self, bound):
        self.s = self.s * 48271 % MOD
        return self.s % bound


def labels(seed, n, k):
    r = Rng(seed)
    return [r.below(k) for _ in range(n)]


def noisy(seed, truth, k, noise_pct, shift):
    r = Rng(seed)
    out = []
    for t in truth:
        if r.below(100) < noise_pct:
            out.append(r.below(k))
        else:
            out.append((t + shift) % k)
    return out


def proba(seed, clusters, k, boost, zero_cols):
    r = Rng(seed)
    rows = []
    for c in clusters:
        w = [1 + r.below(20) for _ in range(k)]
        for z in zero_cols:
            w[z] = 0
        w[c] += r.below(boost)
        s = sum(w)
        rows.append([x / s for x in w])  # int / int: correctly rounded, as (double) x / s in Java
    return rows


def ev(s):
    kind = s[0]
    if kind == "lit":
        return list(s[1])
    if kind == "labels":
        return labels(*s[1:])
    if kind == "noisy":
        return noisy(s[1], ev(s[2]), *s[3:])
    if kind == "relabel":
        return [s[2][x] for x in ev(s[1])]
    if kind == "plit":
        return [list(map(float, row)) for row in s[1]]
    if kind == "proba":
        return proba(s[1], ev(s[2]), *s[3:])
    if kind == "onehot":
        return [[1.0 if j == c else 0.0 for j in range(s[2])] for c in ev(s[1])]
    raise ValueError(kind)


def ints(xs):
    return "new int[] {" + ", ".join(str(x) for x in xs) + "}"


def dbl(x):
    x = float(x)
    return "Double.NaN" if x != x else repr(x)


def java(s):
    kind = s[0]
    if kind == "lit":
        return ints(s[1])
    if kind == "labels":
        return "Gen.labels(%d, %d, %d)" % s[1:]
    if kind == "noisy":
        return "Gen.noisy(%d, %s, %d, %d, %d)" % (s[1], java(s[2]), s[3], s[4], s[5])
    if kind == "relabel":
        return "Gen.relabel(%s, %s)" % (java(s[1]), ints(s[2]))
    if kind == "plit":
        return "new double[][] {" + ", ".join("{" + ", ".join(dbl(x) for x in row) + "}" for row in ev(s)) + "}"
    if kind == "proba":
        return "Gen.proba(%d, %s, %d, %d, %s)" % (s[1], java(s[2]), s[3], s[4], ints(s[5]))
    if kind == "onehot":
        return "Gen.onehot(%s, %d)" % (java(s[1]), s[2])
    raise ValueError(kind)


def hungarian_acc(t, p):
    c = contingency_matrix(t, p)
    r, k = linear_sum_assignment(-c)
    return c[r, k].sum() / len(t)


MIN, MAX = -2147483648, 2147483647
HARD = [
    ("perfect", ("lit", [0, 0, 1, 1, 2, 2]), ("lit", [0, 0, 1, 1, 2, 2])),
    ("permuted", ("lit", [0, 0, 1, 1, 2, 2]), ("lit", [2, 2, 0, 0, 1, 1])),
    ("sklearn_doc_split_class", ("lit", [0, 0, 1, 2]), ("lit", [0, 0, 1, 1])),
    ("sklearn_doc_split_cluster", ("lit", [0, 0, 1, 1]), ("lit", [0, 0, 1, 2])),
    ("discordant", ("lit", [0, 0, 1, 1]), ("lit", [0, 1, 0, 1])),
    ("one_pred_cluster", ("lit", [0, 1, 2, 0, 1, 2, 0]), ("lit", [5] * 7)),
    ("one_true_cluster_singletons", ("lit", [4, 4, 4, 4]), ("lit", [0, 1, 2, 3])),
    ("one_true_cluster_two_pred", ("lit", [4, 4, 4, 4, 4]), ("lit", [1, 1, 2, 2, 2])),
    ("both_single_cluster", ("lit", [1, 1, 1]), ("lit", [2, 2, 2])),
    ("n1", ("lit", [7]), ("lit", [3])),
    ("n2_merge", ("lit", [0, 1]), ("lit", [0, 0])),
    ("n2_singletons", ("lit", [0, 1]), ("lit", [5, -5])),
    ("all_singletons", ("lit", [0, 1, 2, 3, 4, 5]), ("lit", [3, 5, 0, 1, 4, 2])),
    ("pred_all_singletons", ("lit", [0, 0, 0, 1, 1, 1]), ("lit", [0, 1, 2, 3, 4, 5])),
    ("label_gaps", ("lit", [3, 7, 100, 3, 7, 100, 3, 7]), ("lit", [-5, 0, 0, -5, 9, 9, -5, 0])),
    ("int_extremes", ("lit", [MIN, MIN, 0, 0, MAX, MAX, 0]), ("lit", [MAX, MAX, MIN, 0, 0, 0, MIN])),
    ("kpred_gt_ktrue", ("lit", [0, 0, 0, 1, 1, 1, 2, 2]), ("lit", [0, 0, 1, 2, 2, 3, 4, 4])),
    ("kpred_lt_ktrue", ("lit", [0, 1, 2, 3, 0, 1, 2, 3]), ("lit", [0, 0, 1, 1, 0, 0, 1, 1])),
    ("random_200_k3", ("labels", 11, 200, 3), ("labels", 12, 200, 3)),
    ("noisy_200_k5", ("labels", 14, 200, 5), ("noisy", 13, ("labels", 14, 200, 5), 5, 30, 2)),
    ("noisy_500_k10_pred12", ("labels", 16, 500, 10), ("noisy", 15, ("labels", 16, 500, 10), 12, 25, 3)),
    ("noisy_1000_k10_pred7", ("labels", 18, 1000, 10), ("noisy", 17, ("labels", 18, 1000, 10), 7, 20, 1)),
    ("random_1000_k10", ("labels", 19, 1000, 10), ("labels", 20, 1000, 10)),
    ("noisy_1000_k50_pred60", ("labels", 22, 1000, 50), ("noisy", 21, ("labels", 22, 1000, 50), 60, 40, 5)),
    ("gaps_noisy_300", ("relabel", ("labels", 23, 300, 4), [3, 7, 100, -2]),
     ("relabel", ("noisy", 24, ("labels", 23, 300, 4), 6, 35, 0), [10, 20, 30, 40, 50, 60])),
    ("permutation_400_k6", ("labels", 25, 400, 6), ("relabel", ("labels", 25, 400, 6), [5, 3, 1, 0, 2, 4])),
    ("one_pred_cluster_300", ("labels", 26, 300, 4), ("relabel", ("labels", 27, 300, 1), [9])),
    ("one_true_cluster_300", ("relabel", ("labels", 27, 300, 1), [-3]), ("labels", 26, 300, 4)),
    ("large_20000_k100_pred80", ("labels", 29, 20000, 100), ("noisy", 28, ("labels", 29, 20000, 100), 80, 50, 7)),
]


def optimal_matchings(c):
    """All maximum-weight matchings of a small count matrix (brute force), as lists of (row, col)."""
    r, k = c.shape
    best, found = None, []
    if r <= k:
        cands = [list(zip(range(r), perm)) for perm in itertools.permutations(range(k), r)]
    else:
        cands = [list(zip(perm, range(k))) for perm in itertools.permutations(range(r), k)]
    for m in cands:
        v = sum(c[i, j] for i, j in m)
        if best is None or v > best:
            best, found = v, [m]
        elif v == best:
            found.append(m)
    return found


def unique_matching(c):
    """The SciPy matching after checking it is the only optimum (forbidding any matched pair costs)."""
    r, k = linear_sum_assignment(-c)
    best = c[r, k].sum()
    for i, j in zip(r, k):
        d = c.astype(float)
        d[i, j] = -1e9
        r2, k2 = linear_sum_assignment(-d)
        assert d[r2, k2].sum() < best, "tied optimal matchings"
    return list(zip(r, k))


def soft_metrics(truth, p, matching, labs, tidx, pred):
    n, k = p.shape
    col2row = np.full(k, -1)
    row2col = np.full(len(labs), -1)
    for i, j in matching:
        col2row[j], row2col[i] = i, j
    logp = np.log(np.where(p > 0, p, 1.0))
    ent = np.mean(-np.sum(np.where(p > 0, p * logp, 0.0), axis=1))
    nent = ent / np.log(k) if k > 1 else 0.0
    conf = p.max(axis=1)
    correct = col2row[pred] == tidx
    edges = np.arange(16) / 15.0
    b = np.clip(np.searchsorted(edges, conf, side="left") - 1, 0, 14)  # e_b < conf <= e_{b+1}; 0 -> bin 0
    counts = np.bincount(b, minlength=15)
    mconf = np.full(15, np.nan)
    macc = np.full(15, np.nan)
    ece = 0.0
    for i in range(15):
        if counts[i] > 0:
            mconf[i] = conf[b == i].sum() / counts[i]
            macc[i] = correct[b == i].sum() / counts[i]
            ece += counts[i] / n * abs(macc[i] - mconf[i])
    y = np.zeros((n, k))
    for i in range(n):
        if row2col[tidx[i]] >= 0:
            y[i, row2col[tidx[i]]] = 1.0
    brier = np.mean(np.sum((p - y) ** 2, axis=1))
    return ent, nent, conf.mean(), ece, brier, counts, mconf, macc, col2row


SOFT = [
    ("tiny_empty_column", ("lit", [0, 0, 1, 1, 2]),
     ("plit", [[0.7, 0.2, 0.1, 0.0], [0.5, 0.5, 0.0, 0.0], [0.1, 0.8, 0.1, 0.0], [0.0, 0.4, 0.6, 0.0],
               [0.25, 0.25, 0.5, 0.0]])),
    ("k1", ("lit", [0, 1, 1]), ("plit", [[1.0], [1.0], [1.0]])),
    ("n1", ("lit", [42]), ("plit", [[0.1, 0.6, 0.3]])),
    ("uniform_ties", ("lit", [0, 0, 0, 1, 2, 2]), ("plit", [[1 / 3] * 3] * 6)),
    ("bin_edges", ("lit", [0, 1, 2, 0, 1, 2, 0, 1, 2, 3]),
     ("plit", [[0.2] * 5, [0.2, 0.4, 0.2, 0.2, 0.0], [0.1, 0.1, 0.6, 0.1, 0.1], [1.0, 0.0, 0.0, 0.0, 0.0],
               [0.05, 0.8, 0.05, 0.05, 0.05], [0.0, 0.0, 0.5, 0.5, 0.0], [1 / 3, 1 / 3, 1 / 3, 0.0, 0.0],
               [1 / 3, 2 / 3, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 1.0], [0.0, 0.0, 0.0, 0.7, 0.3]])),
    ("onehot_120_k4", ("labels", 31, 120, 3), ("onehot", ("noisy", 32, ("labels", 31, 120, 3), 4, 20, 1), 4)),
    ("gen_500_k10", ("labels", 41, 500, 10),
     ("proba", 42, ("noisy", 43, ("labels", 41, 500, 10), 10, 30, 0), 10, 300, [])),
    ("gen_300_k12_gaps", ("relabel", ("labels", 44, 300, 6), [3, 7, 100, -1, 55, 8]),
     ("proba", 46, ("noisy", 45, ("labels", 44, 300, 6), 12, 20, 2), 12, 200, [11])),
    ("gen_400_k5_truth8", ("labels", 57, 400, 8),
     ("proba", 48, ("noisy", 49, ("labels", 57, 400, 8), 5, 25, 0), 5, 150, [])),
    ("gen_1000_k10_zero_col", ("labels", 50, 1000, 10),
     ("proba", 51, ("noisy", 52, ("labels", 50, 1000, 10), 10, 40, 3), 10, 100, [0])),
    ("one_true_cluster_50", ("relabel", ("labels", 53, 50, 1), [3]),
     ("proba", 54, ("labels", 56, 50, 4), 4, 80, [])),
]

COSTS = [  # (seed, rows, cols, range, divisor, offset): cost = (below(range) - offset) / divisor
    (61, 1, 1, 10, 1, 0), (62, 1, 5, 10, 1, 0), (63, 5, 1, 10, 1, 0), (64, 3, 7, 10, 1, 0),
    (65, 7, 3, 10, 1, 0), (66, 10, 10, 100, 1, 0), (67, 40, 60, 1000, 7, 0), (68, 60, 40, 1000, 7, 0),
    (69, 100, 100, 5, 1, 0), (70, 30, 30, 2001, 1000, 1000), (71, 1, 1, 10, 1, 5),
    (72, 120, 150, 100000, 1, 0), (73, 150, 120, 3, 1, 1),
]


def cost_matrix(seed, rows, cols, rng, div, off):
    r = Rng(seed)
    return np.array([[(r.below(rng) - off) / div for _ in range(cols)] for _ in range(rows)])


def main():
    out = sys.stdout
    out.write("// sklearn %s, scipy %s, numpy %s\n" % (sklearn.__version__, scipy.__version__, np.__version__))
    out.write("// HARD: name, truth, pred, nmi, ari, acc\n")
    for name, ts, ps in HARD:
        t, p = ev(ts), ev(ps)
        vals = (normalized_mutual_info_score(t, p), adjusted_rand_score(t, p), hungarian_acc(t, p))
        out.write('hard("%s", %s, %s, %s),\n' % (name, java(ts), java(ps), ", ".join(dbl(v) for v in vals)))
    t, p = ev(HARD[20][1]), ev(HARD[20][2])
    out.write("// geometric NMI of %s: %s\n" % (HARD[20][0], dbl(normalized_mutual_info_score(
        t, p, average_method="geometric"))))
    t, p = ev(HARD[14][1]), ev(HARD[14][2])
    out.write("// contingency of label_gaps: %s\n" % contingency_matrix(t, p).tolist())
    out.write("// SOFT: name, truth, proba, nmi, ari, acc, entropy, normalizedEntropy, confidence, ece, brier\n")
    for name, ts, ps in SOFT:
        t, p = ev(ts), np.array(ev(ps))
        n, k = p.shape
        assert np.all(np.abs(p.sum(axis=1) - 1) < 1e-12)
        pred = p.argmax(axis=1)
        labs, tidx = np.unique(t, return_inverse=True)
        c = np.zeros((len(labs), k), dtype=np.int64)
        np.add.at(c, (tidx, pred), 1)
        if max(c.shape) <= 8:  # the golden must not depend on how ties between optimal matchings are broken
            results = [soft_metrics(t, p, m, labs, tidx, pred) for m in optimal_matchings(c)]
            for res in results[1:]:
                assert all(abs(a - b) < 1e-15 for a, b in zip(res[:5], results[0][:5])), name
            res = results[0]
        else:
            res = soft_metrics(t, p, unique_matching(c), labs, tidx, pred)
        r, kk = linear_sum_assignment(-c)
        acc = c[r, kk].sum() / n
        vals = (normalized_mutual_info_score(t, pred), adjusted_rand_score(t, pred), acc) + res[:5]
        out.write('soft("%s", %s, %s, %s),\n' % (name, java(ts), java(ps), ", ".join(dbl(v) for v in vals)))
        if name in ("bin_edges", "gen_500_k10"):
            out.write("// bins of %s: counts %s\n" % (name, ints(res[5])))
            out.write("// mean confidence {%s}\n" % ", ".join(dbl(v) for v in res[6]))
            out.write("// accuracy {%s}\n" % ", ".join(dbl(v) for v in res[7]))
        if name == "gen_300_k12_gaps":
            col2row = res[8]
            out.write("// cluster -> label of %s: %s\n" % (name, ", ".join(
                "%d -> %d" % (j, labs[col2row[j]]) for j in range(k) if col2row[j] >= 0)))
    out.write("// COST: seed, rows, cols, range, divisor, offset, scipy minimum total\n")
    for spec in COSTS:
        a = cost_matrix(*spec)
        r, k = linear_sum_assignment(a)
        out.write("cost(%d, %d, %d, %d, %d, %d, %s),\n" % (spec + (dbl(a[r, k].sum()),)))


if __name__ == "__main__":
    main()
