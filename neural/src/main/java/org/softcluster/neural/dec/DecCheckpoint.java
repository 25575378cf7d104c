package org.softcluster.neural.dec;

import org.softcluster.neural.ModelFiles;
import org.softcluster.neural.train.CheckpointFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of a DEC run after an epoch of pre-training or of the clustering stage: enough to continue it
 * exactly (network, the stage's Adam state, log and, in the clustering stage, its {@link Clustering} state).
 * The shuffles need no saving: each epoch's seed is a function of the stage and the epoch. The files are
 * {@link CheckpointFile}'s (tensor groups "p" parameters, "a" Adam, "s" the clustering stage's P and labels).
 *
 * @param config the configuration of the run
 * @param dataSha256 SHA-256 of the training data
 * @param stage "pretrain" or "train"
 * @param epoch the last finished epoch of that stage
 * @param log the training log so far
 * @param seconds training time so far
 * @param params the network's tensors
 * @param adam the stage's optimiser state
 * @param clustering the clustering stage's state, or null after a pre-training epoch
 */
public record DecCheckpoint(DecConfig config, String dataSha256, String stage, int epoch, List<DecLog> log, double seconds,
                            Map<String, float[]> params, Map<String, float[]> adam, Clustering clustering) {

    /**
     * The clustering stage's state between epochs.
     *
     * @param steps gradient steps so far
     * @param targetUpdates target distributions computed so far
     * @param lastChange the share of changed assignments at the last target update (NaN before any)
     * @param stopReason why the stage ended, or "max epochs" while it may go on
     * @param bestNmi the best validation NMI so far (−∞ before any)
     * @param bestEpoch its epoch
     * @param previous the hard labels of the last target update, which the tolerance rule compares with
     * @param target the target distribution P (N×K, row-major) in force, or null before the first update
     */
    public record Clustering(long steps, int targetUpdates, double lastChange, String stopReason, double bestNmi,
                             int bestEpoch, int[] previous, float[] target) { }

    /** Writes the checkpoint atomically into {@code dir}. */
    public static void write(Path dir, DecCheckpoint cp) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("method", "dec");
        json.put("config", cp.config);
        json.put("data_sha256", cp.dataSha256);
        json.put("seconds", cp.seconds);
        Map<String, Map<String, float[]>> tensors = new LinkedHashMap<>();
        tensors.put("p", cp.params);
        tensors.put("a", cp.adam);
        Clustering c = cp.clustering;
        if (c != null) {
            json.put("steps", c.steps());
            json.put("target_updates", c.targetUpdates());
            json.put("last_change", c.lastChange());
            json.put("stop_reason", c.stopReason());
            json.put("best_nmi", c.bestNmi());
            json.put("best_epoch", c.bestEpoch());
            Map<String, float[]> state = new LinkedHashMap<>();
            float[] labels = new float[c.previous().length];
            // labels are small whole numbers: exact as floats
            for (int i = 0; i < labels.length; i++) labels[i] = c.previous()[i];
            state.put("previous", labels);
            if (c.target() != null) state.put("target", c.target());
            tensors.put("s", state);
        }
        json.put("log", cp.log.stream().map(DecLog::toMap).toList());
        CheckpointFile.write(dir, cp.stage, cp.epoch, json, tensors);
    }

    /**
     * Reads the checkpoint in {@code dir}; configuration fields it lacks take the standard values.
     *
     * @throws IOException with a one-line message when it is missing, damaged or not DEC's
     */
    public static DecCheckpoint read(Path dir) throws IOException {
        return CheckpointFile.read(dir).parse(c -> {
            if (!"dec".equals(c.text("method"))) throw new IllegalStateException("not a DEC checkpoint");
            Clustering clustering = null;
            if (c.fields().containsKey("steps")) {
                float[] labels = c.group("s").get("previous");
                int[] previous = new int[labels.length];
                for (int i = 0; i < previous.length; i++) previous[i] = (int) labels[i];
                clustering = new Clustering(c.whole("steps"), c.integer("target_updates"), c.real("last_change"),
                        c.text("stop_reason"), c.real("best_nmi"), c.integer("best_epoch"), previous, c.group("s").get("target"));
            }
            return new DecCheckpoint(ModelFiles.config(c.fields().get("config"), DecConfig.class, DecConfig.standard()),
                    c.text("data_sha256"), c.text("stage"), c.integer("epoch"), c.rows("log").stream().map(DecLog::fromMap).toList(),
                    c.real("seconds"), c.group("p"), c.group("a"), clustering);
        });
    }
}
