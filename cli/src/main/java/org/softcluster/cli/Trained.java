package org.softcluster.cli;

import org.softcluster.neural.train.EpochLog;

import com.fasterxml.jackson.databind.JsonNode;
import org.softcluster.cluster.ClusterModel;
import org.softcluster.data.Dataset;
import org.softcluster.io.Json;
import org.softcluster.neural.dec.DecLog;
import org.softcluster.neural.dec.DecModel;

import org.softcluster.neural.vade.VadeModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A trained neural clustering model as the commands see it — the method, plain VaDE or DEC — so
 * that writing outputs, scoring and loading are one code path for all of them.
 */
interface Trained extends AutoCloseable {

    /** The fitted model (soft assignments, latent codes). */
    ClusterModel model();

    /** "ervade", "vade" or "dec". */
    String method();

    /** The training configuration (serialisable). */
    Object config();

    /** Free-form metadata saved with the model (scaler, feature names). */
    Map<String, Object> metadata();

    /** Training facts (best epoch, epochs run, seconds, ...). */
    Map<String, Object> info();

    /** The rows of train_log.csv. */
    List<Map<String, Object>> logRows();

    /** {height, width} for image models, or null. */
    int[] imageShape();

    /** Decoded cluster prototypes in model input units. */
    float[][] prototypes();

    /** Cluster weights (mixture π for VaDE-family models; cluster shares of the data for DEC). */
    double[] weights();

    /** The mixture responsibilities γ* (VaDE family) or null. */
    double[][] responsibilities(Dataset data);

    /** Saves the model files into {@code dir}. */
    void save(Path dir) throws IOException;

    @Override
    void close();

    /** Wraps a VaDE-family model. */
    static Trained of(VadeModel m) {
        return new Trained() {
            public ClusterModel model() { return m; }
            public String method() { return m.config().method().name().toLowerCase(Locale.ROOT); }
            public Object config() { return m.config(); }
            public Map<String, Object> metadata() { return m.metadata(); }
            public Map<String, Object> info() { return m.info(); }
            public List<Map<String, Object>> logRows() {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (EpochLog l : m.trainLog()) rows.add(l.toMap());
                return rows;
            }
            public int[] imageShape() { return m.imageShape(); }
            public float[][] prototypes() { return m.prototypes(); }
            public double[] weights() { return m.weights(); }
            public double[][] responsibilities(Dataset data) { return m.responsibilities(data); }
            public void save(Path dir) throws IOException { m.save(dir); }
            public void close() { m.close(); }
        };
    }

    /** Wraps a DEC model. */
    static Trained of(DecModel m) {
        return new Trained() {
            public ClusterModel model() { return m; }
            public String method() { return "dec"; }
            public Object config() { return m.config(); }
            public Map<String, Object> metadata() { return m.metadata(); }
            public Map<String, Object> info() { return m.info(); }
            public List<Map<String, Object>> logRows() {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (DecLog l : m.trainLog()) rows.add(l.toMap());
                return rows;
            }
            public int[] imageShape() { return m.imageShape(); }
            public float[][] prototypes() { return m.prototypes(); }
            public double[] weights() { return m.weights(); }
            public double[][] responsibilities(Dataset data) { return null; }
            public void save(Path dir) throws IOException { m.save(dir); }
            public void close() { m.close(); }
        };
    }

    /** Loads a model directory of any supported kind, with one-line errors. */
    static Trained load(Path dir) {
        try {
            Path json = dir.resolve(VadeModel.MODEL_FILE);
            if (!Files.isDirectory(dir)) throw new IOException(dir + ": not a model directory");
            if (!Files.isRegularFile(json)) throw new IOException(dir + ": missing " + VadeModel.MODEL_FILE);
            JsonNode desc;
            try {
                desc = Json.MAPPER.readTree(json.toFile());
            } catch (IOException e) {
                throw new IOException(json + ": corrupt model description", e);
            }
            String kind = desc.path("kind").asText("");
            if (kind.equals(DecModel.KIND)) return of(DecModel.load(dir));
            return of(VadeModel.load(dir));
        } catch (IOException e) {
            throw CliException.input("cannot load model " + dir + ": " + Main.oneLine(e.getMessage()));
        }
    }
}
