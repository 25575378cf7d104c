package org.softcluster.neural.dec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.softcluster.cluster.ClusterModel;
import org.softcluster.data.Dataset;
import org.softcluster.neural.ModelFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained DEC model: soft assignments q (Student-t kernel to the centres), latent codes z and
 * the centres themselves.
 *
 * <p>Holds native tensors: close it when done. Scoring methods are safe to call from several
 * threads at once (each call works in its own tensor scope and only reads the parameters).
 */
public final class DecModel implements ClusterModel, AutoCloseable {
    /** File name of the parameters inside a model directory. */
    public static final String PARAMS_FILE = ModelFiles.PARAMS_FILE;
    /** File name of the model description inside a model directory. */
    public static final String MODEL_FILE = ModelFiles.MODEL_FILE;
    /** The {@code kind} written to {@value #MODEL_FILE}. */
    public static final String KIND = "softcluster-dec";

    private final DecConfig config;
    private final DecNetwork net;
    private final int inputDim;
    private final int[] imageShape;
    private final List<DecLog> trainLog;
    private final Map<String, Object> info;
    private final Map<String, Object> metadata = new LinkedHashMap<>();
    private final NDManager manager;

    DecModel(DecConfig config, DecNetwork net, int inputDim, int[] imageShape, List<DecLog> trainLog,
             Map<String, Object> info, NDManager manager) {
        this.config = config;
        this.net = net;
        this.inputDim = inputDim;
        this.imageShape = imageShape == null ? null : imageShape.clone();
        this.trainLog = List.copyOf(trainLog);
        this.info = new LinkedHashMap<>(info);
        this.manager = manager;
    }

    /** The configuration it was trained with. */
    public DecConfig config() { return config; }

    /** The per-epoch training log (empty for a loaded model). */
    public List<DecLog> trainLog() { return trainLog; }

    /** Training facts: objects, last and best epoch, epochs run, stop reason, target updates, seconds. */
    public Map<String, Object> info() { return Collections.unmodifiableMap(info); }

    /** Free-form metadata saved with the model (e.g. the feature scaler). */
    public Map<String, Object> metadata() { return metadata; }

    /** {height, width} of image inputs, or null. */
    public int[] imageShape() { return imageShape == null ? null : imageShape.clone(); }

    /** The network (for advanced use and tests). */
    public DecNetwork network() { return net; }

    @Override
    public int k() { return config.k(); }

    @Override
    public int inputDim() { return inputDim; }

    /** Runs the encoder on a dataset: q and z for every object. */
    public DecNetwork.Inference infer(Dataset data) {
        checkDim(data);
        try (NDManager local = manager.newSubManager()) {
            NDArray x = local.create(data.features(), new Shape(data.size(), data.dim()));
            return net.infer(x, 2048, false);
        }
    }

    /** The soft assignments q. */
    @Override
    public double[][] predictProba(Dataset data) {
        return infer(data).qRows();
    }

    /** The latent codes z. */
    @Override
    public double[][] transform(Dataset data) {
        return infer(data).zRows();
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
    public double[] weights() {
        Object shares = info.get(CLUSTER_SHARES);
        double[] w = new double[config.k()];
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
        int d = config.latentDim();
        double[][] out = new double[config.k()][d];
        for (int c = 0; c < out.length; c++) {
            for (int j = 0; j < d; j++) out[c][j] = flat[c * d + j];
        }
        return out;
    }

    /** Decoded cluster centres decoder(μ_j), K rows of D values in model input units. */
    public float[][] prototypes() {
        try (NDManager local = manager.newSubManager()) {
            NDArray c = local.create(net.centers().toFloatArray(), new Shape(config.k(), config.latentDim()));
            float[] flat = net.decode(c).toFloatArray();
            float[][] out = new float[config.k()][inputDim];
            for (int k = 0; k < out.length; k++) System.arraycopy(flat, k * inputDim, out[k], 0, inputDim);
            return out;
        }
    }

    /**
     * Saves the model into a directory: {@value #PARAMS_FILE} and {@value #MODEL_FILE}, each
     * written to a temporary file first and then moved into place.
     */
    public void save(Path dir) throws IOException {
        ModelFiles.save(dir, net.params(), KIND, config, inputDim, imageShape, info, metadata);
    }

    /**
     * Loads a model directory written by {@link #save}.
     *
     * @throws IOException with a one-line message when the directory is missing, truncated or corrupt
     */
    public static DecModel load(Path dir) throws IOException {
        ModelFiles.Description<DecConfig> d = ModelFiles.read(dir, KIND, "DEC", DecConfig.class, DecConfig.standard());
        NDManager root = NDManager.newBaseManager();
        try {
            DecNetwork net = DecNetwork.wrap(d.config(), d.inputDim(), ModelFiles.loadParams(root, dir));
            DecModel model = new DecModel(d.config(), net, d.inputDim(), d.imageShape(), List.of(), d.info(), root);
            model.metadata.putAll(d.metadata());
            return model;
        } catch (IOException | RuntimeException e) {
            root.close();
            if (e instanceof IOException io) throw io;
            throw new IOException(dir.resolve(ModelFiles.PARAMS_FILE) + ": " + ModelFiles.firstLine(e.getMessage()), e);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
