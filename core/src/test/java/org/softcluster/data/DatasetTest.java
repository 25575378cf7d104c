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
