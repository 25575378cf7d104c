package org.softcluster.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistTest {

    /** The committed subset; tests run with the module directory as working directory. */
    static final Path SUBSET = Path.of("../testdata/mnist-subset");

    @TempDir
    Path dir;

    @Test
    void committedSubsetLoadsWithBalancedLabelsAndUnitPixels() {
        DataLoader.Loaded m = Mnist.load(SUBSET);
        Dataset train = m.train();
        Dataset test = m.test();
        assertEquals("mnist/train", train.name());
        assertEquals("mnist/test", test.name());
        assertEquals(2000, train.size());
        assertEquals(500, test.size());
        assertEquals(784, train.dim());
        assertArrayEquals(new int[] {28, 28}, train.imageShape());
        assertArrayEquals(new int[] {28, 28}, test.imageShape());
        assertArrayEquals(counts(200), classCounts(train.labels()));
        assertArrayEquals(counts(50), classCounts(test.labels()));
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : train.features()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
        assertTrue(Mnist.isMnistDirectory(SUBSET));
    }

    @Test
    void rawFileNamesAreAccepted() {
        writeSplit("train", 3, 3, ".gz");
        writeSplit("t10k", 2, 2, "");
        DataLoader.Loaded m = Mnist.load(dir);
        assertEquals(3, m.train().size());
        assertEquals(2, m.test().size());
        assertArrayEquals(new int[] {2, 2}, m.test().imageShape());
    }

    @Test
    void imageLabelCountMismatchIsAnError() {
        writeSplit("train", 3, 2, "");
        writeSplit("t10k", 2, 2, "");
        DataException e = assertThrows(DataException.class, () -> Mnist.load(dir));
        assertEquals("mnist/train: train-images-idx3-ubyte has 3 images but train-labels-idx1-ubyte has 2 labels",
                e.getMessage());
    }

    @Test
    void missingFilesAreListed() {
        writeSplit("train", 3, 3, "");
        assertFalse(Mnist.isMnistDirectory(dir));
        DataException e = assertThrows(DataException.class, () -> Mnist.load(dir));
        assertEquals(dir + ": not an MNIST directory: missing t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (raw or .gz)",
                e.getMessage());
        // The training split alone does not need the test files.
        assertEquals(3, Mnist.loadTrain(dir).size());
    }

    private void writeSplit(String prefix, int images, int labels, String suffix) {
        byte[] idx = TestFiles.idxImages(images, 2, 2, new byte[images * 4]);
        byte[] lab = TestFiles.idxLabels(new int[labels]);
        boolean gz = suffix.equals(".gz");
        TestFiles.write(dir, prefix + "-images-idx3-ubyte" + suffix, gz ? TestFiles.gzip(idx) : idx);
        TestFiles.write(dir, prefix + "-labels-idx1-ubyte" + suffix, gz ? TestFiles.gzip(lab) : lab);
    }

    private static int[] counts(int each) {
        int[] c = new int[10];
        java.util.Arrays.fill(c, each);
        return c;
    }

    private static int[] classCounts(int[] labels) {
        int[] c = new int[10];
        for (int l : labels) c[l]++;
        return c;
    }
}
