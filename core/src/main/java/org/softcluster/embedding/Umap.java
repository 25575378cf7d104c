package org.softcluster.embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * UMAP (McInnes, Healy and Melville 2018, arXiv:1802.03426) in pure Java, following the reference implementation
 * umap-learn: k nearest neighbours ({@link NearestNeighbors}), the fuzzy simplicial set ({@link FuzzyGraph}), a
 * spectral start ({@link SpectralStart}) and the layout's stochastic gradient descent with negative sampling.
 *
 * <p><b>Same seed, same map, any host.</b> There is no native code and no global state: every draw comes from a
 * generator seeded by (seed, purpose, epoch), loops run in a fixed order, and exponentials and powers go through
 * {@link StrictMath} (Java's +, −, ×, ÷ and sqrt are exact to the same bits everywhere). So the same rows and seed
 * give the same map in one process, across processes and across machines. The graph and the spectral start do
 * not depend on the layout seed: {@link #graph} builds them once and {@link Graph#layouts} lays out several maps of
 * it in parallel, one thread a map, each map the same bits as alone.
 *
 * <p>Unlike Smile 2.6's UMAP (used here before), every row is mapped: a kNN graph of several components gets a
 * start per component, the components placed apart.
 */
public final class Umap {
    private static final double CLIP = 4.0;

    private Umap() {
    }

    /** One map of the rows of {@code x} with the given settings and seed (n × components). */
    public static double[][] fit(double[][] x, UmapConfig config, long seed) {
        return graph(x, config, seed).layout(seed);
    }

    /**
     * The part of UMAP that does not depend on the layout seed: neighbours, fuzzy graph and spectral start.
     *
     * @param x the rows (n ≥ 3, all of one length, finite)
     * @param config the settings
     * @param seed the seed of NN-descent (large inputs) and of the spectral start's Lanczos vector
     */
    public static Graph graph(double[][] x, UmapConfig config, long seed) {
        int n = x.length;
        if (n < 3) throw new IllegalArgumentException("UMAP needs at least 3 rows, got " + n);
        int d = x[0].length;
        double[] flat = new double[n * d];
        for (int i = 0; i < n; i++) {
            if (x[i].length != d) throw new IllegalArgumentException("UMAP rows have different lengths");
            System.arraycopy(x[i], 0, flat, i * d, d);
        }
        int k = Math.min(config.neighbors() - 1, n - 1);
        k = Math.max(k, 1);
        NearestNeighbors nn = NearestNeighbors.of(flat, n, d, k, seed);
        FuzzyGraph fuzzy = FuzzyGraph.of(nn, k + 1);
        int epochs = config.epochsFor(n);
        FuzzyGraph g = fuzzy.pruned(fuzzy.maxWeight() / epochs);
        double[][] start = SpectralStart.of(g, flat, d, config.components(), seed);
        return new Graph(config, g, start, epochs, curve(config.spread(), config.minDist()));
    }

    /**
     * The parameters (a, b) of the map's similarity curve 1 / (1 + a·d^(2b)), fitted by least squares
     * (Levenberg–Marquardt) to 1 below {@code minDist} and exp(−(d − minDist)/spread) above, on 300 points of
     * [0, 3·spread] (umap-learn's {@code find_ab_params}; min_dist 0.1, spread 1 give a ≈ 1.577, b ≈ 0.895).
     */
    public static double[] curve(double spread, double minDist) {
        int m = 300;
        double[] xs = new double[m];
        double[] ys = new double[m];
        for (int i = 0; i < m; i++) {
            xs[i] = 3.0 * spread * i / (m - 1);
            ys[i] = xs[i] < minDist ? 1.0 : StrictMath.exp(-(xs[i] - minDist) / spread);
        }
        double a = 1.0;
        double b = 1.0;
        double lambda = 1e-3;
        double sse = curveError(xs, ys, a, b);
        for (int it = 0; it < 200; it++) {
            double jaa = 0, jab = 0, jbb = 0, ga = 0, gb = 0;
            for (int i = 0; i < m; i++) {
                if (xs[i] <= 0) continue; // f(0) = 1 whatever a, b: no gradient
                double u = StrictMath.pow(xs[i], 2 * b);
                double den = 1 + a * u;
                double f = 1 / den;
                double da = -u / (den * den);
                double db = -a * u * 2 * StrictMath.log(xs[i]) / (den * den);
                double r = ys[i] - f;
                jaa += da * da;
                jab += da * db;
                jbb += db * db;
                ga += da * r;
                gb += db * r;
            }
            double haa = jaa * (1 + lambda);
            double hbb = jbb * (1 + lambda);
            double det = haa * hbb - jab * jab;
            if (!(Math.abs(det) > 0)) break;
            double stepA = (hbb * ga - jab * gb) / det;
            double stepB = (haa * gb - jab * ga) / det;
            double trial = curveError(xs, ys, a + stepA, b + stepB);
            if (trial < sse && a + stepA > 0 && b + stepB > 0) {
                boolean converged = sse - trial < 1e-15 * Math.max(sse, 1e-300);
                a += stepA;
                b += stepB;
                sse = trial;
                lambda = Math.max(lambda / 10, 1e-12);
                if (converged) break;
            } else {
                lambda *= 10;
                if (lambda > 1e12) break;
            }
        }
        return new double[]{a, b};
    }

    private static double curveError(double[] xs, double[] ys, double a, double b) {
        double s = 0;
        for (int i = 0; i < xs.length; i++) {
            double f = xs[i] <= 0 ? 1.0 : 1 / (1 + a * StrictMath.pow(xs[i], 2 * b));
            s += (ys[i] - f) * (ys[i] - f);
        }
        return s;
    }

    /** A prepared UMAP graph with its start: lays out maps for any seed. */
    public static final class Graph {
        private final UmapConfig config;
        private final int n;
        private final int dim;
        private final int epochs;
        private final int[] head;
        private final int[] tail;
        private final double[] epochsPerSample;
        private final double[][] start;
        private final double a;
        private final double b;

        private Graph(UmapConfig config, FuzzyGraph g, double[][] start, int epochs, double[] ab) {
            this.config = config;
            this.n = g.n;
            this.dim = config.components();
            this.epochs = epochs;
            this.start = start;
            this.a = ab[0];
            this.b = ab[1];
            int m = g.col.length;
            head = new int[m];
            tail = new int[m];
            epochsPerSample = new double[m];
            double max = g.maxWeight();
            for (int i = 0; i < n; i++) {
                for (int e = g.start[i]; e < g.start[i + 1]; e++) {
                    head[e] = i;
                    tail[e] = g.col[e];
                    epochsPerSample[e] = max / g.weight[e];
                }
            }
        }

        /** Number of mapped rows. */
        public int size() {
            return n;
        }

        /** Number of directed edges sampled by the layout (each undirected edge twice). */
        public int edges() {
            return head.length;
        }

        /** The layout epochs. */
        public int epochs() {
            return epochs;
        }

        /** The similarity curve's (a, b). */
        public double[] curve() {
            return new double[]{a, b};
        }

        /** Several maps, one per seed, laid out on up to {@code threads} threads; each equals {@link #layout} of its seed. */
        public List<double[][]> layouts(long[] seeds, int threads) {
            int pool = Math.max(1, Math.min(threads, seeds.length));
            if (pool == 1) {
                List<double[][]> out = new ArrayList<>();
                for (long s : seeds) out.add(layout(s));
                return out;
            }
            ExecutorService exec = Executors.newFixedThreadPool(pool, r -> {
                Thread t = new Thread(r, "umap-layout");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<double[][]>> futures = new ArrayList<>();
                for (long s : seeds) futures.add(exec.submit(() -> layout(s)));
                List<double[][]> out = new ArrayList<>();
                for (Future<double[][]> f : futures) out.add(f.get());
                return out;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("UMAP layout interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                throw new IllegalStateException("UMAP layout failed", e.getCause());
            } finally {
                exec.shutdownNow();
            }
        }

        /** One map (n × components) laid out from the shared start with the layout seed {@code seed}. */
        public double[][] layout(long seed) {
            double[] y = initial(seed);
            optimize(y, seed);
            double[][] out = new double[n][dim];
            for (int i = 0; i < n; i++) System.arraycopy(y, i * dim, out[i], 0, dim);
            return out;
        }

        /** umap-learn's start: spectral coordinates scaled to 10, N(0, 10⁻⁴) noise, each column rescaled to [0, 10]. */
        private double[] initial(long seed) {
            double max = 0;
            for (double[] row : start) for (double v : row) max = Math.max(max, Math.abs(v));
            double expansion = max > 0 ? 10.0 / max : 1.0;
            SplitMix noise = SplitMix.of(seed, -2);
            double[] y = new double[n * dim];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < dim; j++) y[i * dim + j] = start[i][j] * expansion + 1e-4 * noise.nextGaussian();
            }
            for (int j = 0; j < dim; j++) {
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    lo = Math.min(lo, y[i * dim + j]);
                    hi = Math.max(hi, y[i * dim + j]);
                }
                double range = hi - lo;
                for (int i = 0; i < n; i++) y[i * dim + j] = range > 0 ? 10.0 * (y[i * dim + j] - lo) / range : 0.0;
            }
            return y;
        }

        /**
         * The layout's SGD (umap-learn's {@code optimize_layout_euclidean}, one thread): edge e is sampled every
         * epochsPerSample[e] epochs, pulling its ends together, and each sample pushes its head away from
         * {@code negativeSamples} uniformly drawn vertices; steps clipped to ±4, learning rate decaying linearly.
         */
        private void optimize(double[] y, long seed) {
            int m = head.length;
            int negatives = config.negativeSamples();
            double gamma = config.repulsion();
            double initialAlpha = config.learningRate();
            double alpha = initialAlpha;
            double[] nextSample = epochsPerSample.clone();
            double[] negEvery = new double[m];
            double[] nextNeg = new double[m];
            for (int e = 0; e < m; e++) {
                negEvery[e] = negatives > 0 ? epochsPerSample[e] / negatives : Double.POSITIVE_INFINITY;
                nextNeg[e] = negEvery[e];
            }
            double twoAB = 2.0 * a * b;
            double bm1 = b - 1.0;
            for (int epoch = 0; epoch < epochs; epoch++) {
                SplitMix rng = SplitMix.of(seed, epoch);
                for (int e = 0; e < m; e++) {
                    if (nextSample[e] > epoch) continue;
                    int j = head[e] * dim;
                    int k = tail[e] * dim;
                    double d2 = dist2(y, j, k);
                    if (d2 > 0) {
                        double p = PortableMath.pow(d2, bm1);
                        double coef = -twoAB * p / (a * p * d2 + 1.0);
                        for (int c = 0; c < dim; c++) {
                            double g = clip(coef * (y[j + c] - y[k + c])) * alpha;
                            y[j + c] += g;
                            y[k + c] -= g;
                        }
                    }
                    nextSample[e] += epochsPerSample[e];
                    int samples = negatives > 0 ? (int) ((epoch - nextNeg[e]) / negEvery[e]) : 0;
                    for (int s = 0; s < samples; s++) {
                        int o = rng.nextInt(n) * dim;
                        if (o == j) continue;
                        double q2 = dist2(y, j, o);
                        if (!(q2 > 0)) continue;
                        double coef = 2.0 * gamma * b / ((0.001 + q2) * (a * PortableMath.pow(q2, b) + 1.0));
                        for (int c = 0; c < dim; c++) y[j + c] += clip(coef * (y[j + c] - y[o + c])) * alpha;
                    }
                    if (samples > 0) nextNeg[e] += samples * negEvery[e];
                }
                alpha = initialAlpha * (1.0 - (double) epoch / epochs);
            }
        }

        private double dist2(double[] y, int j, int k) {
            double s = 0;
            for (int c = 0; c < dim; c++) {
                double t = y[j + c] - y[k + c];
                s += t * t;
            }
            return s;
        }

        private static double clip(double v) {
            return v > CLIP ? CLIP : v < -CLIP ? -CLIP : v;
        }
    }
}
