package org.softcluster.neural;

import ai.djl.ndarray.NDArray;

import ai.djl.ndarray.NDManager;

/** Mini-batches by index over a dataset held in one tensor (one gather per batch). */
public final class Batches {
    private Batches() { }

    /** Number of batches of {@code size} that cover {@code n} rows. */
    public static int count(int n, int size) {
        return (n + size - 1) / size;
    }

    /** The indices perm[b·size .. (b+1)·size) as an int64 tensor. */
    public static NDArray indices(NDManager manager, int[] perm, int b, int size) {
        int from = b * size;
        int to = Math.min(perm.length, from + size);
        long[] idx = new long[to - from];
        for (int i = from; i < to; i++) idx[i - from] = perm[i];
        return manager.create(idx);
    }

    /** Rows perm[b·size .. (b+1)·size) of {@code x}, gathered in one tensor operation. */
    public static NDArray rows(NDArray x, int[] perm, int b, int size) {
        return x.get(indices(x.getManager(), perm, b, size));
    }
}
