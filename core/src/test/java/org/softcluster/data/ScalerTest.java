package org.softcluster.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalerTest {

    /** Four rows of two named features with different ranges. */
    private static final Dataset TRAIN = new Dataset("train.csv",
            new float[] {1, 100, 2, 300, 3, 200, 6, 400}, 4, 2, null, null, null, new String[] {"a", "b"});

    @Test
    void standardizeGivesZeroMeanUnitVarianceOnTraining() {
        Dataset z = Scaler.fit(Scaler.Method.STANDARDIZE, TRAIN).transform(TRAIN);
        for (int j = 0; j < 2; j++) {
            double mean = 0;
            double sq = 0;
            for (int i = 0; i < 4; i++) mean += z.get(i, j);
            mean /= 4;
            for (int i = 0; i < 4; i++) sq += (z.get(i, j) - mean) * (z.get(i, j) - mean);
            assertEquals(0, mean, 1e-6);
            assertEquals(1, Math.sqrt(sq / 4), 1e-6);
        }
        assertArrayEquals(new String[] {"a", "b"}, z.featureNames());
    }

    @Test
    void minmaxMapsTrainingRangeToUnitInterval() {
        Scaler s = Scaler.fit(Scaler.Method.MINMAX, TRAIN);
        Dataset m = s.transform(TRAIN);
        assertArrayEquals(new float[] {0, 0, 0.2f, 2f / 3, 0.4f, 1f / 3, 1, 1}, m.features(), 1e-6f);
        // Other data is scaled with the training statistics, so it may leave [0, 1].
        Dataset other = Dataset.of("test", new float[] {11, 500}, 1, 2);
        assertArrayEquals(new float[] {2, 4f / 3}, s.transform(other).features(), 1e-6f);
    }

    @Test
    void inverseTransformRoundTrips() {
        for (Scaler.Method method : Scaler.Method.values()) {
            Scaler s = Scaler.fit(method, TRAIN);
            Dataset back = s.inverseTransform(s.transform(TRAIN));
            assertArrayEquals(TRAIN.features(), back.features(), 1e-4f, method.id());
            double[][] prototypes = {{0.5, -1}, {2, 0}};
            Dataset asData = Dataset.of("p", new float[] {0.5f, -1, 2, 0}, 2, 2);
            float[] viaDataset = s.inverseTransform(asData).features();
            double[][] original = s.inverseTransform(prototypes);
            for (int k = 0; k < 2; k++) {
                for (int j = 0; j < 2; j++) {
                    assertEquals(viaDataset[k * 2 + j], original[k][j], 1e-3, method.id());
                }
            }
        }
    }

    /*
     * As scikit-learn's StandardScaler, whose scale_ is 1 for a feature of zero variance:
     * StandardScaler().fit([[1, 5], [2, 5], [3, 5]]) has mean_ [2, 5] and scale_ [sqrt(2/3), 1], and maps
     * the second column to [0, 0, 0] (values computed by hand, not run here).
     */
    @Test
    void constantFeatureGetsScaleOneAndBecomesZero() {
        Dataset d = new Dataset("customers.csv", new float[] {1, 5, 2, 5, 3, 5}, 3, 2, null, null, null,
                new String[] {"age", "stores"});
        Scaler s = Scaler.fit(Scaler.Method.STANDARDIZE, d);
        assertArrayEquals(new double[] {2, 5}, s.offsets(), 1e-12);
        assertArrayEquals(new double[] {Math.sqrt(2.0 / 3), 1}, s.scales(), 1e-12);
        float[] z = s.transform(d).features();
        assertArrayEquals(new float[] {0, 0, 0}, new float[] {z[1], z[3], z[5]});
        assertArrayEquals(d.features(), s.inverseTransform(s.transform(d)).features(), 1e-6f);
        // minmax maps a constant column to 0 as well.
        assertArrayEquals(new float[] {0, 0, 0.5f, 0, 1, 0}, Scaler.fit(Scaler.Method.MINMAX, d).transform(d).features());
        assertArrayEquals(new int[] {1}, Scaler.constantFeatures(d));
    }

    @Test
    void constantFeaturesAreFoundInAnyColumn() {
        Dataset img = new Dataset("mnist/train", new float[] {0, 0, 1, 0, 0, 0.5f, 0, 0}, 2, 4, null, null,
                new int[] {2, 2});
        assertArrayEquals(new int[] {0, 3}, Scaler.constantFeatures(img));
        assertArrayEquals(new int[] {}, Scaler.constantFeatures(TRAIN));
        assertArrayEquals(new int[] {0, 1}, Scaler.constantFeatures(Dataset.of("one row", new float[] {3, 4}, 1, 2)));
    }

    @Test
    void paramsSurviveJsonRoundTrip() throws Exception {
        Scaler s = Scaler.fit(Scaler.Method.STANDARDIZE, TRAIN);
        ObjectMapper json = new ObjectMapper();
        Scaler viaRecord = Scaler.fromParams(json.readValue(json.writeValueAsString(s.toParams()), Scaler.Params.class));
        Map<String, Object> map = json.readValue(json.writeValueAsString(s.toMap()), new TypeReference<>() { });
        Scaler viaMap = Scaler.fromMap(map);
        for (Scaler r : new Scaler[] {viaRecord, viaMap}) {
            assertEquals(Scaler.Method.STANDARDIZE, r.method());
            assertArrayEquals(s.offsets(), r.offsets());
            assertArrayEquals(s.scales(), r.scales());
            assertArrayEquals(s.transform(TRAIN).features(), r.transform(TRAIN).features());
        }
        assertEquals(Scaler.Method.NONE, Scaler.fromMap(Map.of("method", "none")).method());
    }

    @Test
    void invalidSavedParamsAreRejected() {
        assertThrows(DataException.class,
                () -> Scaler.fromParams(new Scaler.Params("minmax", new double[] {0}, new double[] {0})));
        assertThrows(DataException.class,
                () -> Scaler.fromParams(new Scaler.Params("standardize", new double[] {0, 1}, new double[] {1})));
    }

    @Test
    void dimensionMismatchIsAnError() {
        Scaler s = Scaler.fit(Scaler.Method.MINMAX, TRAIN);
        Dataset wide = Dataset.of("wide.csv", new float[] {1, 2, 3}, 1, 3);
        assertEquals("wide.csv: has 3 features but the scaler was fitted on 2",
                assertThrows(DataException.class, () -> s.transform(wide)).getMessage());
    }

    @Test
    void noneIsIdentityAndMethodsParse() {
        assertSame(TRAIN, Scaler.fit(Scaler.Method.NONE, TRAIN).transform(TRAIN));
        assertEquals(Scaler.Method.MINMAX, Scaler.Method.parse("MinMax"));
        assertEquals("unknown scaling \"zscore\": expected none, standardize or minmax",
                assertThrows(DataException.class, () -> Scaler.Method.parse("zscore")).getMessage());
    }
}
