package org.softcluster.neural;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.softcluster.cluster.Clusterer;
import org.softcluster.data.Dataset;
import org.softcluster.data.Scaler;
import org.softcluster.neural.dec.DecConfig;
import org.softcluster.neural.dec.DecModel;
import org.softcluster.neural.dec.DecTrainer;
import org.softcluster.neural.vade.VadeConfig;
import org.softcluster.neural.vade.VadeModel;
import org.softcluster.neural.vade.VadeTrainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library face: trainers are core {@link Clusterer}s, a model fitted with a scaling keeps the scaler and
 * scores raw data exactly as a model trained on pre-scaled data scores scaled data, prototypes come back in
 * raw units, and {@link NeuralModel#load} reads every kind, also the format-1 layout (scaler in the metadata).
 */
class NeuralModelTest {

    /** Three blobs in 4 features on very different scales (a table a user has: metres next to euros). */
    static Dataset table() {
        Random r = new Random(7);
        int n = 150;
        double[][] rows = new double[n][4];
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            rows[i][0] = 1000 + 300 * c + 40 * r.nextGaussian();
            rows[i][1] = 0.01 * c + 0.002 * r.nextGaussian();
            rows[i][2] = -5 + 2 * c + 0.5 * r.nextGaussian();
            rows[i][3] = 50 + r.nextGaussian();
        }
        return Dataset.of(rows);
    }

    static VadeConfig tiny() {
        return VadeConfig.builder().k(3).latentDim(2).encoderDims(16, 8).epochs(2).pretrainEpochs(2).batchSize(32)
                .kmeansInit(2).patience(0).build();
    }

    @Test
    void aModelFittedWithScalingScoresRawDataAsTheModelOfPrescaledDataScoresScaledData(@TempDir Path dir) throws IOException {
        Dataset raw = table();
        Scaler scaler = Scaler.fit(Scaler.Method.STANDARDIZE, raw);
        Dataset scaled = scaler.transform(raw);
        Clusterer<VadeModel> withScaling = new VadeTrainer(tiny()).withScaling(Scaler.Method.STANDARDIZE);
        try (VadeModel a = withScaling.fit(raw); VadeModel b = new VadeTrainer(tiny()).fit(scaled)) {
            assertEquals(Scaler.Method.STANDARDIZE, a.scaler().method());
            assertArrayEquals(scaler.offsets(), a.scaler().offsets());
            assertEquals(Scaler.Method.NONE, b.scaler().method());
            assertTrue(java.util.Arrays.deepEquals(b.predictProba(scaled), a.predictProba(raw)));
            assertTrue(java.util.Arrays.deepEquals(b.transform(scaled), a.transform(raw)));
            // prototypes in raw units: the scaled model's prototypes mapped back by the scaler
            float[][] pa = a.prototypes();
            float[][] pb = b.prototypes();
            for (int c = 0; c < 3; c++) {
                double[] back = new double[4];
                for (int j = 0; j < 4; j++) back[j] = pb[c][j];
                back = scaler.inverseTransform(back);
                for (int j = 0; j < 4; j++) assertEquals((float) back[j], pa[c][j], 0f);
            }
            assertTrue(pa[0][0] > 500, "feature 0 is in the thousands in raw units, got " + pa[0][0]);

            a.save(dir);
            try (NeuralModel loaded = NeuralModel.load(dir)) {
                assertInstanceOf(VadeModel.class, loaded);
                assertEquals("ervade", loaded.method());
                assertArrayEquals(scaler.scales(), loaded.scaler().scales());
                assertTrue(java.util.Arrays.deepEquals(a.predictProba(raw), loaded.predictProba(raw)));
                assertTrue(loaded.hasResponsibilities());
                assertEquals(List.of("x0", "x1", "x2", "x3"), loaded.featureNames());
            }
        }
    }

    @Test
    void formatOneModelsWithTheScalerInTheMetadataStillLoad(@TempDir Path dir) throws IOException {
        Dataset raw = table();
        try (VadeModel a = new VadeTrainer(tiny()).withScaling(Scaler.Method.MINMAX).fit(raw)) {
            a.save(dir);
            double[][] expected = a.predictProba(raw);
            // rewrite model.json as the format-1 writer did: no top-level scaler, the scaler's map in metadata
            ObjectMapper json = new ObjectMapper();
            Path file = dir.resolve(ModelFiles.MODEL_FILE);
            ObjectNode desc = (ObjectNode) json.readTree(file.toFile());
            ObjectNode metadata = desc.putObject("metadata");
            metadata.set("scaler", desc.remove("scaler"));
            desc.put("format", 1);
            json.writeValue(file.toFile(), desc);
            try (NeuralModel loaded = NeuralModel.load(dir)) {
                assertEquals(Scaler.Method.MINMAX, loaded.scaler().method());
                assertFalse(loaded.metadata().containsKey("scaler"), "the scaler is typed, not metadata");
                assertTrue(java.util.Arrays.deepEquals(expected, loaded.predictProba(raw)));
            }
        }
    }

    @Test
    void decLoadsThroughTheSameDoorAndHasNoResponsibilities(@TempDir Path dir) throws IOException {
        DecConfig c = DecConfig.builder().k(3).latentDim(2).encoderDims(16, 8).pretrainEpochs(1).maxEpochs(1).batchSize(32)
                .kmeansInit(2).build();
        Dataset raw = table();
        try (DecModel m = new DecTrainer(c).withScaling(Scaler.Method.STANDARDIZE).fit(raw)) {
            m.save(dir);
            try (NeuralModel loaded = NeuralModel.load(dir)) {
                assertInstanceOf(DecModel.class, loaded);
                assertEquals("dec", loaded.method());
                assertFalse(loaded.hasResponsibilities());
                UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> loaded.responsibilities(raw));
                assertEquals("a dec model has no mixture responsibilities", e.getMessage());
                assertTrue(java.util.Arrays.deepEquals(m.predictProba(raw), loaded.predictProba(raw)));
            }
        }
    }

    @Test
    void loadGivesOneLineErrorsForAMissingDirectoryOrAnUnknownKind(@TempDir Path dir) throws IOException {
        IOException missing = assertThrows(IOException.class, () -> NeuralModel.load(dir.resolve("nope")));
        assertEquals(dir.resolve("nope") + ": not a model directory", missing.getMessage());
        Files.writeString(dir.resolve(ModelFiles.MODEL_FILE), "{\"kind\":\"sklearn-pickle\"}");
        IOException kind = assertThrows(IOException.class, () -> NeuralModel.load(dir));
        assertEquals(dir.resolve(ModelFiles.MODEL_FILE) + ": not a softcluster model (kind 'sklearn-pickle')", kind.getMessage());
        Files.writeString(dir.resolve(ModelFiles.MODEL_FILE), "{\"kind\":");
        IOException corrupt = assertThrows(IOException.class, () -> NeuralModel.load(dir));
        assertTrue(corrupt.getMessage().startsWith(dir.resolve(ModelFiles.MODEL_FILE) + ": corrupt model description"), corrupt.getMessage());
        assertFalse(corrupt.getMessage().contains("\n"));
    }
}
