package org.softcluster.cluster;

import java.util.Objects;
import java.util.SplittableRandom;
import org.softcluster.data.Dataset;

/**
 * Gaussian mixture with diagonal covariances fitted by EM, as scikit-learn's
 * {@code GaussianMixture(covariance_type="diag", init_params="kmeans")}.
 *
 * <p>Each initialisation runs k-means (one k-means++ start), turns its labels into one-hot
 * responsibilities and does an M-step; EM then alternates E- and M-steps until the mean
 * log-likelihood (the lower bound) changes by less than {@code tol}. With {@code nInit > 1} the
 * initialisation with the highest final lower bound is kept.
 */
public final class GaussianMixture implements Clusterer<GmmModel> {
    private final GmmConfig config;

    /** Creates a trainer with the given hyper-parameters. */
    public GaussianMixture(GmmConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The hyper-parameters. */
    public GmmConfig config() { return config; }

    /** Fits the mixture by EM from k-means initialisations. */
    @Override
    public GmmModel fit(Dataset train) {
        float[] x = RowBlocks.checkedTrainingFeatures(train, config.k());
        SplittableRandom seeds = new SplittableRandom(config.seed());
        GmmModel best = null;
        for (int r = 0; r < config.nInit(); r++) {
            GmmModel m = em(train, x, seeds.nextLong());
            if (best == null || m.lowerBound() > best.lowerBound()) best = m;
        }
        return best;
    }

    /** One EM run from the one-hot responsibilities of a k-means start (one k-means++ restart seeded by {@code seed}). */
    private GmmModel em(Dataset train, float[] x, long seed) {
        int n = train.size();
        int d = train.dim();
        int k = config.k();
        KMeansConfig init = new KMeansConfig(k, 1, KMeansConfig.DEFAULT_MAX_ITER, KMeansConfig.DEFAULT_TOL, seed);
        int[] labels = new KMeans(init).fit(train).predict(train);
        double[] resp = new double[n * k];
        for (int i = 0; i < n; i++) resp[i * k + labels[i]] = 1;
        DiagonalGaussians g = DiagonalGaussians.mStep(x, n, d, resp, k, config.regCovar());
        double lowerBound = Double.NEGATIVE_INFINITY;
        boolean converged = false;
        int iterations = 0;
        while (iterations < config.maxIter()) {
            iterations++;
            double previous = lowerBound;
            lowerBound = g.eStep(x, n, resp) / n;
            g = DiagonalGaussians.mStep(x, n, d, resp, k, config.regCovar());
            if (Math.abs(lowerBound - previous) < config.tol()) {
                converged = true;
                break;
            }
        }
        return new GmmModel(config, g, converged, iterations, lowerBound);
    }
}
