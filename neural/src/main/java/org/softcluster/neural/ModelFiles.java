package org.softcluster.neural;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The on-disk layout shared by every neural model: a model directory with the tensors in
 * {@value #PARAMS_FILE} and a description in {@value #MODEL_FILE} (kind, config, input shape,
 * training facts, metadata), each written to a temporary file and moved into place.
 */
public final class ModelFiles {
    /** File name of the parameters inside a model directory. */
    public static final String PARAMS_FILE = "model.npz";
    /** File name of the model description inside a model directory. */
    public static final String MODEL_FILE = "model.json";
    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelFiles() { }

    /** Writes the parameters and the description of a model of the given kind. */
    public static void save(Path dir, Params params, String kind, Object config, int inputDim, int[] imageShape,
                            Map<String, Object> info, Map<String, Object> metadata) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(PARAMS_FILE + ".tmp");
        params.save(tmp);
        Files.move(tmp, dir.resolve(PARAMS_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Map<String, Object> desc = new LinkedHashMap<>();
        desc.put("format", FORMAT);
        desc.put("kind", kind);
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
     * A read model description.
     *
     * @param config the configuration
     * @param inputDim the input feature count
     * @param imageShape {height, width} or null
     * @param info training facts
     * @param metadata free-form metadata
     * @param <C> the configuration type
     */
    public record Description<C>(C config, int inputDim, int[] imageShape, Map<String, Object> info, Map<String, Object> metadata) { }

    /**
     * Reads and checks the description of a model of {@code kind}; configuration fields missing
     * from the file (older versions) take their values from {@code defaults}.
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
            return new Description<>(config, inputDim, imageShape, info, metadata);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(json.toString())) throw e;
            throw new IOException(json + ": corrupt model description (" + firstLine(e.getMessage()) + ")", e);
        } catch (RuntimeException e) {
            throw new IOException(json + ": corrupt model description (" + firstLine(e.getMessage()) + ")", e);
        }
    }

    /**
     * A configuration read back from JSON ({@code written}, a map of its fields): settings added after it was
     * written take their values from {@code defaults} (model files and checkpoints of older versions).
     */
    @SuppressWarnings("unchecked")
    public static <C> C config(Object written, Class<C> configType, C defaults) {
        Map<String, Object> merged = JSON.convertValue(defaults, new TypeReference<Map<String, Object>>() { });
        merged.putAll((Map<String, Object>) written);
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
