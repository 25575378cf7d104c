package org.softcluster.cluster;

/**
 * Hyper-parameters of {@link KMeans}, with scikit-learn's defaults.
 *
 * @param k number of clusters, at least 1
 * @param nInit number of k-means++ restarts; the run with the lowest inertia is kept
 * @param maxIter maximum number of Lloyd iterations per restart
 * @param tol convergence tolerance on the squared centre shift, relative to the mean feature
 *     variance of the training data (scikit-learn's {@code tol}); 0 iterates until the labels stop changing
 * @param seed random seed for the k-means++ initialisations
 */
public record KMeansConfig(int k, int nInit, int maxIter, double tol, long seed) {

    /** Default number of restarts (scikit-learn 1.2's {@code n_init}). */
    public static final int DEFAULT_N_INIT = 10;
    /** Default iteration cap. */
    public static final int DEFAULT_MAX_ITER = 300;
    /** Default relative tolerance. */
    public static final double DEFAULT_TOL = 1e-4;

    /** Validates the hyper-parameters. */
    public KMeansConfig {
        if (k < 1) throw new IllegalArgumentException("k must be at least 1, got " + k);
        if (nInit < 1) throw new IllegalArgumentException("nInit must be at least 1, got " + nInit);
        if (maxIter < 1) throw new IllegalArgumentException("maxIter must be at least 1, got " + maxIter);
        if (!(tol >= 0) || Double.isInfinite(tol)) {
            throw new IllegalArgumentException("tol must be a finite number >= 0, got " + tol);
        }
    }

    /** A configuration with default nInit, maxIter and tol. */
    public KMeansConfig(int k, long seed) {
        this(k, DEFAULT_N_INIT, DEFAULT_MAX_ITER, DEFAULT_TOL, seed);
    }

    /** A configuration with all defaults and seed 0. */
    public static KMeansConfig of(int k) {
        return new KMeansConfig(k, 0L);
    }

    /** A copy with another number of clusters. */
    public KMeansConfig withK(int newK) {
        return new KMeansConfig(newK, nInit, maxIter, tol, seed);
    }

    /** A copy with another number of restarts. */
    public KMeansConfig withNInit(int newNInit) {
        return new KMeansConfig(k, newNInit, maxIter, tol, seed);
    }

    /** A copy with another iteration cap. */
    public KMeansConfig withMaxIter(int newMaxIter) {
        return new KMeansConfig(k, nInit, newMaxIter, tol, seed);
    }

    /** A copy with another relative tolerance. */
    public KMeansConfig withTol(double newTol) {
        return new KMeansConfig(k, nInit, maxIter, newTol, seed);
    }

    /** A copy with another seed. */
    public KMeansConfig withSeed(long newSeed) {
        return new KMeansConfig(k, nInit, maxIter, tol, newSeed);
    }
}
