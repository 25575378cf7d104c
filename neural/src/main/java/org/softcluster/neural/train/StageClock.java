package org.softcluster.neural.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A listener that passes every event on and measures the wall-clock seconds of each stage, from its
 * {@link #onStageStart} to its {@link #onStageEnd}; a stage that runs more than once (a mixture start tried again
 * after a collapse, its main stage) adds up; a stage announced with no epochs is passed on but not timed. The stages
 * appear in the order they first started.
 */
public final class StageClock implements TrainingListener {
    private final TrainingListener next;
    private final Map<String, Double> seconds = new LinkedHashMap<>();
    private final Map<String, Long> open = new LinkedHashMap<>();
    private final java.util.function.LongSupplier nanos;

    /** A clock in front of {@code next} (null: none). */
    public StageClock(TrainingListener next) {
        this(next, System::nanoTime);
    }

    /** A clock that reads {@code nanos} (tests). */
    StageClock(TrainingListener next, java.util.function.LongSupplier nanos) {
        this.next = next == null ? TrainingListener.NONE : next;
        this.nanos = nanos;
    }

    @Override
    public void onStageStart(String stage, int epochs, int batchesPerEpoch) {
        if (epochs > 0) {   // a stage of no epochs (compare's `start` row: no main stage) is not a stage that ran
            open.put(stage, nanos.getAsLong());
            seconds.putIfAbsent(stage, 0.0);
        }
        next.onStageStart(stage, epochs, batchesPerEpoch);
    }

    @Override
    public void onBatch(String stage, int epoch, int batch, double loss) { next.onBatch(stage, epoch, batch, loss); }

    @Override
    public void onEpoch(EpochLog log) { next.onEpoch(log); }

    @Override
    public void onStageEnd(String stage) {
        Long t0 = open.remove(stage);
        if (t0 != null) seconds.merge(stage, (nanos.getAsLong() - t0) / 1e9, Double::sum);
        next.onStageEnd(stage);
    }

    @Override
    public void onMessage(String message) { next.onMessage(message); }

    /** Seconds per finished stage, in the order the stages first started (a stage still open counts what has finished of it). */
    public Map<String, Double> seconds() {
        return Collections.unmodifiableMap(seconds);
    }
}
