package org.softcluster.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;

/**
 * The backward pass of every training loop, with a hook that runs just before it.
 *
 * <p>The hook exists for tests: GC pressure between the forward and the backward pass frees every Java
 * buffer that nothing references any more, which is exactly when a tensor whose storage was such a buffer
 * would be read after it was freed (issue 14, {@link Tensors}). Training with and without the hook must give
 * byte-identical results.
 */
public final class Autograd {
    private static volatile Runnable beforeBackward;

    private Autograd() { }

    /** Runs the hook, if one is set, then {@code gc.backward(loss)}. */
    public static void backward(GradientCollector gc, NDArray loss) {
        Runnable hook = beforeBackward;
        if (hook != null) hook.run();
        gc.backward(loss);
    }

    /** Sets the hook that runs before every backward pass (null: none); for tests. */
    public static void setBeforeBackward(Runnable hook) {
        beforeBackward = hook;
    }
}
