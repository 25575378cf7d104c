package org.softcluster.neural.vade;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.softcluster.neural.Batched;
import org.softcluster.neural.Layers;
import org.softcluster.neural.Network;
import org.softcluster.neural.Params;
import org.softcluster.neural.Tensors;

import java.util.Random;

/**
 * The networks of the model as tensor code over named {@link Params}: the encoder trunk with
 * heads μ_φ, ln σ²_φ (4) and the assignment branch f_φ (5), the decoder μ_θ (7) and the
 * Gaussian-mixture prior (8).
 *
 * <p>Parameter names: {@code enc.i.*} trunk layers, {@code head.mu.*}, {@code head.logvar.*},
 * {@code head.gamma.*}, {@code dec.i.*} decoder layers, {@code dec.out.*}, {@code prior.logits}
 * (π via softmax), {@code prior.mu} (K×d), {@code prior.logvar} (K×d) and, for a learnable
 * Gaussian decoder variance, {@code lik.logvar}.
 */
public final class VadeNetwork extends Network<VadeConfig> {
    private VadeNetwork(VadeConfig config, int inputDim, Params params) {
        super(config, inputDim, params);
    }

    /** Creates a freshly Xavier-initialised network (seeded by the config's seed). */
    public static VadeNetwork create(NDManager parent, VadeConfig config, int inputDim) {
        Params p = new Params(parent);
        Random rnd = new Random(config.seed() * 0x9E3779B97F4A7C15L + 17);
        int[] widths = config.network().encoderDims();
        int prev = p.putLayers("enc", inputDim, widths, rnd);
        p.putLinear("head.mu", prev, config.network().latentDim(), rnd);
        p.putLinear("head.logvar", prev, config.network().latentDim(), rnd);
        if (config.method() == VadeConfig.Method.ERVADE) {
            p.putLinear("head.gamma", prev, config.k(), rnd);
        } else {
            // plain VaDE draws the branch head's values too and drops them, so that both methods start from the same
            // trunk, heads and decoder: one pre-training serves both (compare's vade and ervade rows share it)
            Params.skipLinear(prev, config.k(), rnd);
        }
        p.putLinear("dec.out", p.putLayers("dec", config.network().latentDim(), Params.reversed(widths), rnd), inputDim, rnd);
        int k = config.k();
        int d = config.network().latentDim();
        p.put("prior.logits", new float[k], new Shape(k));
        p.put("prior.mu", new float[k * d], new Shape(k, d));
        p.put("prior.logvar", new float[k * d], new Shape(k, d));
        if (config.network().likelihood() == VadeConfig.Likelihood.GAUSSIAN && config.network().variance() != VadeConfig.VarianceMode.FIXED) {
            int n = config.network().variance() == VadeConfig.VarianceMode.SCALAR ? 1 : inputDim;
            p.put("lik.logvar", new float[n], new Shape(n));
        }
        return new VadeNetwork(config, inputDim, p);
    }

    /** Wraps loaded parameters, checking that every expected tensor is present with the right shape. */
    public static VadeNetwork wrap(VadeConfig config, int inputDim, Params loaded) {
        try (NDManager scratch = NDManager.newBaseManager(); VadeNetwork expected = create(scratch, config, inputDim)) {
            loaded.checkMatches(expected.params);
        }
        return new VadeNetwork(config, inputDim, loaded);
    }


    /** The encoder trunk's last hidden layer. */
    public NDArray trunk(NDArray x) {
        return reluLayers(x, "enc", config.network().encoderDims().length);
    }

    /** Encodes a batch: μ_φ(x), ln σ²_φ(x) and (for the method) ln γ = log softmax(f_φ(x)/T). */
    public Encoded encode(NDArray x) {
        return encode(x, true);
    }

    /**
     * Encodes a batch; {@code withBranch} false leaves ln γ null (the main stage under
     * {@link VadeConfig.BranchGradient#HEAD}, where the branch is not trained yet).
     */
    public Encoded encode(NDArray x, boolean withBranch) {
        return heads(trunk(x), withBranch);
    }

    /** The heads on trunk features h = {@link #trunk}(x): as {@link #encode(NDArray, boolean)} without the trunk. */
    public Encoded heads(NDArray h, boolean withBranch) {
        NDArray mu = linear(h, "head.mu");
        NDArray logvar = linear(h, "head.logvar");
        NDArray logGamma = null;
        if (withBranch && hasBranch()) {
            logGamma = branch(config.branch().gradient() == VadeConfig.BranchGradient.HEAD ? h.stopGradient() : h);
        }
        return new Encoded(mu, logvar, logGamma);
    }

    /** Whether the network has the assignment branch (the method; plain VaDE has none). */
    public boolean hasBranch() {
        return params.has("head.gamma.w");
    }

    /** The branch on trunk features h: ln γ = log softmax(f_φ(h)/(T·τ)) (5), (17), τ the calibration of {@link Softness#AUTO} (1: none). */
    public NDArray branch(NDArray h) {
        return Tensors.div(linear(h, "head.gamma"), (float) (config.network().temperature() * config.branch().calibration())).logSoftmax(1);
    }

    /** The decoder output: Bernoulli logits or the Gaussian mean, shape B×D. */
    public NDArray decode(NDArray z) {
        return linear(reluLayers(z, "dec", config.network().encoderDims().length), "dec.out");
    }

    /** Decoded values in data space: sigmoid of the logits (Bernoulli) or the mean (Gaussian). */
    public NDArray reconstruct(NDArray z) {
        NDArray out = decode(z);
        return config.network().likelihood() == VadeConfig.Likelihood.BERNOULLI ? Layers.sigmoid(out) : out;
    }

    /**
     * Per-object negative log-likelihood −ln p(x|z) (9), shape B.
     * Bernoulli: Σ_j softplus(l_j) − x_j l_j; Gaussian: ½ Σ_j [(x_j − m_j)²/σ²_j + ln σ²_j + ln 2π].
     */
    public NDArray negLogLikelihood(NDArray x, NDArray out) {
        if (config.network().likelihood() == VadeConfig.Likelihood.BERNOULLI) {
            return Layers.softPlus(out).sub(x.mul(out)).sum(new int[] {1});
        }
        NDArray sq = x.sub(out).square();
        double log2pi = Math.log(2 * Math.PI);
        if (!params.has("lik.logvar")) {
            return Tensors.mul(Tensors.add(sq.sum(new int[] {1}), (float) (inputDim * log2pi)), 0.5f);
        }
        NDArray lv = params.get("lik.logvar");
        double floor = config.network().varianceFloor();
        if (floor > 0) lv = Tensors.maximum(lv, (float) Math.log(floor));
        // lv has shape (1) or (D); broadcasting covers both the scalar and the per-feature variance.
        return Tensors.mul(Tensors.add(sq.mul(lv.neg().exp()).add(lv), (float) log2pi).sum(new int[] {1}), 0.5f);
    }

    /**
     * Runs the encoder over all rows of {@code x} in batches without gradients.
     *
     * @param x N×D data on this network's device
     * @param batchSize rows per batch
     * @param withLoss also evaluate the objective with z = μ (validation loss)
     * @param eta η for the loss
     */
    public Inference infer(NDArray x, int batchSize, boolean withLoss, double eta) {
        return infer(x, batchSize, withLoss, eta, true);
    }

    /**
     * As {@link #infer(NDArray, int, boolean, double)}; {@code withBranch} false reports γ = γ* and a
     * loss without the branch's terms (the main stage under {@link VadeConfig.BranchGradient#HEAD}).
     */
    public Inference infer(NDArray x, int batchSize, boolean withLoss, double eta, boolean withBranch) {
        int n = (int) x.getShape().get(0);
        int d = config.network().latentDim();
        int k = config.k();
        Batched.Outputs out = Batched.run(x, batchSize, new int[] {d, k, k}, (xb, slice) -> {
            if (withLoss) {
                Objective.Terms t = Objective.evaluate(this, xb, null, eta, withBranch);
                return new NDArray[] {t.mu(), t.logGamma().exp(), t.logGammaStar().exp(), t.total()};
            }
            Encoded enc = encode(xb, withBranch);
            NDArray logGammaStar = Objective.mixture(this, enc).logGammaStar();
            NDArray logGamma = enc.logGamma() == null ? logGammaStar : enc.logGamma();
            return new NDArray[] {enc.mu(), logGamma.exp(), logGammaStar.exp()};
        });
        return new Inference(n, d, k, out.rows(0), out.rows(1), out.rows(2), withLoss ? out.rowWeightedSum(3) / Math.max(1, n) : Double.NaN);
    }

    /**
     * The soft assignments γ alone for the row-major rows {@code x} of {@code dim} features (no gradients),
     * row-major N×K, copied to {@code manager} one batch at a time: the trunk and the branch head only (plain
     * VaDE: γ* from μ and ln σ², the least it needs). Scoring's fast path.
     */
    public float[] gamma(NDManager manager, float[] x, int dim, int batchSize) {
        return Batched.run(manager, x, dim, batchSize, new int[] {config.k()}, (xb, slice) -> new NDArray[] {
            (hasBranch() ? branch(trunk(xb)) : Objective.mixture(this, encode(xb, false)).logGammaStar()).exp()}).rows(0);
    }

    /** Results of {@link #infer}: row-major μ (N×d), γ (N×K), γ* (N×K) and the mean loss. */
    public record Inference(int n, int d, int k, float[] mu, float[] gamma, float[] gammaStar, double loss) {

        /** γ as double rows (the soft assignments). */
        public double[][] gammaRows() { return Batched.toRows(gamma, k); }

        /** γ* as double rows (the mixture responsibilities). */
        public double[][] gammaStarRows() { return Batched.toRows(gammaStar, k); }

        /** μ as double rows (the latent codes). */
        public double[][] muRows() { return Batched.toRows(mu, d); }

        /** Each object's cluster argmax γ (the first of equal maxima). */
        public int[] clusters() {
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                int b = 0;
                for (int c = 1; c < k; c++) if (gamma[i * k + c] > gamma[i * k + b]) b = c;
                out[i] = b;
            }
            return out;
        }
    }


    /** Encoder outputs for one batch; {@code logGamma} is null for plain VaDE. */
    public record Encoded(NDArray mu, NDArray logvar, NDArray logGamma) { }
}
