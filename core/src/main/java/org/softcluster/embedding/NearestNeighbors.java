package org.softcluster.embedding;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The k nearest neighbours of every row (Euclidean, the row itself left out), for UMAP's graph: exact up to
 * {@link #EXACT_MAX} rows, else NN-descent (Dong, Charikar and Li 2011) from a seeded random start.
 *
 * <p>Both are deterministic: every distance is summed in the same order, ties go to the lower row index, the
 * exact search gives each row its own computation (so rows may run on any thread), and NN-descent runs on one
 * thread with every draw from a generator seeded by (seed, iteration).
 */
final class NearestNeighbors {
    /** Largest number of rows searched exactly (n² distances); NN-descent above. */
    static final int EXACT_MAX = 20_000;
    /** NN-descent stops when fewer than this share of n·k neighbour slots changed in an iteration. */
    private static final double DESCENT_DELTA = 0.001;
    private static final int DESCENT_ITERATIONS = 20;

    /** Neighbour indices, nearest first (n × k). */
    final int[][] index;
    /** Their Euclidean distances, ascending (n × k). */
    final double[][] distance;

    private NearestNeighbors(int[][] index, double[][] distance) {
        this.index = index;
        this.distance = distance;
    }

    /** The k nearest neighbours of each of the n rows of {@code x} (flat, n × d), exactly or by NN-descent. */
    static NearestNeighbors of(double[] x, int n, int d, int k, long seed) {
        return n <= EXACT_MAX ? exact(x, n, d, k) : descent(x, n, d, k, seed);
    }

    /** Exact neighbours: every pair's distance, rows in parallel (each row's result depends on nothing else). */
    static NearestNeighbors exact(double[] x, int n, int d, int k) {
        check(n, k);
        int[][] index = new int[n][];
        double[][] dist = new double[n][];
        IntStream.range(0, n).parallel().forEach(i -> {
            Heap h = new Heap(k);
            for (int j = 0; j < n; j++) {
                if (j != i) h.offer(j, squared(x, i, j, d));
            }
            h.sort();
            index[i] = h.index;
            dist[i] = sqrt(h.key);
        });
        return new NearestNeighbors(index, dist);
    }

    /**
     * NN-descent: start from k seeded random neighbours per row, then repeatedly compare each row's neighbours
     * (and reverse neighbours) with one another, keeping any closer pair found, until few slots change.
     */
    static NearestNeighbors descent(double[] x, int n, int d, int k, long seed) {
        check(n, k);
        Heap[] heaps = new Heap[n];
        SplitMix start = SplitMix.of(seed, -1);
        for (int i = 0; i < n; i++) {
            heaps[i] = new Heap(k);
            while (heaps[i].size < k) {
                int j = start.nextInt(n);
                if (j != i && !heaps[i].contains(j)) heaps[i].offerNew(j, squared(x, i, j, d));
            }
        }
        int[][] fresh = new int[n][];
        int[][] old = new int[n][];
        for (int it = 0; it < DESCENT_ITERATIONS; it++) {
            SplitMix rng = SplitMix.of(seed, it);
            // Each row's new and old neighbours, then a sample (≤ k) of its reverse neighbours of each kind.
            int[][] revNew = reverse(heaps, true, n, k, rng);
            int[][] revOld = reverse(heaps, false, n, k, rng);
            for (int i = 0; i < n; i++) {
                fresh[i] = union(heaps[i].flagged(true), revNew[i]);
                old[i] = union(heaps[i].flagged(false), revOld[i]);
                heaps[i].clearNew();
            }
            long changes = 0;
            for (int i = 0; i < n; i++) {
                int[] f = fresh[i];
                for (int a = 0; a < f.length; a++) {
                    for (int b = a + 1; b < f.length; b++) changes += join(heaps, x, d, f[a], f[b]);
                    for (int o : old[i]) changes += join(heaps, x, d, f[a], o);
                }
            }
            if (changes < DESCENT_DELTA * n * k) break;
        }
        int[][] index = new int[n][];
        double[][] dist = new double[n][];
        for (int i = 0; i < n; i++) {
            heaps[i].sort();
            index[i] = heaps[i].index;
            dist[i] = sqrt(heaps[i].key);
        }
        return new NearestNeighbors(index, dist);
    }

    private static int join(Heap[] heaps, double[] x, int d, int p, int q) {
        if (p == q) return 0;
        double s = squared(x, p, q, d);
        int c = 0;
        if (heaps[p].offerNew(q, s)) c++;
        if (heaps[q].offerNew(p, s)) c++;
        return c;
    }

    /** For each row, up to k rows that list it (as new or old neighbours), a seeded reservoir sample. */
    private static int[][] reverse(Heap[] heaps, boolean isNew, int n, int k, SplitMix rng) {
        int[][] rev = new int[n][k];
        int[] seen = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j : heaps[i].flagged(isNew)) {
                int s = seen[j]++;
                if (s < k) rev[j][s] = i;
                else {
                    int r = rng.nextInt(s + 1);
                    if (r < k) rev[j][r] = i;
                }
            }
        }
        for (int j = 0; j < n; j++) rev[j] = Arrays.copyOf(rev[j], Math.min(seen[j], k));
        return rev;
    }

    private static int[] union(int[] a, int[] b) {
        int[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        Arrays.sort(all);
        int m = 0;
        for (int i = 0; i < all.length; i++) if (m == 0 || all[i] != all[m - 1]) all[m++] = all[i];
        return Arrays.copyOf(all, m);
    }

    private static void check(int n, int k) {
        if (k < 1 || k >= n) throw new IllegalArgumentException("need 1 <= k < n for neighbours, got k = " + k + ", n = " + n);
    }

    /** Squared Euclidean distance of rows i and j, summed in column order. */
    static double squared(double[] x, int i, int j, int d) {
        double s = 0.0;
        int a = i * d;
        int b = j * d;
        for (int c = 0; c < d; c++) {
            double t = x[a + c] - x[b + c];
            s += t * t;
        }
        return s;
    }

    private static double[] sqrt(double[] squared) {
        double[] out = new double[squared.length];
        for (int i = 0; i < out.length; i++) out[i] = Math.sqrt(squared[i]);
        return out;
    }

    /**
     * A bounded max-heap of (squared distance, row) keeping the k smallest, ties broken towards the lower row,
     * with NN-descent's "new" flag per entry.
     */
    private static final class Heap {
        int[] index;
        double[] key;
        boolean[] isNew;
        int size;

        Heap(int k) {
            index = new int[k];
            key = new double[k];
            isNew = new boolean[k];
        }

        /** Whether (s, j) comes after (key[a], index[a]) in the (distance, row) order. */
        private boolean after(double s, int j, int a) {
            return s > key[a] || (s == key[a] && j > index[a]);
        }

        void offer(int j, double s) {
            if (size < index.length) {
                index[size] = j;
                key[size] = s;
                siftUp(size++);
            } else if (!after(s, j, 0)) {
                index[0] = j;
                key[0] = s;
                siftDown(0);
            }
        }

        /** Offers a row as a new neighbour unless it is already held or no closer; returns whether it entered. */
        boolean offerNew(int j, double s) {
            if (size == index.length && after(s, j, 0)) return false;
            if (contains(j)) return false;
            offer(j, s);
            for (int a = 0; a < size; a++) if (index[a] == j) isNew[a] = true;
            return true;
        }

        boolean contains(int j) {
            for (int a = 0; a < size; a++) if (index[a] == j) return true;
            return false;
        }

        /** The rows whose "new" flag equals {@code flag}, in ascending row order. */
        int[] flagged(boolean flag) {
            int[] out = new int[size];
            int m = 0;
            for (int a = 0; a < size; a++) if (isNew[a] == flag) out[m++] = index[a];
            out = Arrays.copyOf(out, m);
            Arrays.sort(out);
            return out;
        }

        void clearNew() {
            Arrays.fill(isNew, false);
        }

        private void siftUp(int a) {
            while (a > 0) {
                int p = (a - 1) / 2;
                if (!after(key[a], index[a], p)) return;
                swap(a, p);
                a = p;
            }
        }

        private void siftDown(int a) {
            while (true) {
                int l = 2 * a + 1;
                int r = l + 1;
                int m = a;
                if (l < size && after(key[l], index[l], m)) m = l;
                if (r < size && after(key[r], index[r], m)) m = r;
                if (m == a) return;
                swap(a, m);
                a = m;
            }
        }

        private void swap(int a, int b) {
            int ti = index[a];
            index[a] = index[b];
            index[b] = ti;
            double tk = key[a];
            key[a] = key[b];
            key[b] = tk;
            boolean tn = isNew[a];
            isNew[a] = isNew[b];
            isNew[b] = tn;
        }

        /** Sorts the held entries nearest first (ties: lower row first) and trims the arrays to them. */
        void sort() {
            Integer[] order = new Integer[size];
            for (int a = 0; a < size; a++) order[a] = a;
            Arrays.sort(order, (p, q) -> key[p] != key[q] ? Double.compare(key[p], key[q]) : Integer.compare(index[p], index[q]));
            int[] ix = new int[size];
            double[] ky = new double[size];
            for (int a = 0; a < size; a++) {
                ix[a] = index[order[a]];
                ky[a] = key[order[a]];
            }
            index = ix;
            key = ky;
            isNew = new boolean[size];
        }
    }
}
