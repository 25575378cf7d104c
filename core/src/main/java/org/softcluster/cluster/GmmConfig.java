package org.softcluster.cluster;

/**
 * Hyper-parameters of {@link GaussianMixture}, with scikit-learn's defaults.
 *
 * @param k number of mixture components, at least 1
 * @param maxIter maximum number of EM iterations per initialisation
 * @param tol EM stops when the mean log-likelihood lower bound changes by less than this
 * @param regCovar non-negative amount added to every variance, so that none collapses to zero
 *     (scikit-learn's {@code reg_covar})
 * @param nInit number of k-means initialisations; the one with the highest lower bound is kept
 * @param seed random seed for the k-means initialisations
 */
public record GmmConfig(int k, int maxIter, double tol, double regCovar, int nInit, long seed) {

    /** Default iteration cap. */
    public static final int DEFAULT_MAX_ITER = 100;
    /** Default tolerance on the lower-bound change. */
    public static final double DEFAULT_TOL = 1e-3;
    /** Default variance floor. */
    public static final double DEFAULT_REG_COVAR = 1e-6;

    /** Validates the hyper-parameters. */
    public GmmConfig {
        if (k < 1) throw new IllegalArgumentException("k must be at least 1, got " + k);
        if (maxIter < 1) throw new IllegalArgumentException("maxIter must be at least 1, got " + maxIter);
        if (!(tol >= 0) || Double.isInfinite(tol)) {
            throw new IllegalArgumentException("tol must be a finite number >= 0, got " + tol);
        }
        if (!(regCovar >= 0) || Double.isInfinite(regCovar)) {
            throw new IllegalArgumentException("regCovar must be a finite number >= 0, got " + regCovar);
        }
        if (nInit < 1) throw new IllegalArgumentException("nInit must be at least 1, got " + nInit);
    }

    /** A configuration with default maxIter, tol, regCovar and nInit = 1. */
    public GmmConfig(int k, long seed) {
        this(k, DEFAULT_MAX_ITER, DEFAULT_TOL, DEFAULT_REG_COVAR, 1, seed);
    }

    /** A configuration with all defaults and seed 0. */
    public static GmmConfig of(int k) {
        return new GmmConfig(k, 0L);
    }
}
