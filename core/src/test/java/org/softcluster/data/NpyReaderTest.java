package org.softcluster.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyReaderTest {

    @TempDir
    Path dir;

    private Path npy(String name, int major, String descr, boolean fortran, long[] shape, byte[] data) {
        return TestFiles.write(dir, name, TestFiles.npy(major, descr, fortran, shape, data));
    }

    @Test
    void readsFloat32MatrixFromVersion1() {
        Path f = npy("x.npy", 1, "<f4", false, new long[] {2, 3}, TestFiles.f4(1, 2, 3, 4, 5, 6.5f));
        Dataset d = NpyReader.read(f);
        assertEquals("x.npy", d.name());
        assertEquals(2, d.size());
        assertEquals(3, d.dim());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6.5f}, d.features());
        assertNull(d.imageShape());
        assertEquals("1.0", NpyReader.readHeader(f).version());
    }

    @Test
    void readsFloat64VectorFromVersion2AndVersion3() {
        for (int major : new int[] {2, 3}) {
            Path f = npy("v" + major + ".npy", major, "<f8", false, new long[] {3}, TestFiles.f8(0.5, -1, 1e10));
            Dataset d = NpyReader.read(f);
            assertEquals(3, d.size());
            assertEquals(1, d.dim());
            assertArrayEquals(new float[] {0.5f, -1, 1e10f}, d.features());
        }
    }

    @Test
    void readsUint8ImagesFlattenedAndScaledWithInt64Labels() {
        byte[] pixels = new byte[2 * 2 * 3];
        pixels[0] = (byte) 255;
        pixels[7] = 51;
        Path f = npy("img.npy", 1, "|u1", false, new long[] {2, 2, 3}, pixels);
        Path labels = npy("y.npy", 1, "<i8", false, new long[] {2}, TestFiles.i8(4, 9));
        Dataset d = NpyReader.read(f, labels);
        assertEquals(6, d.dim());
        assertArrayEquals(new int[] {2, 3}, d.imageShape());
        assertEquals(1f, d.get(0, 0));
        assertEquals(0.2f, d.get(1, 1), 1e-7);
        assertArrayEquals(new int[] {4, 9}, d.labels());
        assertEquals(255f, NpyReader.read(f, null, false).get(0, 0));
    }

    @Test
    void singleChannelImagesAndInt32LabelsAreAccepted() {
        Path f = npy("c.npy", 1, "<f4", false, new long[] {1, 2, 2, 1}, TestFiles.f4(1, 2, 3, 4));
        assertArrayEquals(new int[] {2, 2}, NpyReader.read(f).imageShape());
        Path labels = npy("y4.npy", 1, "<i4", false, new long[] {3}, TestFiles.i4(0, 1, 2));
        assertArrayEquals(new int[] {0, 1, 2}, NpyReader.readLabels(labels));
    }

    @Test
    void bigEndianDataIsRead() {
        byte[] be = ByteBuffer.allocate(8).putFloat(1.5f).putFloat(-2f).array();
        Path f = npy("be.npy", 1, ">f4", false, new long[] {2}, be);
        assertArrayEquals(new float[] {1.5f, -2f}, NpyReader.read(f).features());
    }

    @Test
    void fortranOrderIsAnError() {
        Path f = npy("f.npy", 1, "<f4", true, new long[] {2, 2}, TestFiles.f4(1, 2, 3, 4));
        assertEquals("f.npy: Fortran-order (column-major) arrays are not supported; save a C-order array,"
                + " e.g. np.save(path, np.ascontiguousarray(a))",
                assertThrows(DataException.class, () -> NpyReader.read(f)).getMessage());
    }

    @Test
    void unsupportedDtypeIsAnError() {
        Path f = npy("c.npy", 1, "<c8", false, new long[] {1}, new byte[8]);
        assertEquals("c.npy: unsupported dtype '<c8' (supported: |u1, <f4, <f8, <i4, <i8 (or big-endian >))",
                assertThrows(DataException.class, () -> NpyReader.read(f)).getMessage());
    }

    @Test
    void truncatedDataIsAnError() {
        byte[] full = TestFiles.npy(1, "<f4", false, new long[] {100, 2}, new byte[800]);
        Path f = TestFiles.write(dir, "t.npy", Arrays.copyOf(full, full.length - 10));
        assertEquals("t.npy: expected 928 bytes for shape (100, 2) of <f4, found 918 (truncated)",
                assertThrows(DataException.class, () -> NpyReader.read(f)).getMessage());
    }

    @Test
    void truncatedHeaderIsAnError() {
        byte[] full = TestFiles.npy(1, "<f4", false, new long[] {1}, new byte[4]);
        Path f = TestFiles.write(dir, "h.npy", Arrays.copyOf(full, 40));
        String msg = assertThrows(DataException.class, () -> NpyReader.read(f)).getMessage();
        assertTrue(msg.startsWith("h.npy: truncated .npy header"), msg);
    }

    @Test
    void trailingBytesAreAnError() {
        byte[] full = TestFiles.npy(1, "<f4", false, new long[] {1}, new byte[4]);
        Path f = TestFiles.write(dir, "tr.npy", Arrays.copyOf(full, full.length + 2));
        assertEquals("tr.npy: expected 132 bytes for shape (1,) of <f4, found 134 (2 trailing bytes)",
                assertThrows(DataException.class, () -> NpyReader.read(f)).getMessage());
    }

    @Test
    void nonFiniteValueIsReportedWithItsIndex() {
        Path f = npy("n.npy", 1, "<f4", false, new long[] {2, 2}, TestFiles.f4(1, 2, 3, Float.NaN));
        assertEquals("n.npy: NaN at index [1, 1] (missing or infinite values are not supported)",
                assertThrows(DataException.class, () -> NpyReader.read(f)).getMessage());
    }

    @Test
    void notAnNpyFileIsAnError() {
        Path zip = TestFiles.write(dir, "a.npy", "PK\u0003\u0004 rest of a zip".getBytes());
        assertEquals("a.npy: not a .npy file: missing the \\x93NUMPY magic string (it is a zip archive, e.g. .npz;"
                + " extract the arrays to .npy files)",
                assertThrows(DataException.class, () -> NpyReader.read(zip)).getMessage());
    }

    @Test
    void labelProblemsAreErrors() {
        Path x = npy("x.npy", 1, "<f4", false, new long[] {3, 1}, TestFiles.f4(1, 2, 3));
        Path two = npy("y.npy", 1, "<i8", false, new long[] {2}, TestFiles.i8(0, 1));
        assertEquals("y.npy has 2 labels but x.npy has 3 rows",
                assertThrows(DataException.class, () -> NpyReader.read(x, two)).getMessage());
        Path floats = npy("yf.npy", 1, "<f8", false, new long[] {3}, TestFiles.f8(0, 1, 2));
        assertEquals("yf.npy: labels must be integers (|u1, <i4 or <i8), found dtype '<f8'; convert with a.astype(np.int64)",
                assertThrows(DataException.class, () -> NpyReader.read(x, floats)).getMessage());
        Path matrix = npy("ym.npy", 1, "<i8", false, new long[] {3, 2}, TestFiles.i8(0, 1, 2, 3, 4, 5));
        assertEquals("ym.npy: labels must be a 1-D array, found shape (3, 2)",
                assertThrows(DataException.class, () -> NpyReader.readLabels(matrix)).getMessage());
    }

    @Test
    void unsupportedShapesAreErrors() {
        Path empty = npy("e.npy", 1, "<f4", false, new long[] {0, 3}, new byte[0]);
        assertEquals("e.npy: array of shape (0, 3) has no rows",
                assertThrows(DataException.class, () -> NpyReader.read(empty)).getMessage());
        Path rgb = npy("rgb.npy", 1, "|u1", false, new long[] {1, 2, 2, 3}, new byte[12]);
        String msg = assertThrows(DataException.class, () -> NpyReader.read(rgb)).getMessage();
        assertTrue(msg.startsWith("rgb.npy: shape (1, 2, 2, 3) has more than one channel"), msg);
    }
}
