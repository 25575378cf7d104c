package org.softcluster.neural.vade;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.softcluster.data.Dataset;
import org.softcluster.metrics.ReferenceCodes;
import org.softcluster.metrics.Reliability;
import org.softcluster.neural.NeuralModel;
import org.softcluster.neural.Tensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reference codes a trained model keeps (issue 19): the codes μ and clusters argmax γ of a seeded sample of at most
 * 20 000 training rows, saved beside the weights and loaded back; a model directory without them still loads.
 */
class ReferencesTest {
    @TempDir
    static Path dir;
    static Dataset data;
    static VadeModel model;

    @BeforeAll
    static void train() {
        data = PretrainingEarlyStopTest.noisyBlobs();
        model = new VadeTrainer(PretrainingEarlyStopTest.config(3, 0)).fit(data);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void theModelKeepsTheCodesAndClustersOfItsTrainingRows() {
        ReferenceCodes refs = model.references().orElseThrow();
        assertEquals(48, refs.size(), "every training row (60 less the validation fifth)");
        assertEquals(48, model.info().get("reference_codes"));
        assertEquals(3, refs.dim());
        double[][] z = model.transform(data);
        double[][] p = model.predictProba(data);
        for (int r = 0; r < refs.size(); r++) {
            int row = -1;
            for (int i = 0; i < z.length && row < 0; i++) {
                boolean same = true;
                for (int c = 0; c < 3; c++) same &= Math.abs(z[i][c] - refs.codes()[r * 3 + c]) < 1e-5;
                if (same) row = i;
            }
            assertTrue(row >= 0, "reference " + r + " is the code of a row of the data");
            assertEquals(argmax(p[row]), refs.clusters()[r], "reference " + r + " is in its row's cluster");
        }
    }

    @Test
    void theSampleIsSeededAndCappedAtTwentyThousand() {
        VadeConfig c = PretrainingEarlyStopTest.config(1, 0);
        Random r = new Random(2);
        int n = References.MAX + 37;
        float[] x = new float[n * 10];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        try (NDManager m = NDManager.newBaseManager(); VadeNetwork net = VadeNetwork.create(m, c, 10)) {
            NDArray xTrain = Tensors.of(m, x, new Shape(n, 10));
            ReferenceCodes a = References.sample(net, xTrain);
            ReferenceCodes b = References.sample(net, xTrain);
            assertEquals(References.MAX, a.size());
            assertArrayEquals(a.codes(), b.codes());
            assertArrayEquals(a.clusters(), b.clusters());
        }
    }

    @Test
    void referenceCodesSurviveSaveAndLoad() throws IOException {
        Path saved = dir.resolve("model");
        model.save(saved);
        assertTrue(Files.isRegularFile(saved.resolve(References.FILE)));
        ReferenceCodes before = model.references().orElseThrow();
        try (NeuralModel loaded = NeuralModel.load(saved)) {
            assertTrue(loaded.hasReferences());
            ReferenceCodes after = ((VadeModel) loaded).references().orElseThrow();
            assertEquals(before.dim(), after.dim());
            assertArrayEquals(before.codes(), after.codes());
            assertArrayEquals(before.clusters(), after.clusters());
            assertArrayEquals(model.reliability(data), loaded.reliability(data), 0);
        }
    }

    @Test
    void eachObjectsReliabilityIsTheSmallerOfItsTwoShares() {
        VadeNetwork.Inference inf = model.infer(data);
        ReferenceCodes refs = model.references().orElseThrow();
        int[] clusters = new int[data.size()];
        double[] mixture = new double[data.size()];
        for (int i = 0; i < clusters.length; i++) {
            clusters[i] = argmax(inf.gammaRows()[i]);
            mixture[i] = inf.gammaStar()[i * 3 + clusters[i]];
        }
        double[] agreement = Reliability.neighbourAgreement(refs.codes(), refs.clusters(), inf.mu(), clusters, 3, Reliability.NEIGHBOURS);
        double[] r = model.reliability(data);
        for (int i = 0; i < r.length; i++) assertEquals(Math.min(mixture[i], agreement[i]), r[i], 0, "object " + i);
        assertArrayEquals(r, model.reliability(data, clusters), 0);
        assertEquals(Reliability.estimate(mixture, agreement), java.util.Arrays.stream(r).average().orElseThrow(), 1e-12);
    }

    @Test
    void aModelDirectoryWithoutReferencesLoadsWithoutThemAndSavesNone() throws IOException {
        Path old = dir.resolve("old");
        model.save(old);
        Files.delete(old.resolve(References.FILE));
        try (NeuralModel loaded = NeuralModel.load(old)) {
            assertFalse(loaded.hasReferences());
            assertArrayEquals(model.predictProba(data)[0], loaded.predictProba(data)[0], 0);
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> loaded.reliability(data));
            assertTrue(e.getMessage().contains("no reference codes"), e.getMessage());
            Path stale = dir.resolve("stale");
            model.save(stale);
            loaded.save(stale);
            assertFalse(Files.exists(stale.resolve(References.FILE)), "a save without references removes a stale file");
        }
    }

    @Test
    void unreadableReferencesGiveAOneLineError() throws IOException {
        Path broken = dir.resolve("broken");
        model.save(broken);
        Files.write(broken.resolve(References.FILE), new byte[] {1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> NeuralModel.load(broken));
        assertTrue(e.getMessage().contains(References.FILE) && !e.getMessage().contains("\n"), e.getMessage());
    }

    private static int argmax(double[] row) {
        int b = 0;
        for (int i = 1; i < row.length; i++) if (row[i] > row[b]) b = i;
        return b;
    }
}
