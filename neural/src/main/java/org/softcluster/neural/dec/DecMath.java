package org.softcluster.neural.dec;

import ai.djl.ndarray.NDArray;
import org.softcluster.neural.Tensors;

/**
 * DEC's soft assignment, target distribution and loss, once on tensors (for training) and once
 * on plain arrays (for tests and reports).
 *
 * <p>Soft assignment (Student-t kernel with α degrees of freedom):
 * <pre>
 *   q_ij = (1 + ||z_i − μ_j||² / α)^(−(α+1)/2) / Σ_j' (1 + ||z_i − μ_j'||² / α)^(−(α+1)/2)
 * </pre>
 * Target distribution, with soft cluster frequencies f_j = Σ_i q_ij over the whole set:
 * <pre>
 *   p_ij = (q_ij² / f_j) / Σ_j' (q_ij'² / f_j')
 * </pre>
 * Loss: KL(P ‖ Q) = Σ_j p_ij ln(p_ij / q_ij), averaged over the objects of a batch.
 *
 * <p>Squaring sharpens each row; dividing by f_j pulls mass towards small clusters, so a row of
 * a large cluster can come out less confident than its q (the tests show such a case).
 */
public final class DecMath {
    private DecMath() { }

    /** Squared Euclidean distances ||z_i − μ_j||², shape B×K, from z (B×d) and μ (K×d). */
    public static NDArray squaredDistances(NDArray z, NDArray mu) {
        // Broadcast difference rather than ||z||² − 2zμᵀ + ||μ||²: d and K are small here, and it
        // cannot go negative by cancellation.
        return z.expandDims(1).sub(mu.expandDims(0)).square().sum(new int[] {2});
    }

    /**
     * ln q, shape B×K: the kernel's log, −(α+1)/2 · ln(1 + ||z_i − μ_j||²/α), normalised by a
     * log-softmax (stable for far-away points, and the log is what the loss needs).
     */
    public static NDArray logSoftAssignment(NDArray z, NDArray mu, double alpha) {
        NDArray logKernel = Tensors.mul(Tensors.add(Tensors.div(squaredDistances(z, mu), (float) alpha), 1f).log(), (float) (-(alpha + 1) / 2));
        return logKernel.logSoftmax(1);
    }

    /** The soft assignments q, shape B×K. */
    public static NDArray softAssignment(NDArray z, NDArray mu, double alpha) {
        return logSoftAssignment(z, mu, alpha).exp();
    }

    /** The target distribution P for the rows of q (N×K), with f_j summed over those same rows. */
    public static NDArray target(NDArray q) {
        NDArray weight = q.square().div(q.sum(new int[] {0}, true));
        return weight.div(weight.sum(new int[] {1}, true));
    }

    /**
     * KL(P ‖ Q) averaged over rows, from p and ln q (both B×K); p is treated as a constant, and
     * a zero p contributes zero (its log is taken of max(p, smallest normal float)).
     */
    public static NDArray klDivergence(NDArray p, NDArray logQ) {
        NDArray logP = Tensors.maximum(p, Float.MIN_NORMAL).log();
        return p.mul(logP.sub(logQ)).sum(new int[] {1}).mean();
    }

    /** The soft assignments q (N×K) of the rows of z (N×d) to the centres μ (K×d). */
    public static double[][] softAssignment(double[][] z, double[][] mu, double alpha) {
        double exponent = -(alpha + 1) / 2;
        double[][] q = new double[z.length][mu.length];
        for (int i = 0; i < z.length; i++) {
            double sum = 0;
            for (int j = 0; j < mu.length; j++) {
                double d2 = 0;
                for (int c = 0; c < z[i].length; c++) {
                    double diff = z[i][c] - mu[j][c];
                    d2 += diff * diff;
                }
                q[i][j] = Math.pow(1 + d2 / alpha, exponent);
                sum += q[i][j];
            }
            for (int j = 0; j < mu.length; j++) q[i][j] /= sum;
        }
        return q;
    }

    /** The target distribution P (N×K) for the rows of q, with f_j summed over those same rows. */
    public static double[][] target(double[][] q) {
        int k = q.length == 0 ? 0 : q[0].length;
        double[] f = new double[k];
        for (double[] row : q) {
            for (int j = 0; j < k; j++) f[j] += row[j];
        }
        double[][] p = new double[q.length][k];
        for (int i = 0; i < q.length; i++) {
            double sum = 0;
            for (int j = 0; j < k; j++) {
                p[i][j] = q[i][j] * q[i][j] / f[j];
                sum += p[i][j];
            }
            for (int j = 0; j < k; j++) p[i][j] /= sum;
        }
        return p;
    }

    /** KL(P ‖ Q) averaged over rows; terms with p = 0 count as zero. */
    public static double klDivergence(double[][] p, double[][] q) {
        double total = 0;
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p[i].length; j++) {
                if (p[i][j] > 0) total += p[i][j] * Math.log(p[i][j] / q[i][j]);
            }
        }
        return total / Math.max(1, p.length);
    }

    /** The argmax of each row (hard assignments). */
    public static int[] argmax(double[][] p) {
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            int best = 0;
            for (int j = 1; j < p[i].length; j++) if (p[i][j] > p[i][best]) best = j;
            out[i] = best;
        }
        return out;
    }
}
