package org.softcluster.cluster;

/**
 * Immutable parameters of a diagonal-covariance Gaussian mixture with the E- and M-steps of EM.
 *
 * <p>All densities are handled in the log domain and normalised with log-sum-exp, so that
 * points far from every component do not underflow to zero probability.
 */
final class DiagonalGaussians {
    /** ln 2π. */
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    /** scikit-learn adds 10·eps to every component mass so an empty component divides by a tiny number, not zero. */
    private static final double MASS_EPS = 10 * Math.ulp(1.0);

    final int k;
    final int d;
    final double[] weights;   // K
    final double[] means;     // row-major K×D
    final double[] variances; // row-major K×D
    private final double[] precisions; // 1 / variances
    private final double[] logConst;   // ln π_k − ½(D ln 2π + Σ_j ln σ²_kj)

    DiagonalGaussians(double[] weights, double[] means, double[] variances, int k, int d) {
        this.k = k;
        this.d = d;
        this.weights = weights;
        this.means = means;
        this.variances = variances;
        this.precisions = new double[k * d];
        this.logConst = new double[k];
        for (int t = 0; t < k; t++) {
            double logDet = 0;
            for (int j = 0; j < d; j++) {
                double v = variances[t * d + j];
                if (!(v > 0) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException("component " + t + " has variance " + v + " in feature " + j
                            + ": increase regCovar or decrease k");
                }
                precisions[t * d + j] = 1 / v;
                logDet += Math.log(v);
            }
            logConst[t] = Math.log(weights[t]) - 0.5 * (d * LOG_2PI + logDet);
        }
    }

    /** ln π_t + ln N(x | μ_t, diag σ²_t) for every component t, for the row of x at offset off. */
    void weightedLogProb(float[] x, int off, double[] out) {
        for (int t = 0; t < k; t++) {
            int o = t * d;
            double s = 0;
            // (x − μ)²/σ² directly rather than by expansion: variances can be tiny, and the
            // expansion would then subtract large, nearly equal numbers.
            for (int j = 0; j < d; j++) {
                double e = x[off + j] - means[o + j];
                s += e * e * precisions[o + j];
            }
            out[t] = logConst[t] - 0.5 * s;
        }
    }

    /**
     * E-step: responsibilities and the total log-likelihood, in parallel over row blocks.
     *
     * @param resp receives row-major N×K responsibilities, or null when only the likelihood is needed
     * @return Σ_i ln p(x_i)
     */
    double eStep(float[] x, int n, double[] resp) {
        return RowBlocks.sum(n, (from, to) -> {
            double[] lp = new double[k];
            double s = 0;
            for (int i = from; i < to; i++) {
                weightedLogProb(x, i * d, lp);
                double lse = RowBlocks.logSumExp(lp, k);
                s += lse;
                if (resp != null) {
                    for (int t = 0; t < k; t++) resp[i * k + t] = Math.exp(lp[t] - lse);
                }
            }
            return s;
        });
    }

    /**
     * M-step (scikit-learn's {@code _estimate_gaussian_parameters} for "diag"): masses, means and
     * variances weighted by the responsibilities, plus {@code regCovar} on every variance.
     * Variances are Σ r (x − μ)² / n_k in a second pass, which avoids the cancellation of E[x²] − μ².
     */
    static DiagonalGaussians mStep(float[] x, int n, int d, double[] resp, int k, double regCovar) {
        double[] mass = new double[k];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < k; t++) mass[t] += resp[i * k + t];
        }
        double total = 0;
        for (int t = 0; t < k; t++) {
            mass[t] += MASS_EPS;
            total += mass[t];
        }
        double[] means = new double[k * d];
        double[] vars = new double[k * d];
        RowBlocks.forEachColumnChunk(d, (c, j0, j1) -> {
            for (int i = 0; i < n; i++) {
                for (int t = 0; t < k; t++) {
                    double r = resp[i * k + t];
                    if (r == 0) continue; // one-hot starts: most terms vanish
                    for (int j = j0, o = t * d, xo = i * d; j < j1; j++) means[o + j] += r * x[xo + j];
                }
            }
            for (int t = 0; t < k; t++) {
                for (int j = j0; j < j1; j++) means[t * d + j] /= mass[t];
            }
            for (int i = 0; i < n; i++) {
                for (int t = 0; t < k; t++) {
                    double r = resp[i * k + t];
                    if (r == 0) continue;
                    for (int j = j0, o = t * d, xo = i * d; j < j1; j++) {
                        double e = x[xo + j] - means[o + j];
                        vars[o + j] += r * e * e;
                    }
                }
            }
            for (int t = 0; t < k; t++) {
                for (int j = j0; j < j1; j++) vars[t * d + j] = vars[t * d + j] / mass[t] + regCovar;
            }
        });
        double[] weights = new double[k];
        for (int t = 0; t < k; t++) weights[t] = mass[t] / total;
        return new DiagonalGaussians(weights, means, vars, k, d);
    }
}
