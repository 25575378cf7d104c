package org.softcluster.metrics;

/**
 * Deterministic test inputs, mirrored line by line by {@code core/src/test/python/metrics_goldens.py}
 * (Park-Miller minimal standard generator, multiplier 48271, modulus 2^31 − 1).
 */
final class Gen {

    private Gen() {
    }

    /** The shared pseudo-random generator. */
    static final class Rng {
        private long s;

        Rng(long seed) {
            this.s = seed;
        }

        int below(int bound) {
            s = s * 48271L % 2147483647L;
            return (int) (s % bound);
        }
    }

    /** Returns n labels uniform in [0, k). */
    static int[] labels(int seed, int n, int k) {
        Rng r = new Rng(seed);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.below(k);
        }
        return out;
    }

    /** Returns (t + shift) mod k for every label t, replaced by a uniform cluster with probability noisePct %. */
    static int[] noisy(int seed, int[] truth, int k, int noisePct, int shift) {
        Rng r = new Rng(seed);
        int[] out = new int[truth.length];
        for (int i = 0; i < truth.length; i++) {
            if (r.below(100) < noisePct) {
                out[i] = r.below(k);
            } else {
                out[i] = Math.floorMod(truth[i] + shift, k);
            }
        }
        return out;
    }

    /** Returns table[label] for every label. */
    static int[] relabel(int[] labels, int[] table) {
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = table[labels[i]];
        }
        return out;
    }

    /** Returns soft assignments from integer weights 1..20, zeroed columns and a random boost of the given cluster. */
    static double[][] proba(int seed, int[] clusters, int k, int boost, int[] zeroCols) {
        Rng r = new Rng(seed);
        double[][] out = new double[clusters.length][k];
        for (int i = 0; i < clusters.length; i++) {
            long[] w = new long[k];
            for (int j = 0; j < k; j++) {
                w[j] = 1 + r.below(20);
            }
            for (int z : zeroCols) {
                w[z] = 0;
            }
            w[clusters[i]] += r.below(boost);
            long s = 0;
            for (long x : w) {
                s += x;
            }
            for (int j = 0; j < k; j++) {
                out[i][j] = (double) w[j] / s;
            }
        }
        return out;
    }

    /** Returns one-hot rows of width k. */
    static double[][] onehot(int[] clusters, int k) {
        double[][] out = new double[clusters.length][k];
        for (int i = 0; i < clusters.length; i++) {
            out[i][clusters[i]] = 1.0;
        }
        return out;
    }

    /** Returns a rows × cols matrix of (below(range) − offset) / divisor. */
    static double[][] cost(int seed, int rows, int cols, int range, int divisor, int offset) {
        Rng r = new Rng(seed);
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[i][j] = (double) (r.below(range) - offset) / divisor;
            }
        }
        return out;
    }
}
