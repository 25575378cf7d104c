package org.softcluster.embedding;

/**
 * Leading eigenvectors of a symmetric operator in pure Java, for UMAP's spectral start: Lanczos with full
 * re-orthogonalisation for a fixed number of steps from a seeded start vector, then the Ritz vectors from the
 * cyclic Jacobi method on the small tridiagonal matrix. Only +, −, ×, ÷ and sqrt are used, in a fixed order, so
 * the result is the same on every host.
 */
final class SymmetricEigen {
    private static final int JACOBI_SWEEPS = 100;

    private SymmetricEigen() {
    }

    /** A symmetric linear map y = A x on vectors of a fixed length. */
    interface Operator {
        /** Writes A x into y. */
        void apply(double[] x, double[] y);
    }

    /**
     * The {@code count} eigenvectors of the largest eigenvalues of {@code op} in the orthogonal complement of
     * {@code deflate} (unit vectors, or none), approximated from a Krylov space of at most {@code steps} vectors.
     *
     * @return {@code count} vectors of length n (columns of the map's start), largest eigenvalue first
     */
    static double[][] leading(Operator op, int n, int count, double[][] deflate, int steps, long seed) {
        int m = Math.max(1, Math.min(steps, n - deflate.length));
        double[][] q = new double[m + 1][];
        double[] alpha = new double[m];
        double[] beta = new double[m];
        SplitMix rng = SplitMix.of(seed, 0x5eed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = rng.nextGaussian();
        orthogonalize(v, deflate, q, 0);
        scale(v, 1.0 / norm(v));
        q[0] = v;
        int used = m;
        double[] w = new double[n];
        for (int j = 0; j < m; j++) {
            op.apply(q[j], w);
            alpha[j] = dot(w, q[j]);
            // full re-orthogonalisation, twice ("twice is enough"), against the deflated vectors and all q
            orthogonalize(w, deflate, q, j + 1);
            orthogonalize(w, deflate, q, j + 1);
            double b = norm(w);
            beta[j] = b;
            if (j + 1 == m) break;
            if (!(b > 1e-10)) {
                used = j + 1;
                break;
            }
            q[j + 1] = w.clone();
            scale(q[j + 1], 1.0 / b);
        }
        double[][] t = new double[used][used];
        for (int j = 0; j < used; j++) {
            t[j][j] = alpha[j];
            if (j + 1 < used) {
                t[j][j + 1] = beta[j];
                t[j + 1][j] = beta[j];
            }
        }
        double[][] s = new double[used][used];
        double[] values = jacobi(t, s);
        int take = Math.min(count, used);
        double[][] out = new double[count][n];
        boolean[] taken = new boolean[used];
        for (int c = 0; c < take; c++) {
            int best = -1;
            for (int a = 0; a < used; a++) if (!taken[a] && (best < 0 || values[a] > values[best])) best = a;
            taken[best] = true;
            for (int j = 0; j < used; j++) {
                double coef = s[j][best];
                double[] qj = q[j];
                for (int i = 0; i < n; i++) out[c][i] += coef * qj[i];
            }
        }
        return out;
    }

    /**
     * Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations: returns the eigenvalues and
     * writes the eigenvectors into the columns of {@code vectors}; {@code a} is overwritten.
     */
    static double[] jacobi(double[][] a, double[][] vectors) {
        int n = a.length;
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(vectors[i], 0.0);
            vectors[i][i] = 1.0;
        }
        for (int sweep = 0; sweep < JACOBI_SWEEPS; sweep++) {
            double off = 0;
            double diag = 0;
            for (int i = 0; i < n; i++) {
                diag += a[i][i] * a[i][i];
                for (int j = i + 1; j < n; j++) off += a[i][j] * a[i][j];
            }
            if (off <= 1e-30 * Math.max(diag, 1e-300)) break;
            for (int p = 0; p < n; p++) {
                for (int r = p + 1; r < n; r++) {
                    double apr = a[p][r];
                    if (apr == 0.0) continue;
                    double theta = (a[r][r] - a[p][p]) / (2.0 * apr);
                    double t = (theta >= 0 ? 1.0 : -1.0) / (Math.abs(theta) + Math.sqrt(theta * theta + 1.0));
                    double c = 1.0 / Math.sqrt(t * t + 1.0);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p];
                        double akr = a[k][r];
                        a[k][p] = c * akp - s * akr;
                        a[k][r] = s * akp + c * akr;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k];
                        double ark = a[r][k];
                        a[p][k] = c * apk - s * ark;
                        a[r][k] = s * apk + c * ark;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = vectors[k][p];
                        double vkr = vectors[k][r];
                        vectors[k][p] = c * vkp - s * vkr;
                        vectors[k][r] = s * vkp + c * vkr;
                    }
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) values[i] = a[i][i];
        return values;
    }

    private static void orthogonalize(double[] w, double[][] deflate, double[][] q, int upTo) {
        for (double[] u : deflate) axpy(-dot(w, u), u, w);
        for (int j = 0; j < upTo; j++) axpy(-dot(w, q[j]), q[j], w);
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static void axpy(double c, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) y[i] += c * x[i];
    }

    private static void scale(double[] a, double c) {
        for (int i = 0; i < a.length; i++) a[i] *= c;
    }
}
