package org.softcluster.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (β1 0.9, β2 0.999) over a fixed list of tensors, with the same update rule as PyTorch's
 * {@code torch.optim.Adam}: p ← p − lr·m̂ / (√v̂ + ε).
 *
 * <p>The state (moments and step count) is held here rather than in DJL's optimiser so that it
 * lives outside any per-step scope and can be checkpointed; the update itself is the engine's fused
 * Adam kernel, which also zeroes the gradient (the PyTorch engine accumulates gradients).
 */
public final class Adam {
    private final List<String> names = new ArrayList<>();
    private final List<NDArray> params = new ArrayList<>();
    private final List<NDArray> m = new ArrayList<>();
    private final List<NDArray> v = new ArrayList<>();
    private final double beta1 = 0.9;
    private final double beta2 = 0.999;
    private final double eps;
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
     * clipping factor, so clipping costs no extra pass), then zeroes the gradients.
     *
     * <p>One fused engine call per tensor ({@code adamUpdate}: p ← p − lr'·m / (√v + ε')); with
     * lr' = lr·√(1−β2^t)/(1−β1^t) and ε' = ε·√(1−β2^t) this is exactly torch.optim.Adam's
     * p ← p − (lr/(1−β1^t))·m / (√v/√(1−β2^t) + ε).
     */
    public void update(float gradScale) {
        step++;
        double bc1 = 1 - Math.pow(beta1, step);
        double bc2 = 1 - Math.pow(beta2, step);
        float lrCorrected = (float) (lr * Math.sqrt(bc2) / bc1);
        float epsCorrected = (float) (eps * Math.sqrt(bc2));
        for (int i = 0; i < params.size(); i++) {
            NDArray p = params.get(i);
            // weight decay 0, no element-wise clipping (-1), Adam (not AdamW); the engine zeroes the gradient
            p.getNDArrayInternal().adamUpdate(new NDList(p, p.getGradient(), m.get(i), v.get(i)), new NDList(p),
                    (float) lr, lrCorrected, 0f, gradScale, -1f, (float) beta1, (float) beta2, epsCorrected, false, false);
        }
    }

    /** Zeroes the gradients without updating (e.g. after a skipped batch); NaN·0 is NaN, so values are overwritten. */
    public void zeroGradients() {
        for (NDArray p : params) p.getGradient().set(new float[(int) p.size()]);
    }

    /** The optimiser state as plain arrays (for checkpoints). */
    public Map<String, float[]> state() {
        Map<String, float[]> s = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            s.put("m." + names.get(i), m.get(i).toFloatArray());
            s.put("v." + names.get(i), v.get(i).toFloatArray());
        }
        // the step count travels as the raw bits of a float so the state is one map of float arrays
        s.put("step", new float[] {Float.intBitsToFloat((int) step)});
        return s;
    }

    /** Restores the state written by {@link #state()}. */
    public void restore(Map<String, float[]> s) {
        for (int i = 0; i < names.size(); i++) {
            m.get(i).set(s.get("m." + names.get(i)));
            v.get(i).set(s.get("v." + names.get(i)));
        }
        step = Float.floatToRawIntBits(s.get("step")[0]);
    }
}
