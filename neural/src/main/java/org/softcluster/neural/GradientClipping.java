package org.softcluster.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

import java.util.Collection;

/** Clipping by global L2 norm (the paper's (16)); DJL only offers element-wise clipping. */
public final class GradientClipping {
    private GradientClipping() { }

    /** The global L2 norm of the gradients of the given parameters. */
    public static double globalNorm(Collection<NDArray> params) {
        // one pass per tensor (torch's norm, no squared temporary), then the norm of the norms
        NDList norms = new NDList(params.size());
        for (NDArray p : params) {
            norms.add(p.getGradient().norm());
        }
        return NDArrays.stack(norms).norm().getFloat();
    }

    /** The factor min(1, maxNorm / norm) that clipping by global norm applies (1 when maxNorm ≤ 0). */
    public static float scale(double norm, double maxNorm) {
        return maxNorm > 0 && norm > maxNorm ? (float) (maxNorm / (norm + 1e-6)) : 1f;
    }

    /**
     * Scales all gradients in place by min(1, maxNorm / norm) and returns the norm before clipping.
     *
     * @param maxNorm the bound; 0 or less means no clipping (the norm is still returned)
     */
    public static double clip(Collection<NDArray> params, double maxNorm) {
        double norm = globalNorm(params);
        float scale = scale(norm, maxNorm);
        if (scale != 1f) {
            for (NDArray p : params) Tensors.muli(p.getGradient(), scale);
        }
        return norm;
    }

}
