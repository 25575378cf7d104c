package org.softcluster.neural;

import ai.djl.ndarray.NDArray;

/**
 * Network layer operations, and the one place in the code that reaches DJL's internal {@code NDArrayEx} API
 * ({@link NDArray#getNDArrayInternal()}): each method is exactly that internal call, so results are
 * bit-identical to calling it directly.
 */
public final class Layers {
    private Layers() { }

    /** The affine map x·wᵀ + b of a fully connected layer (w is out × in, b has length out). */
    public static NDArray linear(NDArray x, NDArray w, NDArray b) {
        return x.getNDArrayInternal().linear(x, w, b).singletonOrThrow();
    }

    /** The element-wise rectifier max(x, 0). */
    public static NDArray relu(NDArray x) {
        return x.getNDArrayInternal().relu();
    }

    /** The element-wise logistic sigmoid 1 / (1 + e^(−x)). */
    public static NDArray sigmoid(NDArray x) {
        return x.getNDArrayInternal().sigmoid();
    }

    /** The element-wise softplus ln(1 + e^x). */
    public static NDArray softPlus(NDArray x) {
        return x.getNDArrayInternal().softPlus();
    }
}
