package org.softcluster.neural.vade;

import org.softcluster.neural.train.EpochLog;

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
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of a training run after an epoch: enough to continue it exactly (network, optimiser,
 * early-stopping state, log). Random streams need no saving: every epoch seeds its own.
 *
 * <p>On disk: {@code checkpoint.json} names a tensor file {@code checkpoint-<stage>-<epoch>.bin};
 * the tensor file is written first, then the JSON is moved into place, then older tensor files
 * are removed — a kill at any moment leaves the previous or the new checkpoint, never a mix.
 *
 * @param config the configuration of the run
 * @param dataSha256 SHA-256 of the training data
 * @param stage "pretrain" or "train"
 * @param epoch the last finished epoch of that stage
 * @param log the training log so far
 * @param best best early-stopping score so far
 * @param bestEpoch its epoch
 * @param sinceBest epochs since it
 * @param seconds training time so far
 * @param params the network's tensors
 * @param adam the optimiser's state
 * @param bestParams the network's tensors at the best epoch, or null
 */
public record Checkpoint(VadeConfig config, String dataSha256, String stage, int epoch, List<EpochLog> log, double best,
                         int bestEpoch, int sinceBest, double seconds, Map<String, float[]> params, Map<String, float[]> adam,
                         Map<String, float[]> bestParams) {
    /** The JSON file of a checkpoint directory. */
    public static final String JSON = "checkpoint.json";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int MAGIC = 0x5343434B; // "SCCK"

    /** Whether {@code dir} holds a checkpoint. */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(JSON));
    }

    /** Writes the checkpoint atomically into {@code dir}. */
    public static void write(Path dir, Checkpoint cp) throws IOException {
        Files.createDirectories(dir);
        String tensors = "checkpoint-" + cp.stage + "-" + cp.epoch + ".bin";
        Path tmp = dir.resolve(tensors + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20))) {
            out.writeInt(MAGIC);
            writeGroup(out, "p/", cp.params);
            writeGroup(out, "a/", cp.adam);
            if (cp.bestParams != null) writeGroup(out, "b/", cp.bestParams);
            out.writeUTF("");
        }
        move(tmp, dir.resolve(tensors));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", 1);
        json.put("config", cp.config);
        json.put("data_sha256", cp.dataSha256);
        json.put("stage", cp.stage);
        json.put("epoch", cp.epoch);
        json.put("best", Double.isFinite(cp.best) ? cp.best : null);
        json.put("best_epoch", cp.bestEpoch);
        json.put("since_best", cp.sinceBest);
        json.put("seconds", cp.seconds);
        json.put("tensors", tensors);
        json.put("log", cp.log.stream().map(EpochLog::toMap).toList());
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

    private static void writeGroup(DataOutputStream out, String prefix, Map<String, float[]> group) throws IOException {
        for (Map.Entry<String, float[]> e : group.entrySet()) {
            out.writeUTF(prefix + e.getKey());
            float[] v = e.getValue();
            out.writeInt(v.length);
            ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.BIG_ENDIAN);
            buf.asFloatBuffer().put(v);
            out.write(buf.array());
        }
    }

    /**
     * Reads the checkpoint in {@code dir}.
     *
     * @throws IOException with a one-line message when it is missing or damaged
     */
    public static Checkpoint read(Path dir) throws IOException {
        Path json = dir.resolve(JSON);
        if (!Files.isRegularFile(json)) throw new IOException(dir + ": no checkpoint to resume from (" + JSON + " missing)");
        Map<?, ?> m;
        VadeConfig config;
        List<EpochLog> log = new java.util.ArrayList<>();
        try {
            m = MAPPER.readValue(json.toFile(), Map.class);
            // grouped or flat (written before the grouping); settings it lacks take the paper preset's values
            config = MAPPER.convertValue(m.get("config"), VadeConfig.class);
            for (Object row : (List<?>) m.get("log")) log.add(logRow((Map<?, ?>) row));
        } catch (RuntimeException e) {
            throw new IOException(json + ": damaged checkpoint (" + e.getMessage() + ")", e);
        }
        Path tensors = dir.resolve(String.valueOf(m.get("tensors")));
        Map<String, float[]> p = new LinkedHashMap<>();
        Map<String, float[]> a = new LinkedHashMap<>();
        Map<String, float[]> b = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(tensors), 1 << 20))) {
            if (in.readInt() != MAGIC) throw new IOException(tensors + ": not a checkpoint tensor file");
            for (String name = in.readUTF(); !name.isEmpty(); name = in.readUTF()) {
                int n = in.readInt();
                if (n < 0 || n > 1 << 28) throw new IOException(tensors + ": damaged (tensor " + name + " of length " + n + ")");
                byte[] bytes = new byte[n * 4];
                in.readFully(bytes);
                float[] v = new float[n];
                ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(v);
                Map<String, float[]> target = name.startsWith("p/") ? p : name.startsWith("a/") ? a : b;
                target.put(name.substring(2), v);
            }
        } catch (EOFException e) {
            throw new IOException(tensors + ": truncated checkpoint", e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(tensors + ": missing checkpoint tensors", e);
        }
        Object best = m.get("best");
        return new Checkpoint(config, String.valueOf(m.get("data_sha256")), String.valueOf(m.get("stage")),
                ((Number) m.get("epoch")).intValue(), log, best == null ? Double.NEGATIVE_INFINITY : ((Number) best).doubleValue(),
                ((Number) m.get("best_epoch")).intValue(), ((Number) m.get("since_best")).intValue(),
                ((Number) m.get("seconds")).doubleValue(), p, a, b.isEmpty() ? null : b);
    }

    private static EpochLog logRow(Map<?, ?> r) {
        return new EpochLog(String.valueOf(r.get("stage")), num(r.get("epoch")).intValue(), d(r.get("recon")), d(r.get("kl")),
                d(r.get("neg_entropy")), d(r.get("couple")), d(r.get("total")), d(r.get("eta")), d(r.get("val_loss")),
                d(r.get("val_nmi")), d(r.get("val_ari")), d(r.get("val_acc")), d(r.get("val_entropy")),
                d(r.get("val_confidence")), num(r.get("clusters_used")).intValue(), d(r.get("mu_drift")),
                d(r.get("train_val_gap")), d(r.get("grad_norm")), num(r.get("skipped_batches")).intValue(), d(r.get("seconds")),
                d(r.get("balance")));
    }

    private static Number num(Object o) {
        return o instanceof Number n ? n : Double.valueOf(String.valueOf(o));
    }

    private static double d(Object o) {
        if (o == null) return Double.NaN;
        if (o instanceof Number n) return n.doubleValue();
        return Double.parseDouble(String.valueOf(o));
    }
}
