package org.softcluster.neural.dec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.softcluster.data.Dataset;
import org.softcluster.data.Encoding;
import org.softcluster.data.Scaler;
import org.softcluster.neural.AbstractNeuralModel;
import org.softcluster.neural.ModelFiles;
import org.softcluster.neural.Params;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A trained DEC model: soft assignments q (Student-t kernel to the centres), latent codes z and
 * the centres themselves, for data in the units it was trained on (its fitted scaler is applied first).
 *
 * <p>Holds native tensors: close it when done. Scoring methods are safe to call from several
 * threads at once (each call works in its own tensor scope and only reads the parameters).
 */
public final class DecModel extends AbstractNeuralModel<DecConfig, DecLog, DecNetwork> {
    /** The {@code kind} written to {@value #MODEL_FILE}. */
    public static final String KIND = "softcluster-dec";

    DecModel(DecNetwork net, int[] imageShape, Scaler scaler, Encoding encoding,
             List<DecLog> trainLog, Map<String, Object> info, NDManager manager) {
        super(KIND, net, net.config().k(), imageShape, scaler, encoding, trainLog, info, manager);
    }

    @Override
    public String method() { return "dec"; }

    /** Runs the encoder on a dataset: q and z for every object. */
    public DecNetwork.Inference infer(Dataset data) {
        return run(scaled(data));
    }

    private DecNetwork.Inference run(Dataset x) {
        try (NDManager local = manager().newSubManager()) {
            NDArray t = local.create(x.features(), new Shape(x.size(), x.dim()));
            return net.infer(t, 2048, false);
        }
    }

    /** The soft assignments q. */
    @Override
    protected double[][] scoreProba(Dataset data) {
        return run(data).qRows();
    }

    /** The latent codes z. */
    @Override
    protected double[][] scoreTransform(Dataset data) {
        return run(data).zRows();
    }

    /** DEC's target distribution P for a dataset, with the cluster frequencies taken over that dataset. */
    public double[][] targets(Dataset data) {
        return DecMath.target(predictProba(data));
    }

    /** The {@link #info()} key of the cluster shares (written by the trainer, saved with the model). */
    public static final String CLUSTER_SHARES = "cluster_shares";

    /**
     * The cluster weights: each cluster's share of the training data (the mean of q over the training
     * objects, from {@link #info()}); uniform for a model saved before the shares were recorded.
     */
    @Override
    public double[] weights() {
        Object shares = info().get(CLUSTER_SHARES);
        double[] w = new double[k()];
        if (shares instanceof double[] d && d.length == w.length) return d.clone();
        if (shares instanceof List<?> l && l.size() == w.length) {
            for (int c = 0; c < w.length; c++) w[c] = ((Number) l.get(c)).doubleValue();
            return w;
        }
        java.util.Arrays.fill(w, 1.0 / w.length);
        return w;
    }

    /** The cluster centres μ in the latent space, K rows of d values. */
    public double[][] centers() {
        float[] flat = net.centers().toFloatArray();
        int d = config().latentDim();
        double[][] out = new double[k()][d];
        for (int c = 0; c < out.length; c++) {
            for (int j = 0; j < d; j++) out[c][j] = flat[c * d + j];
        }
        return out;
    }

    /** Decoded cluster centres decoder(μ_j), K rows of D values in model units. */
    @Override
    protected float[][] decodedPrototypes() {
        try (NDManager local = manager().newSubManager()) {
            NDArray c = local.create(net.centers().toFloatArray(), new Shape(k(), config().latentDim()));
            return clusterRows(net.decode(c).toFloatArray());
        }
    }

    /**
     * Loads a model directory written by {@link #save}.
     *
     * @throws IOException with a one-line message when the directory is missing, truncated or corrupt
     */
    public static DecModel load(Path dir) throws IOException {
        return ModelFiles.load(dir, KIND, "DEC", DecConfig.class, DecConfig.standard(), (d, params, root) ->
                new DecModel(DecNetwork.wrap(d.config(), d.inputDim(), params), d.imageShape(),
                        d.scaler(), d.encoding(), List.of(), d.info(), root));
    }
}
