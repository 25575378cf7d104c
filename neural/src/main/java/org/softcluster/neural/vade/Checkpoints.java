package org.softcluster.neural.vade;

import org.softcluster.neural.Adam;
import org.softcluster.neural.train.Checkpointing;
import org.softcluster.neural.train.EarlyStopping;
import org.softcluster.neural.train.EpochLog;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a stage starts (fresh or from a checkpoint) and the checkpoint it writes after every epoch into
 * {@code dir} (none when {@code dir} is null).
 */
final class Checkpoints {
    private final VadeConfig config;
    private final String dataSha;
    private final Checkpoint from;
    private final Checkpointing<Checkpoint> files;

    Checkpoints(VadeConfig config, Path dir, String dataSha, Checkpoint from) {
        this.config = config;
        this.dataSha = dataSha;
        this.from = from;
        this.files = new Checkpointing<>(dir, from == null ? 0 : from.seconds(), Checkpoint::write);
    }

    /** The checkpoint this stage resumes from, or null. */
    Checkpoint from() { return from; }

    /** The first epoch to run. */
    int firstEpoch() { return from == null ? 1 : from.epoch() + 1; }

    /** Writes the state after {@code epoch} of {@code stage} (early-stopping state from {@code stop}, or none). */
    void save(String stage, int epoch, VadeNetwork net, Adam adam, List<EpochLog> log, EarlyStopping stop) {
        files.save(seconds -> new Checkpoint(config, dataSha, stage, epoch, List.copyOf(log),
                stop == null ? Double.NEGATIVE_INFINITY : stop.best(), stop == null ? 0 : stop.bestEpoch(),
                stop == null ? 0 : stop.sinceBest(), seconds, net.params().snapshot(), adam.state(),
                stop == null ? null : stop.bestSnapshot()));
    }
}
