package org.softcluster.neural.dec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.softcluster.neural.Batched;
import org.softcluster.neural.Layers;
import org.softcluster.neural.Network;
import org.softcluster.neural.Params;

import java.util.Random;

/**
 * DEC's networks as tensor code over named {@link Params}: the MLP autoencoder
 * (encoder D-h1-…-hL-d with ReLU and a linear code layer, decoder mirrored with a linear output,
 * the same shape as the VaDE networks) and the cluster centres μ_j.
 *
 * <p>Parameter names: {@code enc.i.*} hidden encoder layers, {@code enc.z.*} the code layer,
 * {@code dec.i.*} hidden decoder layers, {@code dec.out.*} the output layer and {@code centers}
 * (K×d). Only {@code enc.*} and {@code centers} are trained in the clustering stage.
 */
public final class DecNetwork extends Network<DecConfig> {
    /** Name of the cluster-centre tensor. */
    public static final String CENTERS = "centers";

    private DecNetwork(DecConfig config, int inputDim, Params params) {
        super(config, inputDim, params);
    }

    /** Creates a freshly Xavier-initialised network with zero centres (seeded by the config's seed). */
    public static DecNetwork create(NDManager parent, DecConfig config, int inputDim) {
        Params p = new Params(parent);
        Random rnd = new Random(config.seed() * 0x9E3779B97F4A7C15L + 17);
        int[] widths = config.encoderDims();
        int prev = p.putLayers("enc", inputDim, widths, rnd);
        p.putLinear("enc.z", prev, config.latentDim(), rnd);
        p.putLinear("dec.out", p.putLayers("dec", config.latentDim(), Params.reversed(widths), rnd), inputDim, rnd);
        p.put(CENTERS, new float[config.k() * config.latentDim()], new Shape(config.k(), config.latentDim()));
        return new DecNetwork(config, inputDim, p);
    }

    /** Wraps loaded parameters, checking that every expected tensor is present with the right shape. */
    public static DecNetwork wrap(DecConfig config, int inputDim, Params loaded) {
        try (NDManager scratch = NDManager.newBaseManager(); DecNetwork expected = create(scratch, config, inputDim)) {
            loaded.checkMatches(expected.params);
        }
        return new DecNetwork(config, inputDim, loaded);
    }


    /** The cluster centres μ (K×d). */
    public NDArray centers() { return params.get(CENTERS); }

    /** Whether a parameter belongs to the encoder (the part trained together with the centres). */
    public static boolean isEncoder(String name) { return name.startsWith("enc."); }

    /** Whether a parameter belongs to the decoder (used in pre-training only). */
    public static boolean isDecoder(String name) { return name.startsWith("dec."); }

    /** The latent codes z (B×d) of a batch. */
    public NDArray encode(NDArray x) {
        return linear(reluLayers(x, "enc", config.encoderDims().length), "enc.z");
    }

    /** The reconstruction (B×D, linear output) of latent codes. */
    public NDArray decode(NDArray z) {
        return linear(reluLayers(z, "dec", config.encoderDims().length), "dec.out");
    }

    /**
     * The pre-training loss: squared error summed over the D features, averaged over the batch
     * (so it is D times the per-element MSE and does not shrink with wider inputs).
     */
    public NDArray reconstructionLoss(NDArray x) {
        return x.sub(decode(encode(x))).square().sum(new int[] {1}).mean();
    }

    /** ln q (B×K) for a batch: the log soft assignments of its codes to the centres. */
    public NDArray logSoftAssignment(NDArray x) {
        return DecMath.logSoftAssignment(encode(x), centers(), config.alpha());
    }

    /**
     * Runs the encoder over all rows of {@code x} in batches without gradients.
     *
     * @param x N×D data on this network's device
     * @param batchSize rows per batch
     * @param withReconstruction also compute the mean reconstruction loss
     */
    public Inference infer(NDArray x, int batchSize, boolean withReconstruction) {
        int n = (int) x.getShape().get(0);
        int d = config.latentDim();
        int k = config.k();
        Batched.Outputs out = Batched.run(x, batchSize, new int[] {d, k}, (xb, slice) -> {
            NDArray zb = encode(xb);
            NDArray qb = DecMath.softAssignment(zb, centers(), config.alpha());
            return withReconstruction ? new NDArray[] {zb, qb, xb.sub(decode(zb)).square().sum()} : new NDArray[] {zb, qb};
        });
        return new Inference(n, d, k, out.rows(0), out.rows(1), withReconstruction ? out.sum(2) / Math.max(1, n) : Double.NaN);
    }

    /** Results of {@link #infer}: row-major z (N×d), q (N×K) and the mean reconstruction loss (or NaN). */
    public record Inference(int n, int d, int k, float[] z, float[] q, double reconstruction) {

        /** q as double rows (the soft assignments). */
        public double[][] qRows() { return Batched.toRows(q, k); }

        /** z as double rows (the latent codes). */
        public double[][] zRows() { return Batched.toRows(z, d); }
    }

}
