package org.softcluster.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.softcluster.data.Dataset;
import org.softcluster.data.Mnist;
import org.softcluster.neural.vade.VadeModel;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Interruption and resume, reproducibility and concurrent scoring, through the real command path. */
class RobustnessTest {
    static final String SUBSET = "../testdata/mnist-subset";

    static String[] trainArgs(Path out) {
        // the paper's network on 2000 images: long enough (several seconds) to be killed mid-run
        return new String[] {"train", "--preset", "paper", "--data", SUBSET, "--out", out.toString(), "--epochs", "5", "--pretrain-epochs", "2",
                "--patience", "2", "--kmeans-init", "1", "--no-progress"};
    }

    static String[] decTrainArgs(Path out) {
        // DEC's default network on 2000 images, P updated every 5 batches, tol 0 so that every epoch runs
        return new String[] {"train", "--method", "dec", "--data", SUBSET, "--out", out.toString(), "--epochs", "6",
                "--pretrain-epochs", "2", "--update-interval", "5", "--tol", "0", "--kmeans-init", "1", "--no-progress"};
    }

    @Test
    void killedRunResumesToTheSameResultAsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        assertKilledRunResumesLikeAnUninterruptedOne(dir, RobustnessTest::trainArgs);
    }

    @Test
    void killedDecRunResumesToTheSameResultAsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        assertKilledRunResumesLikeAnUninterruptedOne(dir, RobustnessTest::decTrainArgs);
    }

    /**
     * Trains once whole; trains again in a separate process killed (SIGKILL) after its first clustering-stage
     * checkpoint, resumes it with {@code train --resume}, and compares the outputs.
     */
    static void assertKilledRunResumesLikeAnUninterruptedOne(Path dir, Function<Path, String[]> train) throws Exception {
        Path whole = dir.resolve("whole");
        assertEquals(0, CliTest.run(train.apply(whole)).code());
        assertFalse(Files.exists(whole.resolve("checkpoint")), "the checkpoint is removed after a finished run");

        Path killed = dir.resolve("killed");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(train.apply(killed)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile()).start();
        Path json = killed.resolve("checkpoint").resolve("checkpoint.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.exists(json) && Files.readString(json).contains("\"stage\" : \"train\"")) break;
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the run ended before a training-stage checkpoint appeared: " + Files.readString(dir.resolve("killed.log")));
        p.destroyForcibly();                       // SIGKILL, like kill -9
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertFalse(Files.exists(killed.resolve("provenance.json")));

        CliTest.Run r = CliTest.run("train", "--resume", killed.toString(), "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertEquals(Files.readString(whole.resolve("metrics.json")), Files.readString(killed.resolve("metrics.json")));
        assertEquals(Files.readAllLines(whole.resolve("assignments.csv")), Files.readAllLines(killed.resolve("assignments.csv")));
        List<String> a = Files.readAllLines(whole.resolve("train_log.csv"));
        List<String> b = Files.readAllLines(killed.resolve("train_log.csv"));
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            // identical except the wall time in the last column
            assertEquals(a.get(i).substring(0, a.get(i).lastIndexOf(',')), b.get(i).substring(0, b.get(i).lastIndexOf(',')));
        }
        assertEquals(2, CliTest.run("train", "--resume", killed.toString()).code(), "nothing left to resume");
    }

    @Test
    void sameCommandTwiceGivesIdenticalAssignments(@TempDir Path dir) throws Exception {
        String[] tiny = {"--hidden", "32,32,64", "--epochs", "2", "--pretrain-epochs", "1", "--kmeans-init", "2", "--no-progress"};
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        assertEquals(0, CliTest.run(CliTest.concat(new String[] {"train", "--data", SUBSET, "--out", a.toString()}, tiny)).code());
        assertEquals(0, CliTest.run(CliTest.concat(new String[] {"train", "--data", SUBSET, "--out", b.toString()}, tiny)).code());
        assertEquals(Files.readString(a.resolve("assignments.csv")), Files.readString(b.resolve("assignments.csv")));
        assertEquals(Files.readString(a.resolve("metrics.json")), Files.readString(b.resolve("metrics.json")));
    }

    @Test
    void oneModelScoresFromManyThreadsLikeFromOne(@TempDir Path dir) throws Exception {
        Dataset test = Mnist.loadTest(Path.of(SUBSET));
        Path trained = dir.resolve("m");
        assertEquals(0, CliTest.run(CliTest.concat(new String[] {"train", "--data", SUBSET, "--out", trained.toString()}, CliTest.TINY)).code());
        try (VadeModel model = VadeModel.load(trained)) {
            double[][] expected = model.predictProba(test);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<double[][]>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) results.add(pool.submit(() -> model.predictProba(test)));
                for (Future<double[][]> f : results) {
                    double[][] got = f.get(120, TimeUnit.SECONDS);
                    for (int i = 0; i < expected.length; i++) assertArrayEquals(expected[i], got[i], 0.0);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void interruptedOutputDirectoryIsNotSilentlyOverwritten(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        Files.createDirectories(out.resolve("checkpoint"));
        Files.writeString(out.resolve("checkpoint").resolve("checkpoint.json"), "{}");
        CliTest.Run r = CliTest.run("train", "--data", SUBSET, "--out", out.toString(), "--epochs", "1", "--no-progress");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--resume"), r.err());
        r = CliTest.run("train", "--method", "dec", "--data", SUBSET, "--out", out.toString(), "--epochs", "1", "--no-progress");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--resume"), r.err());
        Files.writeString(out.resolve("checkpoint").resolve("command.json"), "{\"args\":[]}");
        r = CliTest.run("train", "--resume", out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("damaged") || r.err().contains("required"), r.err());
        assertTrue(new File(out.toFile(), "checkpoint").exists());
    }

    @Test
    void aDamagedOrMissingDecCheckpointGivesAOneLineError(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        Path cp = out.resolve("checkpoint");
        Files.createDirectories(cp);
        String args = String.join("\",\"", "--method", "dec", "--data", SUBSET, "--out", out.toString(), "--epochs", "1", "--no-progress");
        Files.writeString(cp.resolve("command.json"), "{\"args\":[\"" + args + "\"]}");
        CliTest.assertOneLineError(CliTest.run("train", "--resume", out.toString()), 2, "nothing to resume");
        Files.writeString(cp.resolve("checkpoint.json"), "{\"method\":\"dec\"}");
        CliTest.assertOneLineError(CliTest.run("train", "--resume", out.toString()), 2, "damaged checkpoint");
        Files.writeString(cp.resolve("checkpoint.json"), "{\"method\":\"dec\",\"tensors\":\"checkpoint-train-1.bin\"}");
        CliTest.assertOneLineError(CliTest.run("train", "--resume", out.toString()), 2, "missing checkpoint tensors");
        assertTrue(Files.exists(cp.resolve("checkpoint.json")), "a failed resume leaves the checkpoint for another try");
    }

    @Test
    void nonFiniteBatchesStopWithAMessageOrAreSkippedAndCounted(@TempDir Path dir) throws Exception {
        // one row of 1e30 without scaling: every batch that holds it has an infinite reconstruction term
        String[] common = {"--data", "src/test/resources/bad-input/outlier.csv", "--scale", "none", "--k", "2", "--hidden", "8",
                "--latent", "2", "--batch-size", "8", "--kmeans-init", "1", "--validation-fraction", "0", "--no-progress"};
        Path stop = dir.resolve("stop");
        CliTest.Run r = CliTest.run(CliTest.concat(CliTest.concat(new String[] {"train"}, common), "--epochs", "2", "--pretrain-epochs", "1",
                "--out", stop.toString()));
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().matches("(?s)softcluster: error: non-finite reconstruction loss \\(.*\\) in pretrain epoch 1, batch \\d+.*"), r.err());
        assertFalse(Files.exists(stop.resolve("assignments.csv")));

        // skip-batch: the pre-training batches holding the outlier are skipped and counted (the outlier would
        // still wreck the mixture's initialisation, so this run stops after pre-training)
        Path skip = dir.resolve("skip");
        r = CliTest.run(CliTest.concat(CliTest.concat(new String[] {"train"}, common), "--on-nan", "skip-batch", "--epochs", "0",
                "--pretrain-epochs", "2", "--out", skip.toString()));
        assertEquals(0, r.code(), r.err());
        List<String> log = Files.readAllLines(skip.resolve("train_log.csv"));
        int col = List.of(log.get(0).split(",")).indexOf("skipped_batches");
        assertEquals(3, log.size());
        for (String row : log.subList(1, log.size())) assertEquals("1", row.split(",")[col], "one skipped batch per epoch: " + row);
    }
}
