package org.softcluster.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares every metric with golden values from scikit-learn 1.2.1, SciPy 1.10.1 and NumPy 1.24.2.
 *
 * <p>NMI, ARI and the contingency table come from scikit-learn, accuracy and assignment totals from
 * {@code scipy.optimize.linear_sum_assignment}. scikit-learn has no ECE, so entropy, confidence, ECE,
 * the reliability bins and the Brier score come from a direct NumPy implementation of the definitions in
 * {@link SoftMetrics}; its matching is SciPy's, checked to be the unique optimum or, for small tables, to
 * give the same values under every optimal matching. Inputs are literals or come from {@link Gen}, which
 * the script mirrors. The numbers below are the script's output (Python repr, full precision), produced by
 * {@code /usr/bin/python3 core/src/test/python/metrics_goldens.py}; a copy of the script follows.
 *
 * <pre>
 * # Golden values for the org.softcluster.metrics tests.
 * # Run with Debian's interpreter: /usr/bin/python3 core/src/test/python/metrics_goldens.py
 * # (scikit-learn 1.2.1, SciPy 1.10.1, NumPy 1.24.2); it prints the Java case tables pasted in the tests.
 * # Inputs are literals or come from a tiny deterministic generator mirrored by Gen.java.
 * import itertools
 * import sys
 *
 * import numpy as np
 * import scipy
 * import sklearn
 * from scipy.optimize import linear_sum_assignment
 * from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
 * from sklearn.metrics.cluster import contingency_matrix
 *
 * assert sklearn.__version__ == "1.2.1", sklearn.__version__
 * MOD = 2147483647  # Park-Miller minimal standard generator, multiplier 48271
 *
 *
 * class Rng:
 *     def __init__(self, seed):
 *         self.s = seed
 *
 *     def below(self, bound):
 *         self.s = self.s * 48271 % MOD
 *         return self.s % bound
 *
 *
 * def labels(seed, n, k):
 *     r = Rng(seed)
 *     return [r.below(k) for _ in range(n)]
 *
 *
 * def noisy(seed, truth, k, noise_pct, shift):
 *     r = Rng(seed)
 *     out = []
 *     for t in truth:
 *         if r.below(100) &lt; noise_pct:
 *             out.append(r.below(k))
 *         else:
 *             out.append((t + shift) % k)
 *     return out
 *
 *
 * def proba(seed, clusters, k, boost, zero_cols):
 *     r = Rng(seed)
 *     rows = []
 *     for c in clusters:
 *         w = [1 + r.below(20) for _ in range(k)]
 *         for z in zero_cols:
 *             w[z] = 0
 *         w[c] += r.below(boost)
 *         s = sum(w)
 *         rows.append([x / s for x in w])  # int / int: correctly rounded, as (double) x / s in Java
 *     return rows
 *
 *
 * def ev(s):
 *     kind = s[0]
 *     if kind == "lit":
 *         return list(s[1])
 *     if kind == "labels":
 *         return labels(*s[1:])
 *     if kind == "noisy":
 *         return noisy(s[1], ev(s[2]), *s[3:])
 *     if kind == "relabel":
 *         return [s[2][x] for x in ev(s[1])]
 *     if kind == "plit":
 *         return [list(map(float, row)) for row in s[1]]
 *     if kind == "proba":
 *         return proba(s[1], ev(s[2]), *s[3:])
 *     if kind == "onehot":
 *         return [[1.0 if j == c else 0.0 for j in range(s[2])] for c in ev(s[1])]
 *     raise ValueError(kind)
 *
 *
 * def ints(xs):
 *     return "new int[] {" + ", ".join(str(x) for x in xs) + "}"
 *
 *
 * def dbl(x):
 *     x = float(x)
 *     return "Double.NaN" if x != x else repr(x)
 *
 *
 * def java(s):
 *     kind = s[0]
 *     if kind == "lit":
 *         return ints(s[1])
 *     if kind == "labels":
 *         return "Gen.labels(%d, %d, %d)" % s[1:]
 *     if kind == "noisy":
 *         return "Gen.noisy(%d, %s, %d, %d, %d)" % (s[1], java(s[2]), s[3], s[4], s[5])
 *     if kind == "relabel":
 *         return "Gen.relabel(%s, %s)" % (java(s[1]), ints(s[2]))
 *     if kind == "plit":
 *         return "new double[][] {" + ", ".join("{" + ", ".join(dbl(x) for x in row) + "}" for row in ev(s)) + "}"
 *     if kind == "proba":
 *         return "Gen.proba(%d, %s, %d, %d, %s)" % (s[1], java(s[2]), s[3], s[4], ints(s[5]))
 *     if kind == "onehot":
 *         return "Gen.onehot(%s, %d)" % (java(s[1]), s[2])
 *     raise ValueError(kind)
 *
 *
 * def hungarian_acc(t, p):
 *     c = contingency_matrix(t, p)
 *     r, k = linear_sum_assignment(-c)
 *     return c[r, k].sum() / len(t)
 *
 *
 * MIN, MAX = -2147483648, 2147483647
 * HARD = [
 *     ("perfect", ("lit", [0, 0, 1, 1, 2, 2]), ("lit", [0, 0, 1, 1, 2, 2])),
 *     ("permuted", ("lit", [0, 0, 1, 1, 2, 2]), ("lit", [2, 2, 0, 0, 1, 1])),
 *     ("sklearn_doc_split_class", ("lit", [0, 0, 1, 2]), ("lit", [0, 0, 1, 1])),
 *     ("sklearn_doc_split_cluster", ("lit", [0, 0, 1, 1]), ("lit", [0, 0, 1, 2])),
 *     ("discordant", ("lit", [0, 0, 1, 1]), ("lit", [0, 1, 0, 1])),
 *     ("one_pred_cluster", ("lit", [0, 1, 2, 0, 1, 2, 0]), ("lit", [5] * 7)),
 *     ("one_true_cluster_singletons", ("lit", [4, 4, 4, 4]), ("lit", [0, 1, 2, 3])),
 *     ("one_true_cluster_two_pred", ("lit", [4, 4, 4, 4, 4]), ("lit", [1, 1, 2, 2, 2])),
 *     ("both_single_cluster", ("lit", [1, 1, 1]), ("lit", [2, 2, 2])),
 *     ("n1", ("lit", [7]), ("lit", [3])),
 *     ("n2_merge", ("lit", [0, 1]), ("lit", [0, 0])),
 *     ("n2_singletons", ("lit", [0, 1]), ("lit", [5, -5])),
 *     ("all_singletons", ("lit", [0, 1, 2, 3, 4, 5]), ("lit", [3, 5, 0, 1, 4, 2])),
 *     ("pred_all_singletons", ("lit", [0, 0, 0, 1, 1, 1]), ("lit", [0, 1, 2, 3, 4, 5])),
 *     ("label_gaps", ("lit", [3, 7, 100, 3, 7, 100, 3, 7]), ("lit", [-5, 0, 0, -5, 9, 9, -5, 0])),
 *     ("int_extremes", ("lit", [MIN, MIN, 0, 0, MAX, MAX, 0]), ("lit", [MAX, MAX, MIN, 0, 0, 0, MIN])),
 *     ("kpred_gt_ktrue", ("lit", [0, 0, 0, 1, 1, 1, 2, 2]), ("lit", [0, 0, 1, 2, 2, 3, 4, 4])),
 *     ("kpred_lt_ktrue", ("lit", [0, 1, 2, 3, 0, 1, 2, 3]), ("lit", [0, 0, 1, 1, 0, 0, 1, 1])),
 *     ("random_200_k3", ("labels", 11, 200, 3), ("labels", 12, 200, 3)),
 *     ("noisy_200_k5", ("labels", 14, 200, 5), ("noisy", 13, ("labels", 14, 200, 5), 5, 30, 2)),
 *     ("noisy_500_k10_pred12", ("labels", 16, 500, 10), ("noisy", 15, ("labels", 16, 500, 10), 12, 25, 3)),
 *     ("noisy_1000_k10_pred7", ("labels", 18, 1000, 10), ("noisy", 17, ("labels", 18, 1000, 10), 7, 20, 1)),
 *     ("random_1000_k10", ("labels", 19, 1000, 10), ("labels", 20, 1000, 10)),
 *     ("noisy_1000_k50_pred60", ("labels", 22, 1000, 50), ("noisy", 21, ("labels", 22, 1000, 50), 60, 40, 5)),
 *     ("gaps_noisy_300", ("relabel", ("labels", 23, 300, 4), [3, 7, 100, -2]),
 *      ("relabel", ("noisy", 24, ("labels", 23, 300, 4), 6, 35, 0), [10, 20, 30, 40, 50, 60])),
 *     ("permutation_400_k6", ("labels", 25, 400, 6), ("relabel", ("labels", 25, 400, 6), [5, 3, 1, 0, 2, 4])),
 *     ("one_pred_cluster_300", ("labels", 26, 300, 4), ("relabel", ("labels", 27, 300, 1), [9])),
 *     ("one_true_cluster_300", ("relabel", ("labels", 27, 300, 1), [-3]), ("labels", 26, 300, 4)),
 *     ("large_20000_k100_pred80", ("labels", 29, 20000, 100), ("noisy", 28, ("labels", 29, 20000, 100), 80, 50, 7)),
 * ]
 *
 *
 * def optimal_matchings(c):
 *     """All maximum-weight matchings of a small count matrix (brute force), as lists of (row, col)."""
 *     r, k = c.shape
 *     best, found = None, []
 *     if r &lt;= k:
 *         cands = [list(zip(range(r), perm)) for perm in itertools.permutations(range(k), r)]
 *     else:
 *         cands = [list(zip(perm, range(k))) for perm in itertools.permutations(range(r), k)]
 *     for m in cands:
 *         v = sum(c[i, j] for i, j in m)
 *         if best is None or v &gt; best:
 *             best, found = v, [m]
 *         elif v == best:
 *             found.append(m)
 *     return found
 *
 *
 * def unique_matching(c):
 *     """The SciPy matching after checking it is the only optimum (forbidding any matched pair costs)."""
 *     r, k = linear_sum_assignment(-c)
 *     best = c[r, k].sum()
 *     for i, j in zip(r, k):
 *         d = c.astype(float)
 *         d[i, j] = -1e9
 *         r2, k2 = linear_sum_assignment(-d)
 *         assert d[r2, k2].sum() &lt; best, "tied optimal matchings"
 *     return list(zip(r, k))
 *
 *
 * def soft_metrics(truth, p, matching, labs, tidx, pred):
 *     n, k = p.shape
 *     col2row = np.full(k, -1)
 *     row2col = np.full(len(labs), -1)
 *     for i, j in matching:
 *         col2row[j], row2col[i] = i, j
 *     logp = np.log(np.where(p &gt; 0, p, 1.0))
 *     ent = np.mean(-np.sum(np.where(p &gt; 0, p * logp, 0.0), axis=1))
 *     nent = ent / np.log(k) if k &gt; 1 else 0.0
 *     conf = p.max(axis=1)
 *     correct = col2row[pred] == tidx
 *     edges = np.arange(16) / 15.0
 *     b = np.clip(np.searchsorted(edges, conf, side="left") - 1, 0, 14)  # e_b &lt; conf &lt;= e_{b+1}; 0 -&gt; bin 0
 *     counts = np.bincount(b, minlength=15)
 *     mconf = np.full(15, np.nan)
 *     macc = np.full(15, np.nan)
 *     ece = 0.0
 *     for i in range(15):
 *         if counts[i] &gt; 0:
 *             mconf[i] = conf[b == i].sum() / counts[i]
 *             macc[i] = correct[b == i].sum() / counts[i]
 *             ece += counts[i] / n * abs(macc[i] - mconf[i])
 *     y = np.zeros((n, k))
 *     for i in range(n):
 *         if row2col[tidx[i]] &gt;= 0:
 *             y[i, row2col[tidx[i]]] = 1.0
 *     brier = np.mean(np.sum((p - y) ** 2, axis=1))
 *     return ent, nent, conf.mean(), ece, brier, counts, mconf, macc, col2row
 *
 *
 * SOFT = [
 *     ("tiny_empty_column", ("lit", [0, 0, 1, 1, 2]),
 *      ("plit", [[0.7, 0.2, 0.1, 0.0], [0.5, 0.5, 0.0, 0.0], [0.1, 0.8, 0.1, 0.0], [0.0, 0.4, 0.6, 0.0],
 *                [0.25, 0.25, 0.5, 0.0]])),
 *     ("k1", ("lit", [0, 1, 1]), ("plit", [[1.0], [1.0], [1.0]])),
 *     ("n1", ("lit", [42]), ("plit", [[0.1, 0.6, 0.3]])),
 *     ("uniform_ties", ("lit", [0, 0, 0, 1, 2, 2]), ("plit", [[1 / 3] * 3] * 6)),
 *     ("bin_edges", ("lit", [0, 1, 2, 0, 1, 2, 0, 1, 2, 3]),
 *      ("plit", [[0.2] * 5, [0.2, 0.4, 0.2, 0.2, 0.0], [0.1, 0.1, 0.6, 0.1, 0.1], [1.0, 0.0, 0.0, 0.0, 0.0],
 *                [0.05, 0.8, 0.05, 0.05, 0.05], [0.0, 0.0, 0.5, 0.5, 0.0], [1 / 3, 1 / 3, 1 / 3, 0.0, 0.0],
 *                [1 / 3, 2 / 3, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 1.0], [0.0, 0.0, 0.0, 0.7, 0.3]])),
 *     ("onehot_120_k4", ("labels", 31, 120, 3), ("onehot", ("noisy", 32, ("labels", 31, 120, 3), 4, 20, 1), 4)),
 *     ("gen_500_k10", ("labels", 41, 500, 10),
 *      ("proba", 42, ("noisy", 43, ("labels", 41, 500, 10), 10, 30, 0), 10, 300, [])),
 *     ("gen_300_k12_gaps", ("relabel", ("labels", 44, 300, 6), [3, 7, 100, -1, 55, 8]),
 *      ("proba", 46, ("noisy", 45, ("labels", 44, 300, 6), 12, 20, 2), 12, 200, [11])),
 *     ("gen_400_k5_truth8", ("labels", 57, 400, 8),
 *      ("proba", 48, ("noisy", 49, ("labels", 57, 400, 8), 5, 25, 0), 5, 150, [])),
 *     ("gen_1000_k10_zero_col", ("labels", 50, 1000, 10),
 *      ("proba", 51, ("noisy", 52, ("labels", 50, 1000, 10), 10, 40, 3), 10, 100, [0])),
 *     ("one_true_cluster_50", ("relabel", ("labels", 53, 50, 1), [3]),
 *      ("proba", 54, ("labels", 56, 50, 4), 4, 80, [])),
 * ]
 *
 * COSTS = [  # (seed, rows, cols, range, divisor, offset): cost = (below(range) - offset) / divisor
 *     (61, 1, 1, 10, 1, 0), (62, 1, 5, 10, 1, 0), (63, 5, 1, 10, 1, 0), (64, 3, 7, 10, 1, 0),
 *     (65, 7, 3, 10, 1, 0), (66, 10, 10, 100, 1, 0), (67, 40, 60, 1000, 7, 0), (68, 60, 40, 1000, 7, 0),
 *     (69, 100, 100, 5, 1, 0), (70, 30, 30, 2001, 1000, 1000), (71, 1, 1, 10, 1, 5),
 *     (72, 120, 150, 100000, 1, 0), (73, 150, 120, 3, 1, 1),
 * ]
 *
 *
 * def cost_matrix(seed, rows, cols, rng, div, off):
 *     r = Rng(seed)
 *     return np.array([[(r.below(rng) - off) / div for _ in range(cols)] for _ in range(rows)])
 *
 *
 * def main():
 *     out = sys.stdout
 *     out.write("// sklearn %s, scipy %s, numpy %s\n" % (sklearn.__version__, scipy.__version__, np.__version__))
 *     out.write("// HARD: name, truth, pred, nmi, ari, acc\n")
 *     for name, ts, ps in HARD:
 *         t, p = ev(ts), ev(ps)
 *         vals = (normalized_mutual_info_score(t, p), adjusted_rand_score(t, p), hungarian_acc(t, p))
 *         out.write('hard("%s", %s, %s, %s),\n' % (name, java(ts), java(ps), ", ".join(dbl(v) for v in vals)))
 *     t, p = ev(HARD[20][1]), ev(HARD[20][2])
 *     out.write("// geometric NMI of %s: %s\n" % (HARD[20][0], dbl(normalized_mutual_info_score(
 *         t, p, average_method="geometric"))))
 *     t, p = ev(HARD[14][1]), ev(HARD[14][2])
 *     out.write("// contingency of label_gaps: %s\n" % contingency_matrix(t, p).tolist())
 *     out.write("// SOFT: name, truth, proba, nmi, ari, acc, entropy, normalizedEntropy, confidence, ece, brier\n")
 *     for name, ts, ps in SOFT:
 *         t, p = ev(ts), np.array(ev(ps))
 *         n, k = p.shape
 *         assert np.all(np.abs(p.sum(axis=1) - 1) &lt; 1e-12)
 *         pred = p.argmax(axis=1)
 *         labs, tidx = np.unique(t, return_inverse=True)
 *         c = np.zeros((len(labs), k), dtype=np.int64)
 *         np.add.at(c, (tidx, pred), 1)
 *         if max(c.shape) &lt;= 8:  # the golden must not depend on how ties between optimal matchings are broken
 *             results = [soft_metrics(t, p, m, labs, tidx, pred) for m in optimal_matchings(c)]
 *             for res in results[1:]:
 *                 assert all(abs(a - b) &lt; 1e-15 for a, b in zip(res[:5], results[0][:5])), name
 *             res = results[0]
 *         else:
 *             res = soft_metrics(t, p, unique_matching(c), labs, tidx, pred)
 *         r, kk = linear_sum_assignment(-c)
 *         acc = c[r, kk].sum() / n
 *         vals = (normalized_mutual_info_score(t, pred), adjusted_rand_score(t, pred), acc) + res[:5]
 *         out.write('soft("%s", %s, %s, %s),\n' % (name, java(ts), java(ps), ", ".join(dbl(v) for v in vals)))
 *         if name in ("bin_edges", "gen_500_k10"):
 *             out.write("// bins of %s: counts %s\n" % (name, ints(res[5])))
 *             out.write("// mean confidence {%s}\n" % ", ".join(dbl(v) for v in res[6]))
 *             out.write("// accuracy {%s}\n" % ", ".join(dbl(v) for v in res[7]))
 *         if name == "gen_300_k12_gaps":
 *             col2row = res[8]
 *             out.write("// cluster -&gt; label of %s: %s\n" % (name, ", ".join(
 *                 "%d -&gt; %d" % (j, labs[col2row[j]]) for j in range(k) if col2row[j] &gt;= 0)))
 *     out.write("// COST: seed, rows, cols, range, divisor, offset, scipy minimum total\n")
 *     for spec in COSTS:
 *         a = cost_matrix(*spec)
 *         r, k = linear_sum_assignment(a)
 *         out.write("cost(%d, %d, %d, %d, %d, %d, %s),\n" % (spec + (dbl(a[r, k].sum()),)))
 *
 *
 * if __name__ == "__main__":
 *     main()
 * </pre>
 */
class MetricsGoldenTest {

    /** Tolerance where the Java and Python computations agree to rounding (it holds for every case). */
    private static final double TOL = 1e-12;

    record Hard(String name, int[] truth, int[] pred, double nmi, double ari, double acc) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Soft(String name, int[] truth, double[][] proba, double nmi, double ari, double acc, double entropy,
                double normalizedEntropy, double confidence, double ece, double brier) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Cost(int seed, int rows, int cols, int range, int divisor, int offset, double total) {
        double[][] matrix() {
            return Gen.cost(seed, rows, cols, range, divisor, offset);
        }

        @Override
        public String toString() {
            return rows + "x" + cols + " seed " + seed;
        }
    }

    private static Hard hard(String name, int[] truth, int[] pred, double nmi, double ari, double acc) {
        return new Hard(name, truth, pred, nmi, ari, acc);
    }

    private static Soft soft(String name, int[] truth, double[][] proba, double nmi, double ari, double acc,
                             double entropy, double normalizedEntropy, double confidence, double ece, double brier) {
        return new Soft(name, truth, proba, nmi, ari, acc, entropy, normalizedEntropy, confidence, ece, brier);
    }

    private static Cost cost(int seed, int rows, int cols, int range, int divisor, int offset, double total) {
        return new Cost(seed, rows, cols, range, divisor, offset, total);
    }

    // ---- golden output of metrics_goldens.py ----
    // sklearn 1.2.1, scipy 1.10.1, numpy 1.24.2
    // HARD: name, truth, pred, nmi, ari, acc
    // SOFT: name, truth, proba, nmi, ari, acc, entropy, normalizedEntropy, confidence, ece, brier
    // COST: seed, rows, cols, range, divisor, offset, scipy minimum total
    static final List<Hard> HARD = List.of(
        hard("perfect", new int[] {0, 0, 1, 1, 2, 2}, new int[] {0, 0, 1, 1, 2, 2}, 1.0, 1.0, 1.0),
        hard("permuted", new int[] {0, 0, 1, 1, 2, 2}, new int[] {2, 2, 0, 0, 1, 1}, 1.0, 1.0, 1.0),
        hard("sklearn_doc_split_class", new int[] {0, 0, 1, 2}, new int[] {0, 0, 1, 1}, 0.7999999999999999, 0.5714285714285714, 0.75),
        hard("sklearn_doc_split_cluster", new int[] {0, 0, 1, 1}, new int[] {0, 0, 1, 2}, 0.7999999999999999, 0.5714285714285714, 0.75),
        hard("discordant", new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}, 0.0, -0.5, 0.5),
        hard("one_pred_cluster", new int[] {0, 1, 2, 0, 1, 2, 0}, new int[] {5, 5, 5, 5, 5, 5, 5}, 0.0, 0.0, 0.42857142857142855),
        hard("one_true_cluster_singletons", new int[] {4, 4, 4, 4}, new int[] {0, 1, 2, 3}, 0.0, 0.0, 0.25),
        hard("one_true_cluster_two_pred", new int[] {4, 4, 4, 4, 4}, new int[] {1, 1, 2, 2, 2}, 0.0, 0.0, 0.6),
        hard("both_single_cluster", new int[] {1, 1, 1}, new int[] {2, 2, 2}, 1.0, 1.0, 1.0),
        hard("n1", new int[] {7}, new int[] {3}, 1.0, 1.0, 1.0),
        hard("n2_merge", new int[] {0, 1}, new int[] {0, 0}, 0.0, 0.0, 0.5),
        hard("n2_singletons", new int[] {0, 1}, new int[] {5, -5}, 1.0, 1.0, 1.0),
        hard("all_singletons", new int[] {0, 1, 2, 3, 4, 5}, new int[] {3, 5, 0, 1, 4, 2}, 1.0, 1.0, 1.0),
        hard("pred_all_singletons", new int[] {0, 0, 0, 1, 1, 1}, new int[] {0, 1, 2, 3, 4, 5}, 0.5578858913022601, 0.0, 0.3333333333333333),
        hard("label_gaps", new int[] {3, 7, 100, 3, 7, 100, 3, 7}, new int[] {-5, 0, 0, -5, 9, 9, -5, 0}, 0.6193113011326311, 0.42857142857142855, 0.75),
        hard("int_extremes", new int[] {-2147483648, -2147483648, 0, 0, 2147483647, 2147483647, 0}, new int[] {2147483647, 2147483647, -2147483648, 0, 0, 0, -2147483648}, 0.7471790950662618, 0.475, 0.8571428571428571),
        hard("kpred_gt_ktrue", new int[] {0, 0, 0, 1, 1, 1, 2, 2}, new int[] {0, 0, 1, 2, 2, 3, 4, 4}, 0.8192937242965953, 0.5294117647058824, 0.75),
        hard("kpred_lt_ktrue", new int[] {0, 1, 2, 3, 0, 1, 2, 3}, new int[] {0, 0, 1, 1, 0, 0, 1, 1}, 0.666666666666667, 0.36363636363636365, 0.5),
        hard("random_200_k3", Gen.labels(11, 200, 3), Gen.labels(12, 200, 3), 0.009601411316466102, -6.78078916828144e-05, 0.38),
        hard("noisy_200_k5", Gen.labels(14, 200, 5), Gen.noisy(13, Gen.labels(14, 200, 5), 5, 30, 2), 0.4176470646224698, 0.4066349762289997, 0.715),
        hard("noisy_500_k10_pred12", Gen.labels(16, 500, 10), Gen.noisy(15, Gen.labels(16, 500, 10), 12, 25, 3), 0.6404198489862656, 0.6181417165424317, 0.788),
        hard("noisy_1000_k10_pred7", Gen.labels(18, 1000, 10), Gen.noisy(17, Gen.labels(18, 1000, 10), 7, 20, 1), 0.5701071564528829, 0.49330844780248423, 0.604),
        hard("random_1000_k10", Gen.labels(19, 1000, 10), Gen.labels(20, 1000, 10), 0.015077988840833731, -0.0016546694942991174, 0.135),
        hard("noisy_1000_k50_pred60", Gen.labels(22, 1000, 50), Gen.noisy(21, Gen.labels(22, 1000, 50), 60, 40, 5), 0.6545086448371895, 0.3822682573502067, 0.609),
        hard("gaps_noisy_300", Gen.relabel(Gen.labels(23, 300, 4), new int[] {3, 7, 100, -2}), Gen.relabel(Gen.noisy(24, Gen.labels(23, 300, 4), 6, 35, 0), new int[] {10, 20, 30, 40, 50, 60}), 0.44088712073472974, 0.4897357432682678, 0.7233333333333334),
        hard("permutation_400_k6", Gen.labels(25, 400, 6), Gen.relabel(Gen.labels(25, 400, 6), new int[] {5, 3, 1, 0, 2, 4}), 0.9999999999999999, 1.0, 1.0),
        hard("one_pred_cluster_300", Gen.labels(26, 300, 4), Gen.relabel(Gen.labels(27, 300, 1), new int[] {9}), 0.0, 0.0, 0.27666666666666667),
        hard("one_true_cluster_300", Gen.relabel(Gen.labels(27, 300, 1), new int[] {-3}), Gen.labels(26, 300, 4), 0.0, 0.0, 0.27666666666666667),
        hard("large_20000_k100_pred80", Gen.labels(29, 20000, 100), Gen.noisy(28, Gen.labels(29, 20000, 100), 80, 50, 7), 0.38967395265825217, 0.21788951245398677, 0.4102)
    );

    static final List<Soft> SOFT = List.of(
        soft("tiny_empty_column", new int[] {0, 0, 1, 1, 2}, new double[][] {{0.7, 0.2, 0.1, 0.0}, {0.5, 0.5, 0.0, 0.0}, {0.1, 0.8, 0.1, 0.0}, {0.0, 0.4, 0.6, 0.0}, {0.25, 0.25, 0.5, 0.0}}, 0.737175493807016, 0.375, 0.8, 0.7693460061205268, 0.5549658338789071, 0.62, 0.42, 0.359),
        soft("k1", new int[] {0, 1, 1}, new double[][] {{1.0}, {1.0}, {1.0}}, 0.0, 0.0, 0.6666666666666666, 0.0, 0.0, 1.0, 0.33333333333333337, 0.3333333333333333),
        soft("n1", new int[] {42}, new double[][] {{0.1, 0.6, 0.3}}, 1.0, 1.0, 1.0, 0.8979457248567797, 0.8173454221465102, 0.6, 0.4, 0.26),
        soft("uniform_ties", new int[] {0, 0, 0, 1, 2, 2}, new double[][] {{0.3333333333333333, 0.3333333333333333, 0.3333333333333333}, {0.3333333333333333, 0.3333333333333333, 0.3333333333333333}, {0.3333333333333333, 0.3333333333333333, 0.3333333333333333}, {0.3333333333333333, 0.3333333333333333, 0.3333333333333333}, {0.3333333333333333, 0.3333333333333333, 0.3333333333333333}, {0.3333333333333333, 0.3333333333333333, 0.3333333333333333}}, 0.0, 0.0, 0.5, 1.0986122886681093, 0.9999999999999998, 0.3333333333333333, 0.16666666666666669, 0.6666666666666669),
        soft("bin_edges", new int[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 3}, new double[][] {{0.2, 0.2, 0.2, 0.2, 0.2}, {0.2, 0.4, 0.2, 0.2, 0.0}, {0.1, 0.1, 0.6, 0.1, 0.1}, {1.0, 0.0, 0.0, 0.0, 0.0}, {0.05, 0.8, 0.05, 0.05, 0.05}, {0.0, 0.0, 0.5, 0.5, 0.0}, {0.3333333333333333, 0.3333333333333333, 0.3333333333333333, 0.0, 0.0}, {0.3333333333333333, 0.6666666666666666, 0.0, 0.0, 0.0}, {0.0, 0.0, 0.0, 0.0, 1.0}, {0.0, 0.0, 0.0, 0.7, 0.3}}, 0.9322526294689151, 0.8484848484848485, 0.9, 0.7985945599441362, 0.4961946986425519, 0.62, 0.4800000000000001, 0.509888888888889),
        soft("onehot_120_k4", Gen.labels(31, 120, 3), Gen.onehot(Gen.noisy(32, Gen.labels(31, 120, 3), 4, 20, 1), 4), 0.6124814719598484, 0.6820940928154812, 0.8666666666666667, 0.0, 0.0, 1.0, 0.1333333333333333, 0.26666666666666666),
        soft("gen_500_k10", Gen.labels(41, 500, 10), Gen.proba(42, Gen.noisy(43, Gen.labels(41, 500, 10), 10, 30, 0), 10, 300, new int[] {}), 0.5066816100228291, 0.4645255226513051, 0.708, 1.4993004781231754, 0.6511379243638022, 0.5658748633227494, 0.14852972198748562, 0.5302049501514655),
        soft("gen_300_k12_gaps", Gen.relabel(Gen.labels(44, 300, 6), new int[] {3, 7, 100, -1, 55, 8}), Gen.proba(46, Gen.noisy(45, Gen.labels(44, 300, 6), 12, 20, 2), 12, 200, new int[] {11}), 0.571430602160978, 0.5792001347012655, 0.7533333333333333, 1.797812896136558, 0.7234931325448134, 0.45854781315190374, 0.3009352543819759, 0.5242731653099552),
        soft("gen_400_k5_truth8", Gen.labels(57, 400, 8), Gen.proba(48, Gen.noisy(49, Gen.labels(57, 400, 8), 5, 25, 0), 5, 150, new int[] {}), 0.4131512218512478, 0.3552173342836241, 0.505, 1.077288718826466, 0.6693571156138503, 0.6240977402146157, 0.1505913581279204, 0.4264240516320538),
        soft("gen_1000_k10_zero_col", Gen.labels(50, 1000, 10), Gen.proba(51, Gen.noisy(52, Gen.labels(50, 1000, 10), 10, 40, 3), 10, 100, new int[] {0}), 0.31164393906891497, 0.26918205866536793, 0.569, 1.8160528226964063, 0.7887017197418739, 0.38964417307087656, 0.18099067165917337, 0.7005393027835594),
        soft("one_true_cluster_50", Gen.relabel(Gen.labels(53, 50, 1), new int[] {3}), Gen.proba(54, Gen.labels(56, 50, 4), 4, 80, new int[] {}), 0.0, 0.0, 0.34, 1.0689709934481082, 0.7710995755508672, 0.5808487939665374, 0.24084879396653758, 0.8348884263666305)
    );

    static final List<Cost> COSTS = List.of(
        cost(61, 1, 1, 10, 1, 0, 1.0),
        cost(62, 1, 5, 10, 1, 0, 2.0),
        cost(63, 5, 1, 10, 1, 0, 3.0),
        cost(64, 3, 7, 10, 1, 0, 2.0),
        cost(65, 7, 3, 10, 1, 0, 5.0),
        cost(66, 10, 10, 100, 1, 0, 65.0),
        cost(67, 40, 60, 1000, 7, 0, 112.14285714285714),
        cost(68, 60, 40, 1000, 7, 0, 110.42857142857143),
        cost(69, 100, 100, 5, 1, 0, 0.0),
        cost(70, 30, 30, 2001, 1000, 1000, -26.315999999999995),
        cost(71, 1, 1, 10, 1, 5, -4.0),
        cost(72, 120, 150, 100000, 1, 0, 106044.0),
        cost(73, 150, 120, 3, 1, 1, -120.0)
    );

    /** name, counts, mean confidence, accuracy per bin. */
    static final Object[][] BINS = {
        {"bin_edges", new int[] {0, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 0, 0, 2}, new double[] {Double.NaN, Double.NaN, 0.2, Double.NaN, 0.3333333333333333, 0.4, Double.NaN, 0.5, 0.6, 0.6666666666666666, 0.7, 0.8, Double.NaN, Double.NaN, 1.0}, new double[] {Double.NaN, Double.NaN, 1.0, Double.NaN, 1.0, 1.0, Double.NaN, 1.0, 1.0, 1.0, 1.0, 1.0, Double.NaN, Double.NaN, 0.5}},
        {"gen_500_k10", new int[] {0, 1, 30, 23, 18, 20, 33, 49, 63, 74, 100, 79, 10, 0, 0}, new double[] {Double.NaN, 0.1282051282051282, 0.1680429555158168, 0.23129904352378472, 0.3001383161655845, 0.3609409864444851, 0.43019954647842457, 0.49909428358723135, 0.5664907951485761, 0.6353065435608316, 0.7028994539076098, 0.7601526570387276, 0.8130935902533185, Double.NaN, Double.NaN}, new double[] {Double.NaN, 0.0, 0.43333333333333335, 0.6956521739130435, 0.6666666666666666, 0.6, 0.696969696969697, 0.8367346938775511, 0.6984126984126984, 0.7567567567567568, 0.7, 0.7468354430379747, 0.8, Double.NaN, Double.NaN}},
    };

    static final double GEOMETRIC_NMI_NOISY_500 = 0.6406298192884623;

    static final int[][] GAPS_CONTINGENCY = {{3, 0, 0}, {0, 2, 1}, {0, 1, 1}};

    static final Map<Integer, Integer> GAPS_MAPPING = mapOf(2, 3, 3, 7, 4, 100, 5, -1, 6, 55, 7, 8);
    // ---- end of golden output ----

    static Stream<Hard> hardCases() {
        return HARD.stream();
    }

    static Stream<Soft> softCases() {
        return SOFT.stream();
    }

    static Stream<Cost> costCases() {
        return COSTS.stream();
    }

    static Hard hardCase(String name) {
        return HARD.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static Soft softCase(String name) {
        return SOFT.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hardCases")
    void nmiMatchesSklearn(Hard c) {
        assertEquals(c.nmi(), Nmi.score(c.truth(), c.pred()), TOL);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hardCases")
    void ariMatchesSklearn(Hard c) {
        assertEquals(c.ari(), Ari.score(c.truth(), c.pred()), TOL);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hardCases")
    void accuracyMatchesScipyAssignment(Hard c) {
        assertEquals(c.acc(), HungarianAccuracy.score(c.truth(), c.pred()), TOL);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hardCases")
    void hardReportMatchesGoldens(Hard c) {
        MetricReport r = MetricReport.of(c.truth(), c.pred());
        assertEquals(c.truth().length, r.n());
        assertEquals(Arrays.stream(c.pred()).distinct().count(), r.k());
        assertEquals(c.nmi(), r.nmi(), TOL);
        assertEquals(c.ari(), r.ari(), TOL);
        assertEquals(c.acc(), r.acc(), TOL);
        assertTrue(Double.isNaN(r.entropy()) && Double.isNaN(r.confidence())
                && Double.isNaN(r.ece()) && Double.isNaN(r.brier()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("softCases")
    void softMetricsMatchNumpy(Soft c) {
        assertEquals(c.entropy(), SoftMetrics.entropy(c.proba()), TOL, "entropy");
        assertEquals(c.normalizedEntropy(), SoftMetrics.normalizedEntropy(c.proba()), TOL, "normalized entropy");
        assertEquals(c.confidence(), SoftMetrics.confidence(c.proba()), TOL, "confidence");
        assertEquals(c.ece(), SoftMetrics.ece(c.truth(), c.proba()), TOL, "ece");
        assertEquals(c.brier(), SoftMetrics.brier(c.truth(), c.proba()), TOL, "brier");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("softCases")
    void softReportMatchesGoldens(Soft c) {
        MetricReport r = MetricReport.of(c.truth(), c.proba());
        assertEquals(c.truth().length, r.n());
        assertEquals(c.proba()[0].length, r.k());
        assertEquals(c.nmi(), r.nmi(), TOL, "nmi");
        assertEquals(c.ari(), r.ari(), TOL, "ari");
        assertEquals(c.acc(), r.acc(), TOL, "acc");
        assertEquals(c.entropy(), r.entropy(), TOL, "entropy");
        assertEquals(c.confidence(), r.confidence(), TOL, "confidence");
        assertEquals(c.ece(), r.ece(), TOL, "ece");
        assertEquals(c.brier(), r.brier(), TOL, "brier");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("costCases")
    void assignmentTotalMatchesScipy(Cost c) {
        double[][] m = c.matrix();
        int[] rowToCol = Hungarian.minimize(m);
        assertEquals(c.rows(), rowToCol.length);
        long assigned = Arrays.stream(rowToCol).filter(j -> j >= 0).count();
        assertEquals(Math.min(c.rows(), c.cols()), assigned);
        assertEquals(assigned, Arrays.stream(rowToCol).filter(j -> j >= 0).distinct().count(), "columns reused");
        assertEquals(c.total(), Hungarian.total(m, rowToCol), 1e-9 * Math.max(1.0, Math.abs(c.total())));
    }

    @Test
    void reliabilityBinsMatchNumpy() {
        for (Object[] g : BINS) {
            Soft c = softCase((String) g[0]);
            List<SoftMetrics.Bin> bins = SoftMetrics.calibration(c.truth(), c.proba()).bins();
            assertEquals(SoftMetrics.ECE_BINS, bins.size());
            for (int b = 0; b < bins.size(); b++) {
                SoftMetrics.Bin bin = bins.get(b);
                assertEquals(b, bin.index());
                assertEquals(b / 15.0, bin.lower());
                assertEquals((b + 1) / 15.0, bin.upper());
                assertEquals(((int[]) g[1])[b], bin.count(), c.name() + " bin " + b);
                assertEquals(((double[]) g[2])[b], bin.meanConfidence(), TOL, c.name() + " bin " + b);
                assertEquals(((double[]) g[3])[b], bin.accuracy(), TOL, c.name() + " bin " + b);
            }
        }
    }

    @Test
    void matchingMatchesScipyWhereUnique() {
        Soft c = softCase("gen_300_k12_gaps");
        HungarianAccuracy.Matching m = SoftMetrics.match(c.truth(), c.proba());
        assertEquals(GAPS_MAPPING, m.clusterToLabel());
        for (Map.Entry<Integer, Integer> e : GAPS_MAPPING.entrySet()) {
            assertEquals(e.getValue(), m.labelOf(e.getKey()).getAsInt());
            assertEquals(e.getKey(), m.clusterOf(e.getValue()).getAsInt());
        }
        for (int cluster = 0; cluster < 12; cluster++) {
            assertEquals(GAPS_MAPPING.containsKey(cluster), m.labelOf(cluster).isPresent());
        }
    }

    @Test
    void contingencyMatchesSklearn() {
        Hard c = hardCase("label_gaps");
        Contingency t = Contingency.of(c.truth(), c.pred());
        assertArrayEquals(new int[] {3, 7, 100}, t.trueLabels());
        assertArrayEquals(new int[] {-5, 0, 9}, t.predLabels());
        assertArrayEquals(GAPS_CONTINGENCY, t.toArray());
    }

    @Test
    void goldensDistinguishNormalisations() {
        // The arithmetic golden differs from the geometric one by far more than the tolerance, so a wrong
        // normalisation would fail nmiMatchesSklearn.
        Hard c = hardCase("noisy_500_k10_pred12");
        double nmi = Nmi.score(c.truth(), c.pred());
        assertEquals(c.nmi(), nmi, TOL);
        assertTrue(Math.abs(nmi - GEOMETRIC_NMI_NOISY_500) > 1e-4, "arithmetic and geometric NMI too close");
    }

    private static Map<Integer, Integer> mapOf(int... pairs) {
        Map<Integer, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
