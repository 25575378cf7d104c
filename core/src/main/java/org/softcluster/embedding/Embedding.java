package org.softcluster.embedding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import smile.manifold.TSNE;
import smile.math.MathEx;

/**
 * Two-dimensional maps of latent codes: t-SNE with Smile 2.6 (LGPL, {@link smile.manifold.TSNE}) and UMAP of our own
 * ({@link Umap}, pure Java). Scatter plots of a map are drawn by {@code org.softcluster.report.EmbeddingPlot}.
 *
 * <p><b>Determinism.</b> The seeded subsample is drawn from a {@link java.util.Random}. UMAP is the same bits for
 * the same rows and seed in any process on any host ({@link Umap}): it shapes models (the UMAP mixture start), so
 * nothing on its path depends on native kernels or global state. t-SNE draws from Smile's per-thread generator,
 * which {@link #tsne} seeds with {@code MathEx.setSeed(seed)} on the calling thread; its gradient loop runs on the
 * common fork-join pool, so the last bits of a report's t-SNE map may differ between machines with different core
 * counts. It only draws report figures.
 */
public final class Embedding {

    /** Default t-SNE perplexity (as scikit-learn; Smile's own default is 20). */
    public static final double DEFAULT_PERPLEXITY = 30.0;
    /** Default number of t-SNE iterations (Smile's default). */
    public static final int DEFAULT_TSNE_ITERATIONS = 1000;
    /** Default t-SNE learning rate (Smile's default). */
    public static final double DEFAULT_TSNE_LEARNING_RATE = 200.0;
    /** Default UMAP neighbourhood size, the point itself included (umap-learn's {@code n_neighbors}). */
    public static final int DEFAULT_UMAP_NEIGHBORS = 15;
    /** Default cap on the number of points mapped, for speed (t-SNE here is exact, O(n²) per iteration). */
    public static final int DEFAULT_MAX_POINTS = 2000;

    /** The two manifold methods. */
    public enum Method {
        /** t-distributed stochastic neighbour embedding. */
        TSNE("t-SNE"),
        /** Uniform manifold approximation and projection. */
        UMAP("UMAP");

        private final String display;

        Method(String display) {
            this.display = display;
        }

        /** Returns the name as printed in titles ("t-SNE", "UMAP"). */
        public String display() {
            return display;
        }
    }

    /**
     * A 2-D map of some rows of an input matrix.
     *
     * @param method the method used
     * @param coordinates the 2-D position of each mapped point
     * @param index the input row of each mapped point ({@code coordinates[i]} belongs to row {@code index[i]})
     * @param inputRows the number of rows of the input matrix before any subsampling
     * @param parameter the perplexity actually used (t-SNE) or the neighbourhood size, the point included (UMAP)
     * @param seed the seed the map was computed with
     * @param seconds the wall time of the map, in seconds
     */
    public record Result(Method method, double[][] coordinates, int[] index, int inputRows, double parameter,
                         long seed, double seconds) {

        /** Returns the number of mapped points. */
        public int size() {
            return coordinates.length;
        }
    }

    private Embedding() {
    }

    /** Runs t-SNE with perplexity 30, 1000 iterations and learning rate 200 on at most 2000 seeded-sampled rows. */
    public static Result tsne(double[][] x, long seed) {
        return tsne(x, seed, DEFAULT_PERPLEXITY, DEFAULT_TSNE_ITERATIONS, DEFAULT_MAX_POINTS);
    }

    /**
     * Runs exact t-SNE into 2-D on at most {@code maxPoints} rows (a seeded sample when there are more).
     *
     * <p>The perplexity is capped at (n − 1) / 3 so that small inputs still have a valid kernel width.
     *
     * @param x the input rows (n × d, n ≥ 4)
     * @param seed the seed of the subsample and of Smile's generator
     * @param perplexity the target perplexity
     * @param iterations the number of gradient iterations
     * @param maxPoints the largest number of rows mapped
     * @return the map
     */
    public static Result tsne(double[][] x, long seed, double perplexity, int iterations, int maxPoints) {
        check(x);
        int[] index = subsample(x.length, maxPoints, seed);
        double[][] rows = select(x, index);
        int n = rows.length;
        double used = Math.min(perplexity, (n - 1) / 3.0);
        // Pass the squared-distance matrix: Smile treats any square input as one, so raw rows with n == d
        // would be misread.
        double[][] d2 = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0.0;
                for (int c = 0; c < rows[i].length; c++) {
                    double t = rows[i][c] - rows[j][c];
                    s += t * t;
                }
                d2[i][j] = s;
                d2[j][i] = s;
            }
        }
        long t0 = System.nanoTime();
        MathEx.setSeed(seed);
        TSNE tsne = new TSNE(d2, 2, used, DEFAULT_TSNE_LEARNING_RATE, iterations);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(Method.TSNE, tsne.coordinates, index, x.length, used, seed, seconds);
    }

    /** Runs UMAP with 15 neighbours (the point included) on at most 2000 seeded-sampled rows. */
    public static Result umap(double[][] x, long seed) {
        return umap(x, seed, DEFAULT_UMAP_NEIGHBORS, DEFAULT_MAX_POINTS);
    }

    /**
     * Runs UMAP into 2-D with umap-learn's defaults otherwise (min_dist 0.1, spread 1, 500 epochs up to 10 000 points,
     * 5 negative samples; {@link UmapConfig#DEFAULT}) on at most {@code maxPoints} rows; every sampled row is mapped.
     *
     * @param x the input rows (n × d, n ≥ 4)
     * @param seed the seed of the subsample and of the map
     * @param neighbors the neighbourhood size k, the point included (capped at the number of rows)
     * @param maxPoints the largest number of rows mapped
     * @return the map
     */
    public static Result umap(double[][] x, long seed, int neighbors, int maxPoints) {
        return umap(x, seed, seed, neighbors, maxPoints);
    }

    /**
     * As {@link #umap(double[][], long, int, int)}, with the subsample (and the graph's own draws) seeded by
     * {@code sampleSeed} and the layout by {@code seed}: maps with one sample seed and several layout seeds map the
     * same rows.
     */
    public static Result umap(double[][] x, long sampleSeed, long seed, int neighbors, int maxPoints) {
        return umaps(x, sampleSeed, new long[]{seed}, neighbors, maxPoints, 1).get(0);
    }

    /**
     * Several UMAP maps of one seeded sample, one per layout seed, sharing the neighbour graph and the spectral
     * start (built once) and laid out on up to {@code threads} threads; each map equals
     * {@link #umap(double[][], long, long, int, int)} of its seed, bit for bit. A map's {@link Result#seconds()}
     * is the graph's time plus its own layout's.
     */
    public static List<Result> umaps(double[][] x, long sampleSeed, long[] seeds, int neighbors, int maxPoints, int threads) {
        check(x);
        int[] sample = subsample(x.length, maxPoints, sampleSeed);
        double[][] rows = select(x, sample);
        int k = Math.max(2, Math.min(neighbors, rows.length));
        long t0 = System.nanoTime();
        Umap.Graph graph = Umap.graph(rows, UmapConfig.DEFAULT.withNeighbors(k), sampleSeed);
        double graphSeconds = (System.nanoTime() - t0) / 1e9;
        List<double[][]> maps = graph.layouts(seeds, threads);
        double layoutSeconds = (System.nanoTime() - t0) / 1e9 - graphSeconds;
        List<Result> out = new ArrayList<>();
        for (int m = 0; m < seeds.length; m++) {
            // layouts run side by side: each map is charged its share of their wall time
            out.add(new Result(Method.UMAP, maps.get(m), sample, x.length, k, seeds[m],
                    graphSeconds + layoutSeconds / seeds.length));
        }
        return out;
    }

    /** Returns all indices 0..n-1 when n ≤ max, else a seeded uniform sample of max indices in ascending order. */
    public static int[] subsample(int n, int max, long seed) {
        if (max < 1) {
            throw new IllegalArgumentException("max points must be at least 1, got " + max);
        }
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        if (n <= max) {
            return all;
        }
        Random rng = new Random(seed);
        for (int i = 0; i < max; i++) {
            int j = i + rng.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] out = Arrays.copyOf(all, max);
        Arrays.sort(out);
        return out;
    }

    private static void check(double[][] x) {
        if (x == null || x.length < 4) {
            throw new IllegalArgumentException("need at least 4 rows to embed, got " + (x == null ? 0 : x.length));
        }
        int d = x[0].length;
        for (double[] row : x) {
            if (row.length != d) {
                throw new IllegalArgumentException("rows of the latent matrix have different lengths");
            }
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("latent matrix has a non-finite value " + v);
                }
            }
        }
    }

    private static double[][] select(double[][] x, int[] index) {
        double[][] out = new double[index.length][];
        for (int i = 0; i < index.length; i++) {
            out[i] = x[index[i]];
        }
        return out;
    }
}
