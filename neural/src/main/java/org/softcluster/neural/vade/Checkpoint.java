package org.softcluster.neural.vade;

import org.softcluster.neural.ModelFiles;
import org.softcluster.neural.train.CheckpointFile;
import org.softcluster.neural.train.EpochLog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of a training run after an epoch: enough to continue it exactly (network, optimiser,
 * early-stopping state, log). Random streams need no saving: every epoch seeds its own. The files are
 * {@link CheckpointFile}'s (tensor groups "p" parameters, "a" Adam, "b" the best epoch's parameters).
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
    public static final String JSON = CheckpointFile.JSON;

    /** Whether {@code dir} holds a checkpoint. */
    public static boolean exists(Path dir) {
        return CheckpointFile.exists(dir);
    }

    /** Writes the checkpoint atomically into {@code dir}. */
    public static void write(Path dir, Checkpoint cp) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("config", cp.config);
        json.put("data_sha256", cp.dataSha256);
        json.put("best", Double.isFinite(cp.best) ? cp.best : null);
        json.put("best_epoch", cp.bestEpoch);
        json.put("since_best", cp.sinceBest);
        json.put("seconds", cp.seconds);
        json.put("log", cp.log.stream().map(EpochLog::toMap).toList());
        Map<String, Map<String, float[]>> tensors = new LinkedHashMap<>();
        tensors.put("p", cp.params);
        tensors.put("a", cp.adam);
        if (cp.bestParams != null) tensors.put("b", cp.bestParams);
        CheckpointFile.write(dir, cp.stage, cp.epoch, json, tensors);
    }

    /**
     * Reads the checkpoint in {@code dir}; configuration fields a checkpoint written before they existed
     * lacks take the paper preset's values (as model files do).
     *
     * @throws IOException with a one-line message when it is missing or damaged
     */
    public static Checkpoint read(Path dir) throws IOException {
        return CheckpointFile.read(dir).parse(c -> new Checkpoint(
                ModelFiles.config(c.fields().get("config"), VadeConfig.class, VadePresets.paper()), c.text("data_sha256"),
                c.text("stage"), c.integer("epoch"), c.rows("log").stream().map(EpochLog::fromMap).toList(),
                c.fields().get("best") == null ? Double.NEGATIVE_INFINITY : c.real("best"), c.integer("best_epoch"),
                c.integer("since_best"), c.real("seconds"), c.group("p"), c.group("a"),
                c.group("b").isEmpty() ? null : c.group("b")));
    }
}
