package org.softcluster.neural.dec;

import org.softcluster.neural.Adam;
import org.softcluster.neural.train.Checkpointing;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * A DEC run's checkpoints: the one it continues from (if any) and the one each stage writes after every
 * epoch.
 *
 * @param config the run's configuration
 * @param dataSha SHA-256 of the training data (null without checkpoints)
 * @param from the checkpoint the run continues from, or null
 * @param files where checkpoints go (nowhere without a directory) and the training time so far
 */
record DecCheckpoints(DecConfig config, String dataSha, DecCheckpoint from, Checkpointing<DecCheckpoint> files) {

    /** Checkpoints into {@code dir} (null: none) of a run that starts afresh or continues after {@code from}. */
    static DecCheckpoints of(DecConfig config, Path dir, String dataSha, DecCheckpoint from) {
        return new DecCheckpoints(config, dataSha, from, new Checkpointing<>(dir, from == null ? 0 : from.seconds(), DecCheckpoint::write));
    }

    /** The checkpoint {@code stage} continues from, or null when that stage starts afresh. */
    DecCheckpoint from(String stage) {
        return from != null && from.stage().equals(stage) ? from : null;
    }

    /** The first epoch of {@code stage} to run. */
    int firstEpoch(String stage) {
        DecCheckpoint f = from(stage);
        return f == null ? 1 : f.epoch() + 1;
    }

    /** Training seconds so far, including those before an interruption. */
    double seconds() {
        return files.seconds();
    }

    /** Writes the state after {@code epoch} of {@code stage} (with the clustering stage's state, or null in pre-training). */
    void save(String stage, int epoch, DecNetwork net, Adam adam, List<DecLog> log, Supplier<DecCheckpoint.Clustering> clustering) {
        files.save(seconds -> new DecCheckpoint(config, dataSha, stage, epoch, List.copyOf(log), seconds,
                net.params().snapshot(), adam.state(), clustering.get()));
    }
}
