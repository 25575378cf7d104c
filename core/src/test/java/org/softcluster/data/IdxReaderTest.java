package org.softcluster.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    /** Three 2×2 images with distinctive pixel values. */
    private static final byte[] PIXELS = {0, (byte) 255, 51, 102, 1, 2, 3, 4, (byte) 200, 0, 0, (byte) 255};

    @Test
    void readsRawAndGzipToTheSameImages() {
        byte[] idx = TestFiles.idxImages(3, 2, 2, PIXELS);
        Path raw = TestFiles.write(dir, "images-idx3-ubyte", idx);
        Path gz = TestFiles.write(dir, "images-idx3-ubyte.gz", TestFiles.gzip(idx));
        IdxReader.Images a = IdxReader.readImages(raw);
        IdxReader.Images b = IdxReader.readImages(gz);
        assertEquals(3, a.count());
        assertEquals(2, a.rows());
        assertEquals(2, a.cols());
        assertArrayEquals(a.pixels(), b.pixels());
    }

    @Test
    void detectsGzipByContentNotExtension() {
        Path disguised = TestFiles.write(dir, "images.bin", TestFiles.gzip(TestFiles.idxImages(3, 2, 2, PIXELS)));
        Path rawNamedGz = TestFiles.write(dir, "raw.gz", TestFiles.idxImages(3, 2, 2, PIXELS));
        assertEquals(3, IdxReader.readImages(disguised).count());
        assertEquals(3, IdxReader.readImages(rawNamedGz).count());
    }

    @Test
    void scalesPixelsToUnitIntervalByDefault() {
        Path f = TestFiles.write(dir, "i", TestFiles.idxImages(3, 2, 2, PIXELS));
        float[] p = IdxReader.readImages(f).pixels();
        assertEquals(0f, p[0]);
        assertEquals(1f, p[1]);
        assertEquals(0.2f, p[2], 1e-7);
        float[] unscaled = IdxReader.readImages(f, false).pixels();
        assertEquals(255f, unscaled[1]);
        assertEquals(200f, unscaled[8]);
    }

    @Test
    void readsLabels() {
        Path f = TestFiles.write(dir, "l.gz", TestFiles.gzip(TestFiles.idxLabels(7, 0, 9, 255)));
        assertArrayEquals(new int[] {7, 0, 9, 255}, IdxReader.readLabels(f));
    }

    @Test
    void truncatedImageFileNamesExpectedAndFoundLength() {
        byte[] full = TestFiles.idxImages(3, 2, 2, PIXELS);
        Path f = TestFiles.write(dir, "train-images-idx3-ubyte", Arrays.copyOf(full, full.length - 5));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(f));
        assertEquals("train-images-idx3-ubyte: expected 28 bytes for 3x2x2 images, found 23 (file truncated)",
                e.getMessage());
    }

    @Test
    void truncatedGzipIsReportedAfterDecompression() {
        byte[] full = TestFiles.idxImages(3, 2, 2, PIXELS);
        Path f = TestFiles.write(dir, "t.gz", TestFiles.gzip(Arrays.copyOf(full, 20)));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(f));
        assertEquals("t.gz: expected 28 bytes for 3x2x2 images, found 20 after decompression (file truncated)",
                e.getMessage());
    }

    @Test
    void corruptGzipStreamIsReported() {
        byte[] gz = TestFiles.gzip(TestFiles.idxImages(3, 2, 2, PIXELS));
        Path f = TestFiles.write(dir, "c.gz", Arrays.copyOf(gz, gz.length / 2));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(f));
        assertTrue(e.getMessage().startsWith("c.gz: corrupt or truncated gzip data"), e.getMessage());
    }

    @Test
    void trailingBytesAreAnError() {
        byte[] full = TestFiles.idxImages(3, 2, 2, PIXELS);
        Path f = TestFiles.write(dir, "x", Arrays.copyOf(full, full.length + 3));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(f));
        assertEquals("x: expected 28 bytes for 3x2x2 images, found 31 (3 trailing bytes)", e.getMessage());
    }

    @Test
    void wrongMagicIsAnError() {
        Path labels = TestFiles.write(dir, "labels", TestFiles.idxLabels(1, 2));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(labels));
        assertEquals("labels: wrong magic number 2049 (an IDX label file), expected 2051 for IDX images", e.getMessage());
        Path text = TestFiles.text(dir, "notes.txt", "hello world, this is text");
        DataException e2 = assertThrows(DataException.class, () -> IdxReader.readLabels(text));
        assertTrue(e2.getMessage().startsWith("notes.txt: wrong magic number"), e2.getMessage());
        assertTrue(e2.getMessage().contains("(not an IDX file)"), e2.getMessage());
    }

    @Test
    void negativeDimensionIsAnError() {
        Path f = TestFiles.write(dir, "neg", TestFiles.idxImages(-1, 2, 2, new byte[0]));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(f));
        assertEquals("neg: negative dimension -1 in the IDX header", e.getMessage());
    }

    @Test
    void emptyAndMissingFilesAreErrors() {
        Path empty = TestFiles.write(dir, "empty", new byte[0]);
        assertEquals("empty: too short for an IDX file (0 bytes)",
                assertThrows(DataException.class, () -> IdxReader.readLabels(empty)).getMessage());
        Path missing = dir.resolve("nope");
        assertEquals(missing + ": no such file",
                assertThrows(DataException.class, () -> IdxReader.readLabels(missing)).getMessage());
    }

    @Test
    void truncatedHeaderIsAnError() {
        byte[] full = TestFiles.idxImages(3, 2, 2, PIXELS);
        Path f = TestFiles.write(dir, "h", Arrays.copyOf(full, 10));
        assertEquals("h: truncated IDX header: expected 16 bytes, found 10",
                assertThrows(DataException.class, () -> IdxReader.readImages(f)).getMessage());
    }
}
