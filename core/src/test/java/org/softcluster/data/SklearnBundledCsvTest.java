package org.softcluster.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** scikit-learn's bundled CSV layout (first row: n_samples, n_features, class names). */
class SklearnBundledCsvTest {
    @Test
    void wineLikeFileReadsWithTargetLabels(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("wine_data.csv");
        Files.writeString(f, "3,2,class_0,class_1\n1.5,2,0\n3,4.25,1\n5,6,1\n");
        Dataset d = CsvReader.builder().labelColumn("target").build().read(f).dataset();
        assertEquals(3, d.size());
        assertEquals(2, d.dim());
        assertArrayEquals(new int[] {0, 1, 1}, d.labels());
        assertEquals("x1", d.featureName(1));
        assertEquals(4.25f, d.get(1, 1));
    }

    @Test
    void ordinaryNumericLookingHeadersAreKept() {
        assertArrayEquals(new String[] {"1", "2", "3"}, CsvHeader.sklearnBundledHeader(new String[] {"1", "2", "3"}));
        assertArrayEquals(new String[] {"a", "b"}, CsvHeader.sklearnBundledHeader(new String[] {"a", "b"}));
    }
}
