package org.softcluster.embedding;

import java.util.Arrays;

/**
 * UMAP's fuzzy simplicial set (McInnes, Healy and Melville 2018, Algorithms 2–3; umap-learn's
 * {@code fuzzy_simplicial_set}): a symmetric weighted graph in compressed rows, each undirected edge stored in
 * both directions, rows and columns ascending.
 *
 * <p>Per row i: ρ_i, the distance to the nearest neighbour at a positive distance; σ_i by bisection so that
 * Σ_j exp(−max(0, d_ij − ρ_i)/σ_i) = log2(k) over its k − 1 neighbours (64 steps, tolerance 1e-5, floored at
 * 1e-3 × the mean distance); w_ij = exp(−max(0, d_ij − ρ_i)/σ_i). The union W + Wᵀ − W∘Wᵀ makes it symmetric.
 * Exponentials go through {@link StrictMath}, so the weights are the same bits on every host.
 */
final class FuzzyGraph {
    private static final int SIGMA_STEPS = 64;
    private static final double SIGMA_TOLERANCE = 1e-5;
    private static final double MIN_SCALE = 1e-3;

    /** Number of vertices. */
    final int n;
    /** Row starts into {@link #col} and {@link #weight} (n + 1 entries). */
    final int[] start;
    /** Column of each stored entry. */
    final int[] col;
    /** Weight of each stored entry, in (0, 1]. */
    final double[] weight;

    FuzzyGraph(int n, int[] start, int[] col, double[] weight) {
        this.n = n;
        this.start = start;
        this.col = col;
        this.weight = weight;
    }

    /** The fuzzy union of the rows' local fuzzy sets; {@code neighbors} counts the point itself, as umap-learn. */
    static FuzzyGraph of(NearestNeighbors nn, int neighbors) {
        int n = nn.index.length;
        double target = StrictMath.log(neighbors) / StrictMath.log(2.0);
        double meanAll = 0;
        long count = 0;
        for (double[] row : nn.distance) {
            for (double v : row) {
                meanAll += v;
                count++;
            }
        }
        // umap-learn's means include the point's own zero distance (its first neighbour is itself).
        meanAll /= count + n;
        double[][] w = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] dist = nn.distance[i];
            double rho = 0;
            for (double v : dist) {
                if (v > 0) {
                    rho = v;
                    break;
                }
            }
            double sigma = sigma(dist, rho, target);
            double mean = 0;
            for (double v : dist) mean += v;
            mean /= dist.length + 1;
            sigma = Math.max(sigma, MIN_SCALE * (rho > 0 ? mean : meanAll));
            w[i] = new double[dist.length];
            for (int j = 0; j < dist.length; j++) {
                double over = dist[j] - rho;
                w[i][j] = over <= 0 ? 1.0 : StrictMath.exp(-over / sigma);
            }
        }
        return union(nn.index, w, n);
    }

    /** umap-learn's bisection for σ: the kernel's total over the neighbours reaches {@code target}. */
    private static double sigma(double[] dist, double rho, double target) {
        double lo = 0;
        double hi = Double.POSITIVE_INFINITY;
        double mid = 1.0;
        for (int step = 0; step < SIGMA_STEPS; step++) {
            double psum = 0;
            for (double v : dist) {
                double over = v - rho;
                psum += over > 0 ? StrictMath.exp(-over / mid) : 1.0;
            }
            if (Math.abs(psum - target) < SIGMA_TOLERANCE) break;
            if (psum > target) {
                hi = mid;
                mid = (lo + hi) / 2.0;
            } else {
                lo = mid;
                mid = Double.isInfinite(hi) ? mid * 2 : (lo + hi) / 2.0;
            }
        }
        return mid;
    }

    /** W + Wᵀ − W∘Wᵀ in compressed rows: each directed kNN entry (i, j) and its mirror, with the union's weight. */
    private static FuzzyGraph union(int[][] index, double[][] w, int n) {
        int k = index[0].length;
        long[] keys = new long[2 * n * k];
        double[] vals = new double[2 * n * k];
        int m = 0;
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < index[i].length; a++) {
                int j = index[i][a];
                double wij = w[i][a];
                double wji = weightOf(index[j], w[j], i);
                double s = wij + wji - wij * wji;
                keys[m] = (long) i * n + j;
                vals[m++] = s;
                keys[m] = (long) j * n + i;
                vals[m++] = s;
            }
        }
        Integer[] order = new Integer[m];
        for (int a = 0; a < m; a++) order[a] = a;
        long[] kk = keys;
        Arrays.sort(order, (p, q) -> Long.compare(kk[p], kk[q]));
        int[] start = new int[n + 1];
        int[] col = new int[m];
        double[] weight = new double[m];
        int e = 0;
        long last = -1;
        for (int a = 0; a < m; a++) {
            long key = keys[order[a]];
            if (key == last) continue; // the same pair reached from both ends: same weight
            last = key;
            int i = (int) (key / n);
            col[e] = (int) (key % n);
            weight[e++] = vals[order[a]];
            start[i + 1]++;
        }
        for (int i = 0; i < n; i++) start[i + 1] += start[i];
        return new FuzzyGraph(n, start, Arrays.copyOf(col, e), Arrays.copyOf(weight, e));
    }

    private static double weightOf(int[] index, double[] w, int j) {
        for (int a = 0; a < index.length; a++) if (index[a] == j) return w[a];
        return 0.0;
    }

    /** The largest weight. */
    double maxWeight() {
        double max = 0;
        for (double v : weight) max = Math.max(max, v);
        return max;
    }

    /** This graph without the edges lighter than {@code min} (umap-learn drops those below max / epochs). */
    FuzzyGraph pruned(double min) {
        int[] s = new int[n + 1];
        int[] c = new int[col.length];
        double[] w = new double[col.length];
        int e = 0;
        for (int i = 0; i < n; i++) {
            for (int a = start[i]; a < start[i + 1]; a++) {
                if (weight[a] >= min) {
                    c[e] = col[a];
                    w[e++] = weight[a];
                }
            }
            s[i + 1] = e;
        }
        return new FuzzyGraph(n, s, Arrays.copyOf(c, e), Arrays.copyOf(w, e));
    }

    /** Connected components: each vertex's component number, components numbered by their lowest vertex. */
    int[] components() {
        int[] comp = new int[n];
        Arrays.fill(comp, -1);
        int[] queue = new int[n];
        int c = 0;
        for (int s = 0; s < n; s++) {
            if (comp[s] >= 0) continue;
            int head = 0;
            int tail = 0;
            queue[tail++] = s;
            comp[s] = c;
            while (head < tail) {
                int v = queue[head++];
                for (int a = start[v]; a < start[v + 1]; a++) {
                    if (comp[col[a]] < 0) {
                        comp[col[a]] = c;
                        queue[tail++] = col[a];
                    }
                }
            }
            c++;
        }
        return comp;
    }
}
