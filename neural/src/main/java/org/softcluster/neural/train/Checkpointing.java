package org.softcluster.neural.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.DoubleFunction;

/**
 * Where a run writes its checkpoints (nowhere when the directory is null) and its training time so far,
 * counted across interruptions: a method's stages hand it their state after each epoch.
 *
 * @param <C> the method's checkpoint record
 */
public final class Checkpointing<C> {
    /** Writes one checkpoint record into a directory (the method's {@code write}). */
    @FunctionalInterface
    public interface Writer<C> {
        /** Writes {@code checkpoint} into {@code dir}. */
        void write(Path dir, C checkpoint) throws IOException;
    }

    private final Path dir;
    private final double secondsBefore;
    private final Writer<C> writer;
    private final long started = System.nanoTime();

    /** Checkpoints into {@code dir} (null: none) of a run that trained {@code secondsBefore} before this process. */
    public Checkpointing(Path dir, double secondsBefore, Writer<C> writer) {
        this.dir = dir;
        this.secondsBefore = secondsBefore;
        this.writer = writer;
    }

    /** Training seconds so far, including those before an interruption. */
    public double seconds() {
        return secondsBefore + (System.nanoTime() - started) / 1e9;
    }

    /** Writes the checkpoint made from the seconds so far by {@code checkpoint} (nothing, and nothing made, without a directory). */
    public void save(DoubleFunction<C> checkpoint) {
        if (dir == null) return;
        try {
            writer.write(dir, checkpoint.apply(seconds()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint to " + dir + ": " + e.getMessage(), e);
        }
    }
}
