package org.softcluster.neural.dec;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.softcluster.data.Dataset;
import org.softcluster.data.Mnist;
import org.softcluster.neural.train.CheckpointFile;
import org.softcluster.neural.train.TrainingListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A DEC run interrupted after an epoch of either stage and resumed from its checkpoint ends exactly as an uninterrupted run. */
class DecResumeTest {
    static Dataset train;
    static Dataset test;
    static Outcome whole;

    /**
     * Two pre-training and three clustering epochs of 8 batches on 900 objects; the target P is updated every 5
     * batches, so the clustering epochs after the first start with a P computed in an earlier epoch; tol 0 lets
     * all epochs run while the label changes (against the previous labels) are still logged.
     */
    static DecConfig config() {
        return DecTrainingTest.small().toBuilder().pretrainEpochs(2).maxEpochs(3).tol(0).build();
    }

    /** What is compared: parameters, log rows without wall times, test assignments and the training facts. */
    record Outcome(Map<String, float[]> params, List<Map<String, Object>> log, double[][] proba, Map<String, Object> info) {
        static Outcome of(DecModel m) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (DecLog l : m.trainLog()) {
                Map<String, Object> row = l.toMap();
                row.remove("seconds");
                rows.add(row);
            }
            return new Outcome(m.network().params().snapshot(), rows, m.predictProba(test), m.info());
        }
    }

    @BeforeAll
    static void load() {
        var loaded = Mnist.load(Path.of("../testdata/mnist-subset"));
        train = loaded.train().subset(IntStream.range(0, 1000).toArray());
        test = loaded.test();
        try (DecModel m = new DecTrainer(config()).fit(train)) {
            whole = Outcome.of(m);
        }
        assertEquals(5, whole.log().size());
    }

    /** Stands for a kill: thrown from the listener, after the checkpoint of the epoch before was written. */
    static final class Interrupt extends RuntimeException {
        Interrupt() {
            super("interrupted");
        }
    }

    /** Interrupts at the start of {@code stage} (epoch 0) or after the first step of its epoch {@code epoch}. */
    static TrainingListener interruptAt(String stage, int epoch) {
        return new TrainingListener() {
            @Override
            public void onStageStart(String s, int epochs, int batchesPerEpoch) {
                if (s.equals(stage) && epoch == 0) throw new Interrupt();
            }

            @Override
            public void onBatch(String s, int e, int batch, double loss) {
                if (s.equals(stage) && e == epoch && batch == 0) throw new Interrupt();
            }
        };
    }

    @ParameterizedTest(name = "interrupted in {0} epoch {1}, resumed after {2} epoch {3}")
    @CsvSource({"pretrain, 2, pretrain, 1", "init, 0, pretrain, 2", "train, 2, train, 1", "train, 3, train, 2"})
    void anInterruptedRunResumesToExactlyTheUninterruptedModel(String stage, int epoch, String savedStage, int savedEpoch,
                                                               @TempDir Path dir) throws Exception {
        DecTrainer interrupted = new DecTrainer(config(), interruptAt(stage, epoch)).withCheckpoints(dir);
        assertThrows(Interrupt.class, () -> interrupted.fit(train));
        DecCheckpoint cp = DecCheckpoint.read(dir);
        assertEquals(savedStage, cp.stage());
        assertEquals(savedEpoch, cp.epoch());
        assertEquals(savedStage.equals("pretrain") ? savedEpoch : 2 + savedEpoch, cp.log().size());

        List<String> messages = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onMessage(String message) {
                messages.add(message);
            }
        };
        try (DecModel m = new DecTrainer(config(), listener).withCheckpoints(dir).resume(train)) {
            Outcome resumed = Outcome.of(m);
            assertEquals(whole.params().keySet(), resumed.params().keySet());
            for (String name : whole.params().keySet()) {
                assertArrayEquals(whole.params().get(name), resumed.params().get(name), 0f, name);
            }
            assertEquals(whole.log(), resumed.log());
            for (int i = 0; i < whole.proba().length; i++) assertArrayEquals(whole.proba()[i], resumed.proba()[i], 0.0);
            for (String key : List.of("epochs_run", "best_epoch", "stop_reason", "steps", "target_updates", "final_label_change")) {
                assertEquals(whole.info().get(key), resumed.info().get(key), key);
            }
            assertEquals(true, resumed.info().get("resumed"));
            assertEquals(false, whole.info().get("resumed"));
        }
        assertEquals(List.of("resuming after " + savedStage + " epoch " + savedEpoch), messages);
        DecCheckpoint last = DecCheckpoint.read(dir);
        assertEquals("train", last.stage());
        assertEquals(3, last.epoch(), "the resumed run goes on writing checkpoints");
    }

    @Test
    void theCheckpointRoundTripsTheClusteringState(@TempDir Path dir) throws Exception {
        DecTrainer interrupted = new DecTrainer(config(), interruptAt("train", 2)).withCheckpoints(dir);
        assertThrows(Interrupt.class, () -> interrupted.fit(train));
        DecCheckpoint cp = DecCheckpoint.read(dir);
        DecCheckpoint.Clustering c = cp.clustering();
        assertEquals(config(), cp.config());
        assertEquals(8L, c.steps(), "one epoch of 8 batches");
        assertEquals(2, c.targetUpdates(), "P computed at steps 0 and 5");
        assertEquals("max epochs", c.stopReason());
        assertEquals(900, c.previous().length);
        assertEquals(900 * 10, c.target().length);
        assertTrue(IntStream.of(c.previous()).allMatch(l -> l >= 0 && l < 10));
        assertEquals(whole.log().subList(0, 3), cp.log().stream().map(l -> {
            Map<String, Object> row = l.toMap();
            row.remove("seconds");
            return row;
        }).toList(), "the log so far travels in the checkpoint");
        assertTrue(cp.seconds() > 0);
    }

    @Test
    void missingDamagedOrForeignCheckpointsGiveOneLineErrors(@TempDir Path dir) throws Exception {
        DecTrainer trainer = new DecTrainer(config()).withCheckpoints(dir);
        IOException e = assertThrows(IOException.class, () -> trainer.resume(train));
        assertTrue(e.getMessage().contains("no checkpoint to resume from"), e.getMessage());

        assertThrows(Interrupt.class, () -> new DecTrainer(config(), interruptAt("pretrain", 2)).withCheckpoints(dir).fit(train));
        e = assertThrows(IOException.class, () -> new DecTrainer(config().toBuilder().seed(3).build()).withCheckpoints(dir).resume(train));
        assertTrue(e.getMessage().contains("another configuration"), e.getMessage());
        e = assertThrows(IOException.class, () -> trainer.resume(test));
        assertTrue(e.getMessage().contains("other data"), e.getMessage());

        Path json = dir.resolve(CheckpointFile.JSON);
        String text = Files.readString(json);
        Files.writeString(json, text.replace("\"method\" : \"dec\"", "\"method\" : \"vade\""));
        e = assertThrows(IOException.class, () -> trainer.resume(train));
        assertTrue(e.getMessage().contains("damaged checkpoint (not a DEC checkpoint)"), e.getMessage());
        Files.writeString(json, text.substring(0, text.length() / 2));
        e = assertThrows(IOException.class, () -> trainer.resume(train));
        assertTrue(e.getMessage().contains("damaged checkpoint"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());

        Files.writeString(json, text);
        Path tensors = dir.resolve("checkpoint-pretrain-1.bin");
        assertTrue(Files.exists(tensors));
        Files.write(tensors, java.util.Arrays.copyOf(Files.readAllBytes(tensors), 100));
        e = assertThrows(IOException.class, () -> trainer.resume(train));
        assertTrue(e.getMessage().contains("truncated checkpoint"), e.getMessage());
    }
}
