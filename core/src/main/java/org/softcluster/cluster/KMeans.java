package org.softcluster.cluster;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.softcluster.data.Dataset;

/**
 * k-means clustering: Lloyd's algorithm from greedy k-means++ starts, best of {@code nInit}
 * restarts by inertia, as in scikit-learn's {@code KMeans(algorithm="lloyd")}.
 *
 * <p>Details that follow scikit-learn 1.2: greedy k-means++ tries {@code 2 + ⌊ln k⌋} candidates
 * per centre and keeps the one that lowers the potential most; a restart stops when the labels
 * no longer change or when the summed squared centre shift is at most {@code tol} times the mean
 * feature variance; a cluster that becomes empty is re-seeded with the point farthest from its
 * own centre. Results are deterministic for a seed, whatever the number of threads.
 */
public final class KMeans implements Clusterer<KMeansModel> {
    private final KMeansConfig config;

    /** Creates a trainer with the given hyper-parameters. */
    public KMeans(KMeansConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The hyper-parameters. */
    public KMeansConfig config() { return config; }

    /** Convenience: fits k-means with the given configuration on the rows of a matrix (rounded to float). */
    public static KMeansModel fit(double[][] x, KMeansConfig config) {
        float[] flat = RowBlocks.flatten(x);
        return fit(flat, x.length, x[0].length, config);
    }

    /** Convenience: fits k-means with default hyper-parameters on the rows of a matrix (rounded to float). */
    public static KMeansModel fit(double[][] x, int k, long seed) {
        return fit(x, new KMeansConfig(k, seed));
    }

    /** Convenience: fits k-means with the given configuration on n row-major rows of d floats (not copied). */
    public static KMeansModel fit(float[] flat, int n, int d, KMeansConfig config) {
        return new KMeans(config).fit(Dataset.of("array", flat, n, d));
    }

    /** Convenience: fits k-means with default hyper-parameters on n row-major rows of d floats (not copied). */
    public static KMeansModel fit(float[] flat, int n, int d, int k, long seed) {
        return fit(flat, n, d, new KMeansConfig(k, seed));
    }

    /** Fits the model: {@code nInit} k-means++ restarts of Lloyd's algorithm, keeping the lowest inertia. */
    @Override
    public KMeansModel fit(Dataset train) {
        int k = config.k();
        float[] x = RowBlocks.checkedTrainingFeatures(train, k);
        int n = train.size();
        int d = train.dim();
        double[] xNorm = RowBlocks.rowSquaredNorms(x, n, d);
        double tolAbs = config.tol() == 0 ? 0 : meanVariance(x, n, d) * config.tol();
        // One independent stream per restart, so restart r does not depend on how far r-1 iterated.
        SplittableRandom seeds = new SplittableRandom(config.seed());
        Run best = null;
        for (int r = 0; r < config.nInit(); r++) {
            SplittableRandom rnd = seeds.split();
            double[] centres = kMeansPlusPlus(x, n, d, xNorm, k, rnd);
            Run run = lloyd(x, n, d, xNorm, centres, k, config.maxIter(), tolAbs);
            if (best == null || run.inertia < best.inertia) best = run;
        }
        return new KMeansModel(config, best.centres, k, d, best.inertia, best.iterations, best.converged);
    }

    /** Outcome of one restart. */
    record Run(double[] centres, int[] labels, double inertia, int iterations, boolean converged) { }

    /**
     * Mean over features of the population variance, the scale that makes {@code tol} relative.
     * Two passes per feature (mean, then squared deviations) to avoid the cancellation of E[x²] − E[x]².
     */
    static double meanVariance(float[] x, int n, int d) {
        double[] var = new double[d];
        RowBlocks.forEachColumnChunk(d, (c, j0, j1) -> {
            double[] mean = new double[j1 - j0];
            for (int i = 0; i < n; i++) {
                for (int j = j0, o = i * d; j < j1; j++) mean[j - j0] += x[o + j];
            }
            for (int j = j0; j < j1; j++) mean[j - j0] /= n;
            for (int i = 0; i < n; i++) {
                for (int j = j0, o = i * d; j < j1; j++) {
                    double e = x[o + j] - mean[j - j0];
                    var[j] += e * e;
                }
            }
        });
        double s = 0;
        for (double v : var) s += v / n;
        return s / d;
    }

    /**
     * Greedy k-means++ (scikit-learn's {@code _kmeans_plusplus}): the first centre is a uniformly
     * random point; each next centre is the best of {@code 2 + ⌊ln k⌋} candidates drawn with
     * probability proportional to the squared distance to the nearest chosen centre, "best"
     * meaning the lowest resulting potential Σ min-distance².
     *
     * @return row-major k×d centres
     */
    static double[] kMeansPlusPlus(float[] x, int n, int d, double[] xNorm, int k, SplittableRandom rnd) {
        double[] centres = new double[k * d];
        int trials = 2 + (int) Math.log(k);
        double[] closest = new double[n];
        Arrays.fill(closest, Double.POSITIVE_INFINITY);
        int first = rnd.nextInt(n);
        copyRow(x, first, d, centres, 0);
        Candidates start = tryCandidates(x, n, d, xNorm, new int[] {first}, closest);
        closest = start.dist[0];
        double pot = start.pot[0];
        double[] cum = new double[n];
        int[] ids = new int[trials];
        for (int c = 1; c < k; c++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += closest[i];
                cum[i] = s;
            }
            for (int t = 0; t < trials; t++) {
                ids[t] = Math.min(searchSorted(cum, rnd.nextDouble() * pot), n - 1);
            }
            Candidates cand = tryCandidates(x, n, d, xNorm, ids, closest);
            int best = RowBlocks.argMin(cand.pot, trials);
            closest = cand.dist[best];
            pot = cand.pot[best];
            copyRow(x, ids[best], d, centres, c * d);
        }
        return centres;
    }

    /** New nearest-centre squared distances and potential for each candidate centre. */
    private record Candidates(double[][] dist, double[] pot) { }

    private static Candidates tryCandidates(float[] x, int n, int d, double[] xNorm, int[] ids, double[] closest) {
        int m = ids.length;
        double[] cand = new double[m * d];
        double[] candNorm = new double[m];
        for (int t = 0; t < m; t++) {
            copyRow(x, ids[t], d, cand, t * d);
            candNorm[t] = xNorm[ids[t]];
        }
        double[][] dist = new double[m][n];
        double[][] part = new double[RowBlocks.blocks(n)][m];
        RowBlocks.forEachBlock(n, (b, from, to) -> {
            double[] buf = new double[m];
            for (int i = from; i < to; i++) {
                RowBlocks.squaredDistances(x, i * d, d, xNorm[i], cand, candNorm, m, buf);
                for (int t = 0; t < m; t++) {
                    double v = Math.min(closest[i], buf[t]);
                    dist[t][i] = v;
                    part[b][t] += v;
                }
            }
        });
        double[] pot = new double[m];
        for (double[] p : part) {
            for (int t = 0; t < m; t++) pot[t] += p[t];
        }
        return new Candidates(dist, pot);
    }

    /** First index i with cum[i] >= v (numpy's searchsorted, side="left"); cum.length if none. */
    private static int searchSorted(double[] cum, double v) {
        int lo = 0;
        int hi = cum.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cum[mid] < v) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static void copyRow(float[] x, int row, int d, double[] dst, int off) {
        for (int j = 0; j < d; j++) dst[off + j] = x[row * d + j];
    }

    /**
     * Lloyd's algorithm from the given centres (scikit-learn's {@code _kmeans_single_lloyd}).
     *
     * @param centres row-major k×d starting centres (overwritten)
     * @param tolAbs absolute tolerance on the summed squared centre shift
     */
    static Run lloyd(float[] x, int n, int d, double[] xNorm, double[] centres, int k, int maxIter, double tolAbs) {
        int[] labels = new int[n];
        int[] previous = new int[n];
        Arrays.fill(previous, -1);
        double[] dist = new double[n];
        double[] next = new double[k * d];
        int iterations = 0;
        boolean strict = false;
        boolean converged = false;
        while (iterations < maxIter) {
            iterations++;
            assign(x, n, d, xNorm, centres, k, labels, dist);
            boolean relocated = updateCentres(x, n, d, labels, dist, k, next);
            double shift = 0;
            for (int p = 0; p < k * d; p++) {
                double e = next[p] - centres[p];
                shift += e * e;
            }
            double[] t = centres;
            centres = next;
            next = t;
            // After a re-seed the new centre is not yet reflected in the labels, so unchanged
            // labels do not prove a fixed point then.
            if (!relocated && Arrays.equals(labels, previous)) {
                strict = true;
                converged = true;
                break;
            }
            if (shift <= tolAbs) {
                converged = true;
                break;
            }
            System.arraycopy(labels, 0, previous, 0, n);
        }
        if (!strict) {
            // The centres moved after the last assignment: re-assign so labels and centres agree.
            assign(x, n, d, xNorm, centres, k, labels, dist);
        }
        double inertia = inertia(x, n, d, centres, labels);
        return new Run(centres, labels, inertia, iterations, converged);
    }

    /** Nearest-centre labels and their squared distances, in parallel over row blocks. */
    static void assign(float[] x, int n, int d, double[] xNorm, double[] centres, int k, int[] labels, double[] dist) {
        double[] cNorm = RowBlocks.squaredNorms(centres, k, d);
        RowBlocks.forEachBlock(n, (b, from, to) -> {
            double[] buf = new double[k];
            for (int i = from; i < to; i++) {
                RowBlocks.squaredDistances(x, i * d, d, xNorm[i], centres, cNorm, k, buf);
                int best = RowBlocks.argMin(buf, k);
                labels[i] = best;
                dist[i] = buf[best];
            }
        });
    }

    /**
     * Sets {@code next} to the cluster means for the labels, re-seeding every empty cluster with
     * the point farthest from its own centre (scikit-learn's {@code _relocate_empty_clusters}).
     * A point is only taken from a cluster that keeps at least one other point, so that the
     * re-seed never empties another cluster; with n ≥ k there are always enough such points.
     *
     * @param dist squared distance of each point to its centre (used, then clobbered)
     * @return whether any cluster was re-seeded
     */
    static boolean updateCentres(float[] x, int n, int d, int[] labels, double[] dist, int k, double[] next) {
        int[] counts = new int[k];
        for (int i = 0; i < n; i++) counts[labels[i]]++;
        Arrays.fill(next, 0);
        RowBlocks.forEachColumnChunk(d, (c, j0, j1) -> {
            for (int i = 0; i < n; i++) {
                int o = labels[i] * d;
                int xo = i * d;
                for (int j = j0; j < j1; j++) next[o + j] += x[xo + j];
            }
        });
        boolean relocated = false;
        for (int e = 0; e < k; e++) {
            if (counts[e] > 0) continue;
            int far = -1;
            for (int i = 0; i < n; i++) {
                if (dist[i] >= 0 && counts[labels[i]] > 1 && (far < 0 || dist[i] > dist[far])) far = i;
            }
            int from = labels[far];
            for (int j = 0; j < d; j++) {
                next[from * d + j] -= x[far * d + j];
                next[e * d + j] = x[far * d + j];
            }
            counts[from]--;
            counts[e] = 1;
            dist[far] = -1; // taken
            relocated = true;
        }
        for (int c = 0; c < k; c++) {
            double inv = 1.0 / counts[c];
            for (int j = c * d, end = j + d; j < end; j++) next[j] *= inv;
        }
        return relocated;
    }

    /** Σ ||x_i − c_label(i)||², computed directly (not by the norm expansion) for full precision. */
    static double inertia(float[] x, int n, int d, double[] centres, int[] labels) {
        return RowBlocks.sum(n, (from, to) -> {
            double s = 0;
            for (int i = from; i < to; i++) {
                int o = labels[i] * d;
                for (int j = 0; j < d; j++) {
                    double e = x[i * d + j] - centres[o + j];
                    s += e * e;
                }
            }
            return s;
        });
    }
}
