package org.softcluster.neural;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.softcluster.cluster.ClusterModel;
import org.softcluster.data.Dataset;
import org.softcluster.data.Encoding;
import org.softcluster.data.Scaler;
import org.softcluster.neural.dec.DecModel;
import org.softcluster.neural.vade.VadeModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A trained neural clustering model — the method, plain VaDE or DEC — as a library user holds it:
 * soft assignments, latent codes and prototypes for data in the units it was trained on (the model
 * applies its own fitted {@link #scaler()}), saved to and loaded from a model directory.
 *
 * <pre>{@code
 * try (NeuralModel model = NeuralModel.load(Path.of("runs/mine"))) {
 *     double[][] gamma = model.predictProba(Dataset.of(rows));
 * }
 * }</pre>
 *
 * <p>Holds native tensors: close it when done. Scoring methods are safe to call from several threads.
 */
public interface NeuralModel extends ClusterModel, AutoCloseable {

    /** {@code "ervade"}, {@code "vade"} or {@code "dec"}. */
    String method();

    /** The training configuration (a record, serialisable to JSON). */
    Object config();

    /** The feature scaling fitted on the training data; every scoring method applies it first. */
    Scaler scaler();

    /**
     * How the inputs were made from the training table's columns (categorical columns one-hot encoded, missing
     * cells handled), or null when they are the columns' numbers as they are. The model scores numbers: read a
     * table for it with this encoding ({@code DataLoader.Options#withEncoding}) to get the same features.
     */
    Encoding encoding();

    /** The input feature names (from the training table; {@code column=category} for one-hot features), or {@code x0, x1, ...}. */
    List<String> featureNames();

    /** {height, width} of image inputs, or null. */
    int[] imageShape();

    /** Training facts (objects, best epoch, epochs run, seconds, ...). */
    Map<String, Object> info();

    /** Free-form metadata saved with the model. */
    Map<String, Object> metadata();

    /** The rows of the training log ({@code train_log.csv}); empty for a loaded model. */
    List<Map<String, Object>> logRows();

    /** Decoded cluster prototypes, K rows of D values in the model's input units (the scaling undone). */
    float[][] prototypes();

    /** Cluster weights: the mixture's π (VaDE family) or each cluster's share of the training data (DEC). */
    double[] weights();

    /** Whether {@link #responsibilities} is defined (the mixture responsibilities γ* of the VaDE family). */
    default boolean hasResponsibilities() { return false; }

    /**
     * The mixture responsibilities γ*_k = p(c = k | z) for every object.
     *
     * @throws UnsupportedOperationException for a model without a mixture (DEC)
     */
    default double[][] responsibilities(Dataset data) {
        throw new UnsupportedOperationException("a " + method() + " model has no mixture responsibilities");
    }

    /**
     * Whether {@link #reliability} is defined: the model keeps the codes and clusters of a sample of its training
     * objects (VaDE-family models trained since they are kept; not DEC, which has no mixture responsibilities).
     */
    default boolean hasReferences() { return false; }

    /**
     * Each object's label-free reliability estimate for the cluster {@code clusters[i]} it is given
     * ({@code org.softcluster.metrics.Reliability}): the smaller of the mixture responsibility γ* of that cluster and the
     * share of the object's 10 nearest reference codes (training objects, itself left out) the model puts in it.
     *
     * @throws UnsupportedOperationException for a model without reference codes ({@link #hasReferences()} false)
     */
    default double[] reliability(Dataset data, int[] clusters) {
        throw new UnsupportedOperationException("a " + method() + " model has no reference codes");
    }

    /** As {@link #reliability(Dataset, int[])} for each object's cluster, the argmax of {@link #predictProba}. */
    default double[] reliability(Dataset data) {
        double[][] p = predictProba(data);
        int[] clusters = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            for (int c = 1; c < p[i].length; c++) if (p[i][c] > p[i][clusters[i]]) clusters[i] = c;
        }
        return reliability(data, clusters);
    }

    /** Saves the model into {@code dir} (parameters and description, each written atomically). */
    void save(Path dir) throws IOException;

    @Override
    void close();

    /**
     * Loads a model directory written by {@link #save} of any kind.
     *
     * @throws IOException with a one-line message when the directory is missing, of an unknown kind or corrupt
     */
    static NeuralModel load(Path dir) throws IOException {
        Path json = dir.resolve(ModelFiles.MODEL_FILE);
        if (!Files.isDirectory(dir)) throw new IOException(dir + ": not a model directory");
        if (!Files.isRegularFile(json)) throw new IOException(dir + ": missing " + ModelFiles.MODEL_FILE);
        JsonNode desc;
        try {
            desc = new ObjectMapper().readTree(json.toFile());
        } catch (IOException e) {
            throw new IOException(json + ": corrupt model description (" + ModelFiles.firstLine(e.getMessage()) + ")", e);
        }
        String kind = desc.path("kind").asText("");
        return switch (kind) {
            case DecModel.KIND -> DecModel.load(dir);
            case VadeModel.KIND -> VadeModel.load(dir);
            default -> throw new IOException(json + ": not a softcluster model (kind '" + kind + "')");
        };
    }
}
