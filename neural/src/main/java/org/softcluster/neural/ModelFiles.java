package org.softcluster.neural;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.softcluster.data.Encoding;
import org.softcluster.data.Scaler;
import org.softcluster.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The on-disk layout shared by every neural model: a model directory with the tensors in
 * {@value #PARAMS_FILE} and a description in {@value #MODEL_FILE} (kind, config, input shape, scaler,
 * table encoding, training facts, metadata), each written to a temporary file and moved into place.
 */
public final class ModelFiles {
    /** File name of the parameters inside a model directory. */
    public static final String PARAMS_FILE = "model.npz";
    /** File name of the model description inside a model directory. */
    public static final String MODEL_FILE = "model.json";
    /** The {@code metadata} key of the input feature names. */
    public static final String FEATURE_NAMES = "feature_names";
    /** The key of the fitted scaler (top level since format 2; inside {@code metadata} in format 1). */
    public static final String SCALER = "scaler";
    /** The key of the table encoding (top level; absent when the inputs are a table's numbers as they are). */
    public static final String ENCODING = "encoding";
    private static final int FORMAT = 2;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelFiles() { }

    /** Writes the parameters and the description of a model of the given kind. */
    public static void save(Path dir, Params params, String kind, Object config, int inputDim, int[] imageShape,
                            Scaler scaler, Encoding encoding, Map<String, Object> info, Map<String, Object> metadata)
            throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(PARAMS_FILE + ".tmp");
        params.save(tmp);
        Files.move(tmp, dir.resolve(PARAMS_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Map<String, Object> desc = Json.ordered("format", FORMAT, "kind", kind, "config", config, "input_dim", inputDim,
                "image_shape", imageShape, SCALER, scaler.toMap());
        if (encoding != null) desc.put(ENCODING, encoding);
        desc.put("info", info);
        desc.put("metadata", metadata);
        Path tmpJson = dir.resolve(MODEL_FILE + ".tmp");
        JSON.writeValue(tmpJson.toFile(), desc);
        Files.move(tmpJson, dir.resolve(MODEL_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * A read model description.
     *
     * @param config the configuration
     * @param inputDim the input feature count
     * @param imageShape {height, width} or null
     * @param scaler the fitted input scaling ({@link Scaler#none()} when the file has none)
     * @param encoding the table encoding, or null when the file has none
     * @param info training facts
     * @param metadata free-form metadata
     * @param <C> the configuration type
     */
    public record Description<C>(C config, int inputDim, int[] imageShape, Scaler scaler, Encoding encoding,
                                 Map<String, Object> info, Map<String, Object> metadata) { }

    /**
     * Reads and checks the description of a model of {@code kind}; configuration fields missing
     * from the file (older versions) take their values from {@code defaults}, inside nested objects too.
     *
     * @throws IOException with a one-line message when the directory is missing, of another kind or corrupt
     */
    @SuppressWarnings("unchecked")
    public static <C> Description<C> read(Path dir, String kind, String what, Class<C> configType, C defaults) throws IOException {
        Path json = dir.resolve(MODEL_FILE);
        if (!Files.isDirectory(dir)) throw new IOException(dir + ": not a model directory");
        if (!Files.isRegularFile(json)) throw new IOException(dir + ": missing " + MODEL_FILE);
        if (!Files.isRegularFile(dir.resolve(PARAMS_FILE))) throw new IOException(dir + ": missing " + PARAMS_FILE);
        try {
            Map<String, Object> desc = JSON.readValue(json.toFile(), new TypeReference<Map<String, Object>>() { });
            if (!kind.equals(desc.get("kind"))) {
                throw new IOException(json + ": not a softcluster " + what + " model (kind " + desc.get("kind") + ")");
            }
            C config = config(desc.get("config"), configType, defaults);
            int inputDim = ((Number) desc.get("input_dim")).intValue();
            int[] imageShape = desc.get("image_shape") == null ? null : JSON.convertValue(desc.get("image_shape"), int[].class);
            Map<String, Object> info = desc.get("info") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            Map<String, Object> metadata = new LinkedHashMap<>();
            if (desc.get("metadata") instanceof Map<?, ?> meta) {
                for (var e : meta.entrySet()) metadata.put(String.valueOf(e.getKey()), e.getValue());
            }
            // format 1 kept the scaler among the metadata
            Object s = desc.containsKey(SCALER) ? desc.get(SCALER) : metadata.remove(SCALER);
            Scaler scaler = s instanceof Map<?, ?> sm ? Scaler.fromMap((Map<String, ?>) sm) : Scaler.none();
            if (scaler.dim() >= 0 && scaler.dim() != inputDim) {
                throw new IOException(json + ": the saved scaler has " + scaler.dim() + " features, the model " + inputDim);
            }
            Encoding encoding = desc.get(ENCODING) == null ? null : JSON.convertValue(desc.get(ENCODING), Encoding.class);
            if (encoding != null && encoding.dim() != inputDim) {
                throw new IOException(json + ": the saved encoding makes " + encoding.dim() + " features, the model takes " + inputDim);
            }
            return new Description<>(config, inputDim, imageShape, scaler, encoding, info, metadata);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(json.toString())) throw e;
            throw new IOException(json + ": corrupt model description (" + firstLine(e.getMessage()) + ")", e);
        } catch (RuntimeException e) {
            throw new IOException(json + ": corrupt model description (" + firstLine(e.getMessage()) + ")", e);
        }
    }

    /** Makes a model from its read description and its parameters (owned by {@code root}). */
    @FunctionalInterface
    public interface Assembler<C, M extends NeuralModel> {
        /** Builds the model; may throw when the parameters do not fit the description. */
        M assemble(Description<C> description, Params params, NDManager root);
    }

    /**
     * Loads a model directory of {@code kind}: reads the description ({@link #read}), loads the parameters
     * into a new base manager, assembles the model and restores its metadata; frees the native memory on failure.
     *
     * @throws IOException with a one-line message when the directory is missing, truncated or corrupt
     */
    public static <C, M extends NeuralModel> M load(Path dir, String kind, String what, Class<C> configType, C defaults,
                                                    Assembler<C, M> assembler) throws IOException {
        Description<C> d = read(dir, kind, what, configType, defaults);
        NDManager root = NDManager.newBaseManager();
        try {
            M model = assembler.assemble(d, loadParams(root, dir), root);
            model.metadata().putAll(d.metadata());
            return model;
        } catch (IOException | RuntimeException e) {
            root.close();
            if (e instanceof IOException io) throw io;
            throw new IOException(dir.resolve(PARAMS_FILE) + ": " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * Puts {@code saved} over {@code defaults}, object by object: a nested object of settings keeps the defaults'
     * entries that {@code saved} lacks.
     */
    @SuppressWarnings("unchecked")
    static void mergeInto(Map<String, Object> defaults, Map<String, Object> saved) {
        for (Map.Entry<String, Object> e : saved.entrySet()) {
            if (defaults.get(e.getKey()) instanceof Map<?, ?> d && e.getValue() instanceof Map<?, ?> s) {
                mergeInto((Map<String, Object>) d, (Map<String, Object>) s);
            } else {
                defaults.put(e.getKey(), e.getValue());
            }
        }
    }

    /**
     * A configuration read back from JSON ({@code written}, a map of its fields): settings added after it was
     * written take their values from {@code defaults} (model files and checkpoints of older versions).
     */
    @SuppressWarnings("unchecked")
    public static <C> C config(Object written, Class<C> configType, C defaults) {
        Map<String, Object> merged = JSON.convertValue(defaults, new TypeReference<Map<String, Object>>() { });
        mergeInto(merged, (Map<String, Object>) written);
        return JSON.convertValue(merged, configType);
    }

    /** Loads the parameters of a model directory into a new sub-manager of {@code root}. */
    public static Params loadParams(NDManager root, Path dir) throws IOException {
        return Params.load(root, dir.resolve(PARAMS_FILE));
    }

    /** The first line of a message (errors are reported as one line). */
    public static String firstLine(String s) {
        if (s == null) return "unknown error";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
