package org.softcluster.neural.vade;

import org.softcluster.neural.train.EpochLog;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import org.softcluster.cluster.ClusterModel;
import org.softcluster.data.Dataset;
import org.softcluster.neural.Batched;
import org.softcluster.neural.ModelFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained entropy-regularised VaDE (or plain VaDE): soft assignments γ, mixture
 * responsibilities γ*, latent codes z = μ_φ(x) and decoded prototypes μ_θ(μ_k) (18).
 *
 * <p>Holds native tensors: close it when done. Scoring methods are safe to call from several
 * threads at once (each call works in its own tensor scope and only reads the parameters).
 */
public final class VadeModel implements ClusterModel, AutoCloseable {
    /** File name of the parameters inside a model directory. */
    public static final String PARAMS_FILE = ModelFiles.PARAMS_FILE;
    /** File name of the model description inside a model directory. */
    public static final String MODEL_FILE = ModelFiles.MODEL_FILE;

    private final VadeConfig config;
    private final VadeNetwork net;
    private final int inputDim;
    private final int[] imageShape;
    private final List<EpochLog> trainLog;
    private final Map<String, Object> info;
    private final Map<String, Object> metadata = new LinkedHashMap<>();
    private final NDManager manager;

    VadeModel(VadeConfig config, VadeNetwork net, int inputDim, int[] imageShape, List<EpochLog> trainLog,
              Map<String, Object> info, NDManager manager) {
        this.config = config;
        this.net = net;
        this.inputDim = inputDim;
        this.imageShape = imageShape;
        this.trainLog = List.copyOf(trainLog);
        this.info = new LinkedHashMap<>(info);
        this.manager = manager;
    }

    /** The configuration it was trained with. */
    public VadeConfig config() { return config; }

    /** The per-epoch training log (empty for a loaded model). */
    public List<EpochLog> trainLog() { return trainLog; }

    /** Training facts: objects, best epoch, epochs run, early stopping, seconds. */
    public Map<String, Object> info() { return Collections.unmodifiableMap(info); }

    /** Free-form metadata saved with the model (e.g. the feature scaler). */
    public Map<String, Object> metadata() { return metadata; }

    /** {height, width} of image inputs, or null. */
    public int[] imageShape() { return imageShape == null ? null : imageShape.clone(); }

    /** The network (for advanced use and tests). */
    public VadeNetwork network() { return net; }

    @Override
    public int k() { return config.k(); }

    @Override
    public int inputDim() { return inputDim; }

    /** Runs the encoder on a dataset: γ, γ* and μ for every object. */
    public VadeNetwork.Inference infer(Dataset data) {
        checkDim(data);
        try (NDManager local = manager.newSubManager()) {
            NDArray x = local.create(data.features(), new Shape(data.size(), data.dim()));
            return net.infer(x, 2048, false, config.eta());
        }
    }

    /** The soft assignments γ (the branch for the method, γ* for plain VaDE). */
    @Override
    public double[][] predictProba(Dataset data) {
        checkDim(data);
        return Batched.toRows(net.gamma(manager, data.features(), data.dim(), SCORING_BATCH), config.k());
    }

    /** Rows per batch when scoring γ alone (measured best of 1 024–10 000 on MNIST: larger batches fall out of the caches). */
    static final int SCORING_BATCH = 2048;

    /** The mixture responsibilities γ*_k = softmax_k(ln π_k − KL_k). */
    public double[][] responsibilities(Dataset data) {
        return infer(data).gammaStarRows();
    }

    /** The latent codes z = μ_φ(x). */
    @Override
    public double[][] transform(Dataset data) {
        return infer(data).muRows();
    }

    /** The mixture weights π. */
    public double[] weights() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            float[] p = net.params().get("prior.logits").softmax(0).toFloatArray();
            double[] out = new double[p.length];
            for (int i = 0; i < p.length; i++) out[i] = p[i];
            return out;
        }
    }

    /** The prototypes (18): decoded mixture means μ_θ(μ_k), K rows of D values in model input units. */
    public float[][] prototypes() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            float[] flat = net.reconstruct(net.params().get("prior.mu")).toFloatArray();
            float[][] out = new float[config.k()][inputDim];
            for (int c = 0; c < config.k(); c++) System.arraycopy(flat, c * inputDim, out[c], 0, inputDim);
            return out;
        }
    }

    /**
     * Saves the model into a directory: {@value #PARAMS_FILE} and {@value #MODEL_FILE}, each
     * written to a temporary file first and then moved into place.
     */
    public void save(Path dir) throws IOException {
        ModelFiles.save(dir, net.params(), "softcluster-vade", config, inputDim, imageShape, info, metadata);
    }

    /**
     * Loads a model directory written by {@link #save}.
     *
     * @throws IOException with a one-line message when the directory is missing, truncated or corrupt
     */
    public static VadeModel load(Path dir) throws IOException {
        ModelFiles.Description<VadeConfig> d = ModelFiles.read(dir, "softcluster-vade", "VaDE", VadeConfig.class, VadeConfig.paper());
        NDManager root = NDManager.newBaseManager();
        try {
            VadeNetwork net = VadeNetwork.wrap(d.config(), d.inputDim(), ModelFiles.loadParams(root, dir));
            VadeModel model = new VadeModel(d.config(), net, d.inputDim(), d.imageShape(), List.of(), d.info(), root);
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
