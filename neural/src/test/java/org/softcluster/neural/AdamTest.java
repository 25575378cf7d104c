package org.softcluster.neural;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fused update equals torch.optim.Adam's formula, with the clipping scale applied to the gradient. */
class AdamTest {

    @Test
    void threeStepsMatchTorchAdamWithAGradientScale() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] w0 = {0.5f, -1.0f, 2.0f};
            NDArray w = m.create(w0.clone());
            w.setRequiresGradient(true);
            Map<String, NDArray> params = new LinkedHashMap<>();
            params.put("w", w);
            double lr = 0.1;
            double eps = 1e-8;
            Adam adam = new Adam(params, lr, eps);
            // reference in double precision: torch.optim.Adam(lr=0.1, eps=1e-8) on loss = Σ c_i w_i², grads scaled by s
            double[] p = {0.5, -1.0, 2.0};
            double[] mom = new double[3];
            double[] vel = new double[3];
            double[] c = {1.0, 3.0, -0.5};
            float[] scales = {1f, 0.25f, 0.5f};
            for (int t = 1; t <= 3; t++) {
                try (var gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(w.square().mul(m.create(new float[] {1f, 3f, -0.5f})).sum());
                }
                adam.update(scales[t - 1]);
                for (int i = 0; i < 3; i++) {
                    double g = 2 * c[i] * p[i] * scales[t - 1];
                    mom[i] = 0.9 * mom[i] + 0.1 * g;
                    vel[i] = 0.999 * vel[i] + 0.001 * g * g;
                    double mh = mom[i] / (1 - Math.pow(0.9, t));
                    double vh = vel[i] / (1 - Math.pow(0.999, t));
                    p[i] -= lr * mh / (Math.sqrt(vh) + eps);
                }
                float[] got = w.toFloatArray();
                for (int i = 0; i < 3; i++) assertEquals(p[i], got[i], 1e-5, "step " + t + " element " + i);
                assertEquals(0f, w.getGradient().abs().sum().getFloat(), "the gradient is zeroed after the update");
            }
            assertEquals(3, adam.steps());
        }
    }

    @Test
    void nonFiniteGradientsAreZeroedInPlaceAndTrainingGoesOn() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1f, -1f, 4f});
            w.setRequiresGradient(true);
            Map<String, NDArray> params = new LinkedHashMap<>();
            params.put("w", w);
            Adam adam = new Adam(params, 0.1, 1e-8);
            for (int round = 0; round < 50; round++) {
                try (var gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(w.sqrt().sum());                     // d√w = 1/(2√w): NaN at w < 0
                }
                adam.zeroGradients();
                assertEquals(0f, w.getGradient().abs().sum().getFloat(), "NaN/Inf gradients become exactly 0");
                try (var gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(w.square().sum());
                }
                adam.update(1f);
            }
            for (float v : w.toFloatArray()) assertEquals(true, Float.isFinite(v));
        }
    }

    @Test
    void restoredStateContinuesBitForBit() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {0.5f, -1.0f, 2.0f});
            NDArray b = m.create(new float[] {0.5f, -1.0f, 2.0f});
            a.setRequiresGradient(true);
            b.setRequiresGradient(true);
            Adam adamA = new Adam(Map.of("w", a), 0.1, 1e-8);
            Adam adamB = new Adam(Map.of("w", b), 0.1, 1e-8);
            NDArray c = m.create(new float[] {1f, 3f, -0.5f});
            for (int t = 0; t < 2; t++) {
                try (var gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(a.square().mul(c).sum());
                }
                adamA.update(0.7f);
            }
            b.muli(0).addi(a);
            adamB.restore(adamA.state());
            for (NDArray w : new NDArray[] {a, b}) {
                try (var gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(w.square().mul(c).sum());
                }
            }
            adamA.update(1f);
            adamB.update(1f);
            org.junit.jupiter.api.Assertions.assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 0f);
            assertEquals(3, adamB.steps());
        }
    }
}
