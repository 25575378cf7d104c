package org.softcluster.cluster;

import java.util.Arrays;
import org.softcluster.data.Dataset;

/**
 * A fitted diagonal-covariance Gaussian mixture: soft assignments are the posterior
 * responsibilities p(k | x) = π_k N(x | μ_k, diag σ²_k) / Σ_j π_j N(x | μ_j, diag σ²_j).
 */
public final class GmmModel implements ClusterModel {
    private final GmmConfig config;
    private final DiagonalGaussians g;
    private final boolean converged;
    private final int iterations;
    private final double lowerBound;

    GmmModel(GmmConfig config, DiagonalGaussians g, boolean converged, int iterations, double lowerBound) {
        this.config = config;
        this.g = g;
        this.converged = converged;
        this.iterations = iterations;
        this.lowerBound = lowerBound;
    }

    /** The hyper-parameters this model was trained with (provenance). */
    public GmmConfig config() { return config; }

    /** Number of components K. */
    @Override
    public int k() { return g.k; }

    /** Number of features the model expects. */
    @Override
    public int inputDim() { return g.d; }

    /** A copy of the mixing weights π_k (they sum to one). */
    public double[] weights() { return g.weights.clone(); }

    /** A copy of the component means, K rows of D values. */
    public double[][] means() { return rows(g.means); }

    /** A copy of the per-feature component variances σ²_k (including regCovar), K rows of D values. */
    public double[][] variances() { return rows(g.variances); }

    /** Whether EM met the tolerance before {@code maxIter}. */
    public boolean converged() { return converged; }

    /** EM iterations run by the kept initialisation (scikit-learn's {@code n_iter_}). */
    public int iterations() { return iterations; }

    /**
     * The training mean log-likelihood at the last E-step, i.e. before the last M-step
     * (scikit-learn's {@code lower_bound_}); {@link #meanLogLikelihood} gives the value for the final parameters.
     */
    public double lowerBound() { return lowerBound; }

    /** Posterior responsibilities p(k | x), N rows summing to one. */
    @Override
    public double[][] predictProba(Dataset data) {
        int n = checked(data);
        double[] resp = new double[n * g.k];
        g.eStep(data.features(), n, resp);
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) out[i] = Arrays.copyOfRange(resp, i * g.k, (i + 1) * g.k);
        return out;
    }

    /**
     * Per-component weighted log-densities ln π_k + ln N(x | μ_k, diag σ²_k), N×K (scikit-learn's
     * {@code _estimate_weighted_log_prob}); log-sum-exp over a row gives ln p(x).
     */
    @Override
    public double[][] transform(Dataset data) {
        int n = checked(data);
        float[] x = data.features();
        double[][] out = new double[n][g.k];
        RowBlocks.forEachBlock(n, (b, from, to) -> {
            for (int i = from; i < to; i++) g.weightedLogProb(x, i * g.d, out[i]);
        });
        return out;
    }

    /** Mean over the objects of ln p(x) (scikit-learn's {@code score}). */
    public double meanLogLikelihood(Dataset data) {
        int n = checked(data);
        if (n == 0) throw new IllegalArgumentException("cannot score an empty dataset");
        return g.eStep(data.features(), n, null) / n;
    }

    private int checked(Dataset data) {
        checkDim(data);
        RowBlocks.checkFinite(data.features(), g.d);
        return data.size();
    }

    private double[][] rows(double[] flat) {
        double[][] out = new double[g.k][];
        for (int t = 0; t < g.k; t++) out[t] = Arrays.copyOfRange(flat, t * g.d, (t + 1) * g.d);
        return out;
    }

    /** A one-line summary for logs. */
    @Override
    public String toString() {
        return "GmmModel(k=" + g.k + ", dim=" + g.d + ", lowerBound=" + lowerBound + ", iterations=" + iterations
                + (converged ? "" : ", not converged") + ")";
    }
}
