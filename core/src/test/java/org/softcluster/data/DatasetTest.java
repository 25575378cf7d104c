package org.softcluster.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DatasetTest {

    private static Dataset numbered(int n) {
        float[] f = new float[n * 2];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            f[2 * i] = i;
            f[2 * i + 1] = -i;
            labels[i] = i % 3;
        }
        return new Dataset("d", f, n, 2, labels, null, null, new String[] {"x", "y"});
    }

    @Test
    void ofRowsCopiesValuesAndRefusesRaggedOrNonFiniteRows() {
        Dataset d = Dataset.of(new double[][] {{1.5, -2}, {3, 4.25}, {0, 1e-3}});
        assertEquals(3, d.size());
        assertEquals(2, d.dim());
        assertArrayEquals(new float[] {1.5f, -2f, 3f, 4.25f, 0f, 1e-3f}, d.features());
        assertNull(d.labels());
        assertEquals("1", d.id(1));
        IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(new double[][] {{1, 2}, {3}}));
        assertEquals("row 1 has 1 values, row 0 has 2", ragged.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(new double[][] {{1, 2}, {3, Double.NaN}}));
        assertEquals("row 1, column 1 is not a finite number: NaN", nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dataset.of(new double[0][]));
    }

    @Test
    void splitIsDeterministicForASeed() {
        Dataset d = numbered(100);
        Dataset.Split a = d.split(0.2, 42);
        Dataset.Split b = d.split(0.2, 42);
        Dataset.Split c = d.split(0.2, 43);
        assertArrayEquals(a.trainRows(), b.trainRows());
        assertArrayEquals(a.validationRows(), b.validationRows());
        assertFalse(Arrays.equals(a.validationRows(), c.validationRows()));
        assertEquals(80, a.train().size());
        assertEquals(20, a.validation().size());
        // The parts are disjoint and cover every row.
        int[] all = IntStream.concat(Arrays.stream(a.trainRows()), Arrays.stream(a.validationRows())).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 100).toArray(), all);
        int r = a.validationRows()[0];
        assertEquals(r, a.validation().get(0, 0));
        assertEquals(r % 3, a.validation().labels()[0]);
    }

    @Test
    void featureNamesSurviveDerivedDatasets() {
        Dataset d = numbered(5);
        assertArrayEquals(new String[] {"x", "y"}, d.subset(new int[] {1, 2}).featureNames());
        assertArrayEquals(new String[] {"x", "y"}, d.withFeatures(new float[10]).featureNames());
        assertArrayEquals(new String[] {"x", "y"}, d.withName("e").featureNames());
        assertEquals("y", d.featureName(1));
    }

    @Test
    void featureNamesAreOptional() {
        Dataset d = Dataset.of("t", new float[] {1, 2}, 1, 2);
        assertNull(d.featureNames());
        assertEquals("f1", d.featureName(1));
        assertThrows(IllegalArgumentException.class,
                () -> new Dataset("t", new float[] {1, 2}, 1, 2, null, null, null, new String[] {"a"}));
    }
}
