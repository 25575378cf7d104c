package org.softcluster.neural.dec;

import org.softcluster.neural.train.TrainingListener;
import org.softcluster.neural.train.EpochLog;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.softcluster.data.Dataset;
import org.softcluster.data.Mnist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Short real DEC runs on the committed MNIST subset (2,000 training, 500 test images). */
class DecTrainingTest {
    static Dataset train;
    static Dataset test;

    @BeforeAll
    static void load() {
        var loaded = Mnist.load(Path.of("../testdata/mnist-subset"));
        train = loaded.train();
        test = loaded.test();
    }

    /** Small widths and one pre-training epoch; 1,800 training objects give 15 batches of 128. */
    static DecConfig small() {
        return DecConfig.builder().encoderDims(64, 64, 128).pretrainEpochs(1).maxEpochs(1)
                .kmeansInit(2).batchSize(128).updateInterval(5).build();
    }

    @Test
    void twoEpochRunGivesValidAssignmentsLogAndProgress() {
        List<String> events = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onStageStart(String stage, int epochs, int batchesPerEpoch) {
                events.add("start " + stage);
            }

            @Override
            public void onEpoch(EpochLog log) {
                events.add("epoch " + log.stage() + " " + log.epoch());
            }
        };
        // tol 0 can never be undercut, so both epochs run.
        DecConfig c = small().toBuilder().maxEpochs(2).tol(0).build();
        try (DecModel m = new DecTrainer(c, listener).fit(train)) {
            List<DecLog> log = m.trainLog();
            assertEquals(3, log.size(), "1 pre-training + 2 clustering epochs");
            assertEquals("pretrain", log.get(0).stage());
            assertTrue(Double.isFinite(log.get(0).loss()) && Double.isFinite(log.get(0).valLoss()));
            for (DecLog l : log.subList(1, 3)) {
                assertEquals("train", l.stage());
                assertEquals(15, l.batches());
                assertTrue(l.loss() >= 0 && Double.isFinite(l.valNmi()) && l.seconds() > 0, l.toString());
                assertTrue(l.valEntropy() >= 0 && l.valEntropy() <= Math.log(10) + 1e-6);
                assertTrue(l.labelChange() >= 0 && l.labelChange() <= 1);
                assertEquals(l.toMap().keySet().size(), 16);
            }
            assertEquals(6, log.get(2).targetUpdates(), "updates at steps 0, 5, 10, 15, 20, 25");
            assertEquals(List.of("start pretrain", "epoch pretrain 1", "start init", "start train", "epoch train 1",
                    "epoch train 2"), events);
            Map<String, Object> info = m.info();
            assertEquals("max epochs", info.get("stop_reason"));
            assertEquals(2, info.get("epochs_run"));
            assertEquals(30L, info.get("steps"));
            assertEquals(1800, info.get("train_objects"));

            double[][] p = m.predictProba(test);
            assertEquals(test.size(), p.length);
            for (double[] row : p) {
                assertEquals(10, row.length);
                assertEquals(1.0, Arrays.stream(row).sum(), 1e-5);
                for (double v : row) assertTrue(v > 0 && v < 1);
            }
            double[][] z = m.transform(test);
            assertEquals(10, z[0].length);
            // q is the Student-t kernel of z to the centres: recomputing it in double agrees.
            double[][] again = DecMath.softAssignment(z, m.centers(), c.alpha());
            for (int i = 0; i < p.length; i++) assertArrayEquals(again[i], p[i], 1e-5);
            assertEquals(test.size(), m.predict(test).length);
        }
    }

    @Test
    void sameSeedGivesIdenticalLogAndAssignments() {
        // Half the subset keeps the two fits quick; every stage (pre-training, k-means, target updates) still runs.
        Dataset half = train.subset(java.util.stream.IntStream.range(0, 1000).toArray());
        DecConfig c = small();
        double[][] a;
        double[][] b;
        List<DecLog> la;
        List<DecLog> lb;
        try (DecModel m = new DecTrainer(c).fit(half)) {
            a = m.predictProba(test);
            la = m.trainLog();
        }
        try (DecModel m = new DecTrainer(c).fit(half)) {
            b = m.predictProba(test);
            lb = m.trainLog();
        }
        assertEquals(2, la.size());
        assertEquals(la.size(), lb.size());
        for (int i = 0; i < la.size(); i++) {
            assertEquals(la.get(i).loss(), lb.get(i).loss(), 0.0);
            assertEquals(la.get(i).valLoss(), lb.get(i).valLoss(), 0.0);
            assertEquals(la.get(i).labelChange(), lb.get(i).labelChange(), 0.0);
        }
        for (int i = 0; i < a.length; i++) assertArrayEquals(a[i], b[i], 0.0);
    }

    @Test
    void clusteringStageTrainsOnlyTheEncoderAndTheCentres() {
        DecConfig c = small();
        try (DecModel before = new DecTrainer(c.toBuilder().maxEpochs(0).build()).fit(train); DecModel after = new DecTrainer(c).fit(train)) {
            assertEquals("no clustering epochs", before.info().get("stop_reason"));
            var pb = before.network().params().snapshot();
            var pa = after.network().params().snapshot();
            for (String name : pb.keySet()) {
                boolean same = Arrays.equals(pb.get(name), pa.get(name));
                if (DecNetwork.isDecoder(name)) {
                    assertTrue(same, name + " must not change in the clustering stage");
                } else {
                    assertFalse(same, name + " should be trained in the clustering stage");
                }
            }
        }
    }

    @Test
    void tolRuleStopsWhenFewAssignmentsChange() {
        // tol 1 is undercut by any check after the first, so training stops at the second check (step 2).
        DecConfig c = small().toBuilder().updateInterval(2).tol(1.0).maxEpochs(3).build();
        try (DecModel m = new DecTrainer(c).fit(train)) {
            assertEquals("tol", m.info().get("stop_reason"));
            assertEquals(2L, m.info().get("steps"));
            assertEquals(1, m.info().get("target_updates"));
            assertEquals(1, m.info().get("epochs_run"));
            DecLog last = m.trainLog().get(m.trainLog().size() - 1);
            assertEquals(2, last.batches());
            assertTrue(last.labelChange() < 1.0);
        }
    }

    @Test
    void clusterWeightsAreTheTrainingDataSharesAndSurviveSaveLoad(@TempDir Path dir) throws Exception {
        double[] shares;
        try (DecModel m = new DecTrainer(small()).fit(train)) {
            shares = m.weights();
            // the shares are the mean q over the training part (the validation part split off as the trainer does)
            Dataset trainPart = org.softcluster.neural.ValidationSplit.of(train, small().validationFraction(), small().k(),
                    small().seed()).train();
            double[][] q = m.predictProba(trainPart);
            double sum = 0;
            for (int c = 0; c < shares.length; c++) {
                double mean = 0;
                for (double[] row : q) mean += row[c] / q.length;
                assertEquals(mean, shares[c], 1e-5, "cluster " + c);
                sum += shares[c];
            }
            assertEquals(1.0, sum, 1e-5);
            double spread = Arrays.stream(shares).max().orElseThrow() - Arrays.stream(shares).min().orElseThrow();
            assertTrue(spread > 1e-3, "not the uniform fallback: " + Arrays.toString(shares));
            m.save(dir);
        }
        try (DecModel m = DecModel.load(dir)) {
            assertArrayEquals(shares, m.weights(), 0.0);
        }
    }

    @Test
    void saveLoadRoundTripGivesIdenticalPredictions(@TempDir Path dir) throws Exception {
        DecConfig c = small().toBuilder().alpha(2.0).build();
        double[][] before;
        double[][] zBefore;
        double[][] centersBefore;
        try (DecModel m = new DecTrainer(c).fit(train)) {
            m.metadata().put("note", "kept");
            before = m.predictProba(test);
            zBefore = m.transform(test);
            centersBefore = m.centers();
            m.save(dir);
        }
        assertTrue(Files.exists(dir.resolve(DecModel.PARAMS_FILE)));
        assertTrue(Files.readString(dir.resolve(DecModel.MODEL_FILE)).contains("\"softcluster-dec\""));
        try (DecModel m = DecModel.load(dir)) {
            assertEquals(c, m.config());
            assertEquals("kept", m.metadata().get("note"));
            assertEquals(784, m.inputDim());
            assertArrayEquals(new int[] {28, 28}, m.imageShape());
            assertEquals("max epochs", m.info().get("stop_reason"));
            assertTrue(m.trainLog().isEmpty());
            double[][] after = m.predictProba(test);
            double[][] zAfter = m.transform(test);
            for (int i = 0; i < before.length; i++) {
                assertArrayEquals(before[i], after[i], 0.0);
                assertArrayEquals(zBefore[i], zAfter[i], 0.0);
            }
            double[][] centersAfter = m.centers();
            for (int k = 0; k < centersBefore.length; k++) assertArrayEquals(centersBefore[k], centersAfter[k], 0.0);
        }
    }

    @Test
    void brokenOrForeignModelDirectoriesGiveOneLineErrors(@TempDir Path dir) throws Exception {
        IOException e = assertThrows(IOException.class, () -> DecModel.load(dir));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        Files.write(dir.resolve(DecModel.PARAMS_FILE), new byte[] {1, 2, 3});
        Files.writeString(dir.resolve(DecModel.MODEL_FILE), "{\"kind\":\"softcluster-vade\"}");
        e = assertThrows(IOException.class, () -> DecModel.load(dir));
        assertTrue(e.getMessage().contains("not a softcluster DEC model"), e.getMessage());
        Files.writeString(dir.resolve(DecModel.MODEL_FILE), "{\"kind\":\"softcluster-dec\",\"config\":{\"k\":\"x\"}}");
        e = assertThrows(IOException.class, () -> DecModel.load(dir));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void kLargerThanDataIsRejected() {
        Dataset tiny = train.subset(new int[] {0, 1, 2});
        var e = assertThrows(IllegalArgumentException.class, () -> new DecTrainer(small()).fit(tiny));
        assertTrue(e.getMessage().contains("larger than the number of objects"));
    }
}
