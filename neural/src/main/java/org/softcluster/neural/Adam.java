package org.softcluster.neural;

import ai.djl.ndarray.NDArray;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (β1 0.9, β2 0.999) over a fixed list of tensors, with the same update rule as PyTorch's
 * {@code torch.optim.Adam}: p ← p − lr·m̂ / (√v̂ + ε).
 *
 * <p>Written here rather than taken from DJL so that its state (moments and step count) lives
 * outside any per-step scope and can be checkpointed; the gradients are zeroed after each update
 * because the PyTorch engine accumulates them.
 */
public final class Adam {
    private final List<String> names = new ArrayList<>();
    private final List<NDArray> params = new ArrayList<>();
    private final List<NDArray> m = new ArrayList<>();
    private final List<NDArray> v = new ArrayList<>();
    private final double beta1 = 0.9;
    private final double beta2 = 0.999;
    private final double eps;
    /** c = (1−β1)/√(1−β2): the first moment is stored as m / c (see {@link #update(float)}). */
    private static final double MOMENT_SCALE = (1 - 0.9) / Math.sqrt(1 - 0.999);
    private double lr;
    private long step;

    /** Creates the optimiser for the given named tensors. */
    public Adam(Map<String, NDArray> tensors, double lr, double eps) {
        this.lr = lr;
        this.eps = eps;
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            names.add(e.getKey());
            params.add(e.getValue());
            m.add(e.getValue().zerosLike());
            v.add(e.getValue().zerosLike());
        }
    }

    /** The optimised tensors. */
    public List<NDArray> params() { return params; }

    /** Sets the learning rate (for schedules). */
    public void setLearningRate(double lr) { this.lr = lr; }

    /** The learning rate. */
    public double learningRate() { return lr; }

    /** Number of updates done. */
    public long steps() { return step; }

    /** Applies one update from the tensors' gradients, then zeroes the gradients. */
    public void update() {
        update(1f);
    }

    /**
     * Applies one update from the tensors' gradients multiplied by {@code gradScale} (the global
     * clipping factor, applied inside the moment updates so clipping costs no extra pass), then
     * zeroes the gradients: torch.optim.Adam's p ← p − (lr/(1−β1^t))·m / (√v/√(1−β2^t) + ε).
     *
     * <p>Measured against the engine's fused {@code adamUpdate}: that kernel allocates five
     * temporaries per tensor and made the training epoch 2.3× slower here (docs/benchmarks.md).
     */
    public void update(float gradScale) {
        step++;
        double bc1 = 1 - Math.pow(beta1, step);
        double bc2 = 1 - Math.pow(beta2, step);
        // The gradient is scaled in place by a = s·√(1−β2), so that its square is already the
        // (1−β2)·(s·g)² that v needs; m is kept as m̃ = m / c with c = (1−β1)/√(1−β2), so that
        // m̃ ← β1·m̃ + a·g needs no scaling pass either. Then
        // p ← p − (lr/bc1)·c·m̃ / (√v/√bc2 + ε) = p − (lr·c·√bc2/bc1)·m̃ / (√v + ε·√bc2).
        // 12 passes over each tensor and 2 temporaries (the textbook form takes 14 and 4).
        float a = (float) (Math.sqrt(1 - beta2) * gradScale);
        float stepSize = (float) (lr * MOMENT_SCALE * Math.sqrt(bc2) / bc1);
        float epsHat = (float) (eps * Math.sqrt(bc2));
        for (int i = 0; i < params.size(); i++) {
            NDArray g = params.get(i).getGradient();
            NDArray mi = m.get(i);
            NDArray vi = v.get(i);
            Tensors.muli(g, a);
            Tensors.muli(mi, (float) beta1).addi(g);
            Tensors.muli(vi, (float) beta2).addi(g.muli(g));
            NDArray denom = Tensors.addi(vi.sqrt(), epsHat);
            params.get(i).subi(Tensors.muli(mi.div(denom), stepSize));
            Tensors.muli(g, 0f);
        }
    }

    /**
     * Zeroes the gradients without updating (e.g. after a skipped batch). NaN·0 is NaN, so this uses
     * x⁰ = 1 (also for NaN and ±∞), then subtracts 1, in place. Never {@code getGradient().set(...)}:
     * the PyTorch engine then points the gradient's storage at a Java buffer owned by a temporary
     * wrapper, and the next backward pass writes into freed memory (see {@link Tensors}).
     */
    public void zeroGradients() {
        for (NDArray p : params) Tensors.subi(Tensors.powi(p.getGradient(), 0f), 1f);
    }

    /** The optimiser state as plain arrays (for checkpoints). */
    public Map<String, float[]> state() {
        Map<String, float[]> s = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            s.put("m." + names.get(i), m.get(i).toFloatArray());
            s.put("v." + names.get(i), v.get(i).toFloatArray());
        }
        // m is stored as kept (m / c), so that a resumed run continues bit for bit; the marker tells
        // this format from checkpoints that stored torch's m
        s.put("moment_scale", new float[] {(float) MOMENT_SCALE});
        // the step count travels as the raw bits of a float so the state is one map of float arrays
        s.put("step", new float[] {Float.intBitsToFloat((int) step)});
        return s;
    }

    /** Restores the state written by {@link #state()}. */
    public void restore(Map<String, float[]> s) {
        for (int i = 0; i < names.size(); i++) {
            float[] mt = s.get("m." + names.get(i));
            if (!s.containsKey("moment_scale")) {
                mt = mt.clone();
                for (int j = 0; j < mt.length; j++) mt[j] = (float) (mt[j] / MOMENT_SCALE);
            }
            Tensors.assign(m.get(i), mt);
            Tensors.assign(v.get(i), s.get("v." + names.get(i)));
        }
        step = Float.floatToRawIntBits(s.get("step")[0]);
    }
}
