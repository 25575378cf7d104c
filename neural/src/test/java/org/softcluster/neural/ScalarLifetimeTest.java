package org.softcluster.neural;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The native memory fault of issue 14, made deterministic: a scalar that autograd keeps for the
 * backward pass must outlive its Java wrapper. DJL 0.36's {@code mul(Number)} wraps the number in a
 * tensor over a Java direct buffer and closes it at once; once the GC frees that buffer, backward reads
 * freed memory (on build 65e2b51 the gradient came out 1.4e-45 or 2.1e-38 instead of 0.5).
 */
class ScalarLifetimeTest {

    /** y = Σ f(w) under a gradient collector, direct buffers freed by the GC before backward; returns ∂y/∂w. */
    private static float[] gradientAfterGc(Function<NDArray, NDArray> f) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.full(new Shape(4), 3f);
            w.setRequiresGradient(true);
            try (var gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = f.apply(w).sum();
                GcPressure.freeDirectBuffers();
                // reuse the freed memory, as a busy training loop does, so a stale read shows
                for (int i = 0; i < 64; i++) m.create(new float[1]).close();
                gc.backward(y);
            }
            return w.getGradient().toFloatArray();
        }
    }

    @Test
    void scalarMultiplierSurvivesGarbageCollectionBeforeBackward() {
        float[] g = gradientAfterGc(w -> Tensors.mul(w, 0.5f));
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, g, 0f);
    }

    @Test
    void scalarDivisorSurvivesGarbageCollectionBeforeBackward() {
        float[] g = gradientAfterGc(w -> Tensors.div(w, 4f));
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, g, 0f);
    }

    @Test
    void scalarExponentSurvivesGarbageCollectionBeforeBackward() {
        // d w²/dw = 2w = 6: the backward pass reads the kept exponent
        float[] g = gradientAfterGc(w -> Tensors.pow(w, 2f));
        assertArrayEquals(new float[] {6f, 6f, 6f, 6f}, g, 0f);
    }
}
