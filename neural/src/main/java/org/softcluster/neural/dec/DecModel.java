package org.softcluster.neural.dec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.softcluster.cluster.ClusterModel;
import org.softcluster.data.Dataset;
import org.softcluster.neural.Params;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
    public static final String PARAMS_FILE = "model.npz";
    /** File name of the model description inside a model directory. */
    public static final String MODEL_FILE = "model.json";
    /** The {@code kind} written to {@value #MODEL_FILE}. */
    public static final String KIND = "softcluster-dec";
    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
        Files.createDirectories(dir);
        Path tmp = dir.resolve(PARAMS_FILE + ".tmp");
        net.params().save(tmp);
        Files.move(tmp, dir.resolve(PARAMS_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Map<String, Object> desc = new LinkedHashMap<>();
        desc.put("format", FORMAT);
        desc.put("kind", KIND);
        desc.put("config", config);
        desc.put("input_dim", inputDim);
        desc.put("image_shape", imageShape);
        desc.put("info", info);
        desc.put("metadata", metadata);
        Path tmpJson = dir.resolve(MODEL_FILE + ".tmp");
        JSON.writeValue(tmpJson.toFile(), desc);
        Files.move(tmpJson, dir.resolve(MODEL_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Loads a model directory written by {@link #save}.
     *
     * @throws IOException with a one-line message when the directory is missing, truncated or corrupt
     */
    public static DecModel load(Path dir) throws IOException {
        Path json = dir.resolve(MODEL_FILE);
        Path npz = dir.resolve(PARAMS_FILE);
        if (!Files.isDirectory(dir)) throw new IOException(dir + ": not a model directory");
        if (!Files.isRegularFile(json)) throw new IOException(dir + ": missing " + MODEL_FILE);
        if (!Files.isRegularFile(npz)) throw new IOException(dir + ": missing " + PARAMS_FILE);
        Map<String, Object> desc;
        DecConfig config;
        int inputDim;
        int[] imageShape;
        try {
            desc = JSON.readValue(json.toFile(), new TypeReference<Map<String, Object>>() { });
            if (!KIND.equals(desc.get("kind"))) {
                throw new IOException(json + ": not a softcluster DEC model (kind " + desc.get("kind") + ")");
            }
            config = JSON.convertValue(desc.get("config"), DecConfig.class);
            inputDim = ((Number) desc.get("input_dim")).intValue();
            imageShape = desc.get("image_shape") == null ? null : JSON.convertValue(desc.get("image_shape"), int[].class);
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IOException(json + ": corrupt model description (" + firstLine(e.getMessage()) + ")", e);
        }
        NDManager root = NDManager.newBaseManager();
        try {
            Params params = Params.load(root, npz);
            DecNetwork net = DecNetwork.wrap(config, inputDim, params);
            @SuppressWarnings("unchecked")
            Map<String, Object> info = desc.get("info") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            DecModel model = new DecModel(config, net, inputDim, imageShape, List.of(), info, root);
            if (desc.get("metadata") instanceof Map<?, ?> meta) {
                for (var e : meta.entrySet()) model.metadata.put(String.valueOf(e.getKey()), e.getValue());
            }
            return model;
        } catch (IOException | RuntimeException e) {
            root.close();
            if (e instanceof IOException io) throw io;
            throw new IOException(npz + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "unknown error";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public void close() {
        manager.close();
    }
}
