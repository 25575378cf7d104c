package org.softcluster.cluster;

import java.util.HashMap;
import java.util.Map;
import org.softcluster.data.Dataset;

/**
 * Deterministic Gaussian-like blobs that Python can regenerate bit for bit, plus test helpers.
 *
 * <p>The generator is java.util.Random's 48-bit LCG, written out so the Python script in
 * {@link KMeansTest} can copy it: uniforms are the top 31 bits / 2³¹, and a normal deviate is
 * the sum of 12 uniforms minus 6 (Irwin–Hall). Every step is exact in double, and the final
 * rounding to float is the same in Java and numpy, so both sides see identical data.
 */
final class Blobs {
    private static final long MASK = (1L << 48) - 1;
    private long state;

    private Blobs(long seed) {
        state = (seed ^ 0x5DEECE66DL) & MASK;
    }

    private double uniform() {
        state = (state * 0x5DEECE66DL + 0xBL) & MASK;
        return (state >>> 17) / (double) (1L << 31);
    }

    private double normal() {
        double s = 0;
        for (int r = 0; r < 12; r++) s += uniform();
        return s - 6.0;
    }

    /**
     * Blobs in cluster order: sizes[c] points around centres[c] with spread sigmas[c].
     *
     * @return a labelled dataset (labels are the generating blob)
     */
    static Dataset generate(long seed, double[][] centres, int[] sizes, double[] sigmas) {
        Blobs g = new Blobs(seed);
        int d = centres[0].length;
        int n = 0;
        for (int s : sizes) n += s;
        float[] x = new float[n * d];
        int[] labels = new int[n];
        int i = 0;
        for (int c = 0; c < centres.length; c++) {
            for (int m = 0; m < sizes[c]; m++, i++) {
                for (int j = 0; j < d; j++) x[i * d + j] = (float) (centres[c][j] + sigmas[c] * g.normal());
                labels[i] = c;
            }
        }
        return new Dataset("blobs", x, n, d, labels, null, null);
    }

    /** The 200×3, four-blob set whose scikit-learn results are pasted in KMeansTest and GaussianMixtureTest. */
    static Dataset golden() {
        return generate(20240601L,
                new double[][] {{0, 0, 0}, {8, 0, 0}, {0, 8, 0}, {0, 0, 8}},
                new int[] {40, 60, 50, 50},
                new double[] {0.5, 1.0, 1.5, 0.8});
    }

    /** k well-separated blobs of n/k points each in d dimensions, for determinism and size tests. */
    static Dataset many(long seed, int k, int perBlob, int d) {
        double[][] centres = new double[k][d];
        int[] sizes = new int[k];
        double[] sigmas = new double[k];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) centres[c][j] = ((c * 7 + j * 3) % 11) * 2.0;
            sizes[c] = perBlob;
            sigmas[c] = 1.0;
        }
        return generate(seed, centres, sizes, sigmas);
    }

    /** Labels written as a string of digits, as printed by the Python script. */
    static int[] digits(String s) {
        int[] out = new int[s.length()];
        for (int i = 0; i < out.length; i++) out[i] = s.charAt(i) - '0';
        return out;
    }

    /** Whether two labellings are the same partition up to renaming, i.e. their ARI is exactly 1. */
    static boolean samePartition(int[] a, int[] b) {
        if (a.length != b.length) return false;
        Map<Integer, Integer> ab = new HashMap<>();
        Map<Integer, Integer> ba = new HashMap<>();
        for (int i = 0; i < a.length; i++) {
            Integer fwd = ab.putIfAbsent(a[i], b[i]);
            Integer bwd = ba.putIfAbsent(b[i], a[i]);
            if ((fwd != null && fwd != b[i]) || (bwd != null && bwd != a[i])) return false;
        }
        return true;
    }
}
