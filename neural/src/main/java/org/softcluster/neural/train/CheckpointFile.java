package org.softcluster.neural.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The files of a training checkpoint, for every method: {@value #JSON} holds the method's fields (configuration,
 * stage, epoch, log, counters) and names a tensor file {@code checkpoint-<stage>-<epoch>.bin} that holds named
 * float arrays in groups ("p" the parameters, "a" the optimiser state, and whatever else the method keeps).
 *
 * <p>The tensor file is written first, then the JSON is moved into place, then older tensor files are
 * removed — a kill at any moment leaves the previous or the new checkpoint, never a mix.
 */
public final class CheckpointFile {
    /** The JSON file of a checkpoint directory. */
    public static final String JSON = "checkpoint.json";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int MAGIC = 0x5343434B; // "SCCK"

    private CheckpointFile() { }

    /** Whether {@code dir} holds a checkpoint. */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(JSON));
    }

    /**
     * Writes a checkpoint atomically into {@code dir}: the JSON {@code fields} (after "format", "stage" and
     * "epoch") and the tensor {@code groups} (group name → tensor name → values; names hold no '/').
     */
    public static void write(Path dir, String stage, int epoch, Map<String, Object> fields,
                             Map<String, Map<String, float[]>> groups) throws IOException {
        Files.createDirectories(dir);
        String tensors = "checkpoint-" + stage + "-" + epoch + ".bin";
        Path tmp = dir.resolve(tensors + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20))) {
            out.writeInt(MAGIC);
            for (Map.Entry<String, Map<String, float[]>> g : groups.entrySet()) {
                for (Map.Entry<String, float[]> e : g.getValue().entrySet()) {
                    out.writeUTF(g.getKey() + "/" + e.getKey());
                    float[] v = e.getValue();
                    out.writeInt(v.length);
                    ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.BIG_ENDIAN);
                    buf.asFloatBuffer().put(v);
                    out.write(buf.array());
                }
            }
            out.writeUTF("");
        }
        move(tmp, dir.resolve(tensors));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", 1);
        json.put("stage", stage);
        json.put("epoch", epoch);
        json.putAll(fields);
        json.put("tensors", tensors);
        Path tmpJson = dir.resolve(JSON + ".tmp");
        MAPPER.writeValue(tmpJson.toFile(), json);
        move(tmpJson, dir.resolve(JSON));
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith("checkpoint-") && name.endsWith(".bin") && !name.equals(tensors)) Files.deleteIfExists(f);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Reads the checkpoint in {@code dir}.
     *
     * @throws IOException with a one-line message when it is missing or damaged
     */
    public static Contents read(Path dir) throws IOException {
        Path json = dir.resolve(JSON);
        if (!Files.isRegularFile(json)) throw new IOException(dir + ": no checkpoint to resume from (" + JSON + " missing)");
        Map<String, Object> fields;
        try {
            fields = MAPPER.readValue(json.toFile(), new TypeReference<Map<String, Object>>() { });
        } catch (IOException | RuntimeException e) {
            throw damaged(json, e);
        }
        if (!(fields.get("tensors") instanceof String name)) throw damaged(json, new IllegalStateException("no tensor file named"));
        Path tensors = dir.resolve(name);
        Map<String, Map<String, float[]>> groups = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(tensors), 1 << 20))) {
            if (in.readInt() != MAGIC) throw new IOException(tensors + ": not a checkpoint tensor file");
            for (String key = in.readUTF(); !key.isEmpty(); key = in.readUTF()) {
                int n = in.readInt();
                int slash = key.indexOf('/');
                if (n < 0 || n > 1 << 28 || slash < 0) throw new IOException(tensors + ": damaged (tensor " + key + " of length " + n + ")");
                byte[] bytes = new byte[n * 4];
                in.readFully(bytes);
                float[] v = new float[n];
                ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(v);
                groups.computeIfAbsent(key.substring(0, slash), g -> new LinkedHashMap<>()).put(key.substring(slash + 1), v);
            }
        } catch (EOFException e) {
            throw new IOException(tensors + ": truncated checkpoint", e);
        } catch (NoSuchFileException e) {
            throw new IOException(tensors + ": missing checkpoint tensors", e);
        }
        return new Contents(json, fields, groups);
    }

    private static IOException damaged(Path json, Exception e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int nl = message.indexOf('\n');
        return new IOException(json + ": damaged checkpoint (" + (nl < 0 ? message : message.substring(0, nl)) + ")", e);
    }

    /**
     * Refuses to resume when the checkpoint was made with another configuration or on other data.
     *
     * @throws IOException naming the checkpoint directory and what differs
     */
    public static void checkSameRun(Path dir, Object savedConfig, Object config, String savedSha, String dataSha) throws IOException {
        if (!savedConfig.equals(config)) {
            throw new IOException(dir + ": the checkpoint was made with another configuration: " + savedConfig);
        }
        if (!savedSha.equals(dataSha)) {
            throw new IOException(dir + ": the checkpoint was made on other data (SHA-256 differs)");
        }
    }

    /**
     * A read checkpoint: its JSON fields and tensor groups, with readers for the field types. A method
     * turns it into its own record with {@link #parse}.
     *
     * @param json the JSON file (for messages)
     * @param fields the JSON fields
     * @param groups group name → tensor name → values
     */
    public record Contents(Path json, Map<String, Object> fields, Map<String, Map<String, float[]>> groups) {

        /**
         * Builds the method's record; any failure of {@code parser} (a missing or mistyped field) becomes
         * a one-line "damaged checkpoint" error.
         */
        public <T> T parse(Function<Contents, T> parser) throws IOException {
            try {
                return parser.apply(this);
            } catch (RuntimeException e) {
                throw damaged(json, e);
            }
        }

        /** A tensor group (empty when the checkpoint has none of that name). */
        public Map<String, float[]> group(String name) {
            return groups.getOrDefault(name, Map.of());
        }

        /** A field as text (null when absent). */
        public String text(String key) {
            Object o = fields.get(key);
            return o == null ? null : String.valueOf(o);
        }

        /** A whole-number field. */
        public int integer(String key) {
            return CheckpointFile.integer(require(key));
        }

        /** A whole-number field that may exceed an int. */
        public long whole(String key) {
            Object o = require(key);
            return o instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(o));
        }

        /** A real field (NaN when null, as JSON writes NaN). */
        public double real(String key) {
            return CheckpointFile.real(fields.get(key));
        }

        /** A field holding a list of objects (log rows), each as a map. */
        public List<Map<?, ?>> rows(String key) {
            List<Map<?, ?>> out = new ArrayList<>();
            for (Object row : (List<?>) require(key)) out.add((Map<?, ?>) row);
            return out;
        }

        private Object require(String key) {
            Object o = fields.get(key);
            if (o == null) throw new IllegalStateException("no field " + key);
            return o;
        }
    }

    /** A JSON value as an int (a number, or a number written as text). */
    public static int integer(Object o) {
        return o instanceof Number n ? n.intValue() : Double.valueOf(String.valueOf(o)).intValue();
    }

    /** A JSON value as a double: null is NaN, text is parsed ("NaN", "Infinity"). */
    public static double real(Object o) {
        if (o == null) return Double.NaN;
        if (o instanceof Number n) return n.doubleValue();
        return Double.parseDouble(String.valueOf(o));
    }
}
