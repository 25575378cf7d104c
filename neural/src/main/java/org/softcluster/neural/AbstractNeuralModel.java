package org.softcluster.neural;

import ai.djl.ndarray.NDManager;
import org.softcluster.data.Dataset;
import org.softcluster.data.Encoding;
import org.softcluster.data.Scaler;
import org.softcluster.neural.train.LogRow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every neural model shares: its configuration, input shape, fitted scaler, table encoding, training
 * facts and metadata, the native memory it owns, and the model-directory layout of {@link ModelFiles}. A subclass
 * scores data that is already scaled ({@link #scoreProba}, {@link #scoreTransform}) and decodes
 * prototypes in model units; this class applies the scaler on the way in and undoes it on the way out.
 *
 * @param <C> the configuration record
 * @param <L> the training log's row type
 * @param <N> the network
 */
public abstract class AbstractNeuralModel<C, L extends LogRow, N extends Network<C>> implements NeuralModel {
    /** File name of the parameters inside a model directory. */
    public static final String PARAMS_FILE = ModelFiles.PARAMS_FILE;
    /** File name of the model description inside a model directory. */
    public static final String MODEL_FILE = ModelFiles.MODEL_FILE;

    private final String kind;
    private final C config;
    private final int k;
    private final int inputDim;
    private final int[] imageShape;
    private final Scaler scaler;
    private final Encoding encoding;
    private final Map<String, Object> info;
    private final List<L> trainLog;
    /** The network the model scores with. */
    protected final N net;
    private final Map<String, Object> metadata = new LinkedHashMap<>();
    private final NDManager manager;

    /**
     * @param kind the {@code kind} written to {@value ModelFiles#MODEL_FILE}
     * @param net the network (its config and input size are the model's)
     * @param k the number of clusters
     * @param imageShape {height, width} or null
     * @param scaler the fitted scaling of the inputs (never null; {@link Scaler#none()} for none)
     * @param encoding how the inputs were made from a table's columns, or null (the columns' numbers as they are)
     * @param info training facts
     * @param manager the native memory of the parameters, closed with the model
     */
    protected AbstractNeuralModel(String kind, N net, int k, int[] imageShape, Scaler scaler,
                                  Encoding encoding, List<L> trainLog, Map<String, Object> info, NDManager manager) {
        this.kind = kind;
        this.net = net;
        this.config = net.config();
        this.k = k;
        this.inputDim = net.inputDim();
        this.imageShape = imageShape == null ? null : imageShape.clone();
        this.scaler = scaler == null ? Scaler.none() : scaler;
        if (encoding != null && encoding.dim() != inputDim) {
            throw new IllegalArgumentException("the encoding makes " + encoding.dim() + " features, the model takes " + inputDim);
        }
        this.encoding = encoding;
        this.trainLog = List.copyOf(trainLog);
        this.info = new LinkedHashMap<>(info);
        this.manager = manager;
    }

    /** The per-epoch training log (empty for a loaded model). */
    public List<L> trainLog() { return trainLog; }

    @Override
    public List<Map<String, Object>> logRows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (L l : trainLog) rows.add(l.toMap());
        return rows;
    }

    @Override
    public C config() { return config; }

    @Override
    public int k() { return k; }

    @Override
    public int inputDim() { return inputDim; }

    @Override
    public int[] imageShape() { return imageShape == null ? null : imageShape.clone(); }

    @Override
    public Scaler scaler() { return scaler; }

    @Override
    public Encoding encoding() { return encoding; }

    @Override
    public Map<String, Object> info() { return Collections.unmodifiableMap(info); }

    @Override
    public Map<String, Object> metadata() { return metadata; }

    /** The manager that owns the parameters (scoring works in sub-managers of it). */
    protected NDManager manager() { return manager; }

    @Override
    public List<String> featureNames() {
        List<String> out = new ArrayList<>();
        if (metadata.get(ModelFiles.FEATURE_NAMES) instanceof List<?> l && l.size() == inputDim) {
            for (Object o : l) out.add(String.valueOf(o));
            return out;
        }
        for (int j = 0; j < inputDim; j++) out.add("x" + j);
        return out;
    }

    /** The data as the network sees it: checked for the feature count, then scaled. */
    protected final Dataset scaled(Dataset data) {
        checkDim(data);
        return scaler.transform(data);
    }

    @Override
    public final double[][] predictProba(Dataset data) {
        return scoreProba(scaled(data));
    }

    @Override
    public final double[][] transform(Dataset data) {
        return scoreTransform(scaled(data));
    }

    /** Soft assignments of data already in model units. */
    protected abstract double[][] scoreProba(Dataset scaled);

    /** Latent codes of data already in model units. */
    protected abstract double[][] scoreTransform(Dataset scaled);

    /** Decoded prototypes in model units (K rows of D values). */
    protected abstract float[][] decodedPrototypes();

    /** K decoded rows of D values from one flat K×D array. */
    protected final float[][] clusterRows(float[] flat) {
        float[][] out = new float[k][inputDim];
        for (int c = 0; c < k; c++) System.arraycopy(flat, c * inputDim, out[c], 0, inputDim);
        return out;
    }

    /** The network (for advanced use and tests). */
    public N network() { return net; }

    @Override
    public final float[][] prototypes() {
        float[][] p = decodedPrototypes();
        if (scaler.method() == Scaler.Method.NONE) return p;
        float[][] out = new float[p.length][];
        for (int c = 0; c < p.length; c++) {
            double[] row = new double[p[c].length];
            for (int j = 0; j < row.length; j++) row[j] = p[c][j];
            double[] orig = scaler.inverseTransform(row);
            out[c] = new float[orig.length];
            for (int j = 0; j < orig.length; j++) out[c][j] = (float) orig[j];
        }
        return out;
    }

    @Override
    public void save(Path dir) throws IOException {
        ModelFiles.save(dir, net.params(), kind, config, inputDim, imageShape, scaler, encoding, info, metadata);
    }

    @Override
    public void close() {
        manager.close();
    }
}
