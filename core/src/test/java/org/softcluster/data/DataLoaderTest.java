package org.softcluster.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLoaderTest {

    @TempDir
    Path dir;

    @Test
    void directoryLoadsAsMnistWithTestSplit() {
        DataLoader.Loaded l = DataLoader.load(MnistTest.SUBSET);
        assertTrue(l.hasTest());
        assertEquals(2000, l.train().size());
        assertEquals(500, l.test().size());
    }

    @Test
    void csvLoadsWithoutTestSplit() {
        Path f = TestFiles.text(dir, "d.CSV", "name,x,y,kind\na,1,2,cat\nb,3,4,dog\n");
        DataLoader.Loaded l = DataLoader.load(f,
                DataLoader.Options.defaults().withIdColumn("name").withLabelColumn("kind"));
        assertFalse(l.hasTest());
        assertNull(l.test());
        assertEquals(List.of("cat", "dog"), l.labelNames());
        assertArrayEquals(new String[] {"x", "y"}, l.train().featureNames());
    }

    @Test
    void tsvAndGzippedCsvAreRecognised() {
        Path tsv = TestFiles.text(dir, "d.tsv", "x\ty\n1\t2\n");
        assertEquals(2, DataLoader.load(tsv).train().dim());
        Path gz = TestFiles.write(dir, "d.csv.gz", TestFiles.gzip("x,y\n1,2\n3,4\n".getBytes()));
        assertEquals(2, DataLoader.load(gz).train().size());
    }

    @Test
    void npyLoadsWithSeparateLabels() {
        Path x = TestFiles.write(dir, "x.npy", TestFiles.npy(1, "<f4", false, new long[] {2, 2}, TestFiles.f4(1, 2, 3, 4)));
        Path y = TestFiles.write(dir, "y.npy", TestFiles.npy(1, "<i8", false, new long[] {2}, TestFiles.i8(1, 0)));
        DataLoader.Loaded l = DataLoader.load(x, DataLoader.Options.defaults().withLabelsFile(y));
        assertNull(l.test());
        assertArrayEquals(new int[] {1, 0}, l.train().labels());
    }

    @Test
    void missingPathIsAnError() {
        Path p = dir.resolve("nothing.csv");
        assertEquals(p + ": no such file or directory",
                assertThrows(DataException.class, () -> DataLoader.load(p)).getMessage());
    }

    @Test
    void unknownExtensionIsAnError() {
        Path p = TestFiles.text(dir, "data.parquet", "x");
        assertEquals(p + ": unsupported input type; expected an MNIST directory, a .csv or .tsv file, or a .npy file",
                assertThrows(DataException.class, () -> DataLoader.load(p)).getMessage());
    }

    @Test
    void optionsThatDoNotApplyAreErrors() {
        Path csv = TestFiles.text(dir, "d.csv", "x\n1\n");
        assertThrows(DataException.class,
                () -> DataLoader.load(csv, DataLoader.Options.defaults().withLabelsFile(dir.resolve("y.npy"))));
        assertThrows(DataException.class,
                () -> DataLoader.load(MnistTest.SUBSET, DataLoader.Options.defaults().withLabelColumn("label")));
    }
}
