package org.softcluster.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads NumPy {@code .npy} files (format versions 1, 2 and 3) of C-order arrays into datasets:
 * 1-D arrays become one feature per object, 2-D arrays N×D features, and N×H×W (or single-channel
 * N×H×W×1 / N×1×H×W) arrays flattened images with an image shape.
 *
 * <p>Supported dtypes are {@code u1}, {@code f4}, {@code f8}, {@code i4} and {@code i8} in either
 * byte order; {@code u1} data are pixel intensities and are divided by 255 by default, as
 * {@link IdxReader} does. Labels come from a separate 1-D integer array.
 */
public final class NpyReader {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*(['\"])([^'\"]*)\\1");
    private static final Pattern DESCR_ANY = Pattern.compile("['\"]descr['\"]\\s*:\\s*([\\[(])");
    private static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");
    private static final String SUPPORTED = "|u1, <f4, <f8, <i4, <i8 (or big-endian >)";

    private NpyReader() { }

    /** Element types this reader understands. */
    private enum Type {
        U1(1, true), F4(4, false), F8(8, false), I4(4, true), I8(8, true);

        final int size;
        final boolean integer;

        Type(int size, boolean integer) {
            this.size = size;
            this.integer = integer;
        }
    }

    /**
     * A parsed {@code .npy} header.
     *
     * @param version the format version as "major.minor"
     * @param dtype the dtype descriptor, e.g. {@code <f4}
     * @param fortranOrder whether the data are stored in Fortran (column-major) order
     * @param shape the array shape
     * @param dataOffset the byte offset where the data start
     */
    public record Header(String version, String dtype, boolean fortranOrder, long[] shape, long dataOffset) {
        /** The number of elements (the product of the shape). */
        public long elementCount() {
            long c = 1;
            for (long s : shape) c *= s;
            return c;
        }

        /** The shape in NumPy notation, e.g. {@code (100, 784)} or {@code (5,)}. */
        public String shapeText() {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < shape.length; i++) {
                if (i > 0) sb.append(", ");
                sb.append(shape[i]);
            }
            return sb.append(shape.length == 1 ? ",)" : ")").toString();
        }
    }

    /** Reads an unlabelled dataset, dividing {@code u1} data by 255. */
    public static Dataset read(Path file) {
        return read(file, null, true);
    }

    /** Reads a dataset with labels from a separate integer {@code .npy} (or none if null). */
    public static Dataset read(Path file, Path labelsFile) {
        return read(file, labelsFile, true);
    }

    /**
     * Reads a dataset.
     *
     * @param file the features array
     * @param labelsFile a 1-D integer array with one label per row, or null
     * @param scaleBytes whether to divide {@code u1} data by 255
     */
    public static Dataset read(Path file, Path labelsFile, boolean scaleBytes) {
        String fname = DataFiles.name(file);
        Header h = readHeader(file);
        Type type = type(fname, h, false);
        long[] shape = h.shape();
        int[] imageShape = null;
        long n;
        long dim;
        switch (shape.length) {
            case 1 -> { n = shape[0]; dim = 1; }
            case 2 -> { n = shape[0]; dim = shape[1]; }
            case 3 -> { n = shape[0]; dim = shape[1] * shape[2]; imageShape = image(shape[1], shape[2]); }
            case 4 -> {
                // Keras and PyTorch image arrays carry a channel axis; a single channel is just a 2-D image.
                n = shape[0];
                if (shape[3] == 1) imageShape = image(shape[1], shape[2]);
                else if (shape[1] == 1) imageShape = image(shape[2], shape[3]);
                else throw new DataException(fname + ": shape " + h.shapeText() + " has more than one channel;"
                        + " only single-channel N×H×W×1 or N×1×H×W images are supported");
                dim = (long) imageShape[0] * imageShape[1];
            }
            default -> throw new DataException(fname + ": " + shape.length + "-D array of shape " + h.shapeText()
                    + " is not supported; expected 1-D, 2-D or N×H×W images");
        }
        if (n == 0) throw new DataException(fname + ": array of shape " + h.shapeText() + " has no rows");
        if (dim == 0) throw new DataException(fname + ": array of shape " + h.shapeText() + " has no features");
        if (h.elementCount() > Integer.MAX_VALUE - 16) {
            throw new DataException(fname + ": array of shape " + h.shapeText() + " is too large to load");
        }
        float[] values = readFloats(file, h, type, scaleBytes);
        int[] labels = null;
        if (labelsFile != null) {
            labels = readLabels(labelsFile);
            if (labels.length != n) {
                throw new DataException(DataFiles.name(labelsFile) + " has " + labels.length + " labels but " + fname
                        + " has " + n + " rows");
            }
        }
        return new Dataset(fname, values, (int) n, (int) dim, labels, null, imageShape);
    }

    /** Reads a 1-D (or N×1) integer array of labels ({@code u1}, {@code i4} or {@code i8}). */
    public static int[] readLabels(Path file) {
        String fname = DataFiles.name(file);
        Header h = readHeader(file);
        Type type = type(fname, h, true);
        long[] s = h.shape();
        if (!(s.length == 1 || (s.length == 2 && s[1] == 1))) {
            throw new DataException(fname + ": labels must be a 1-D array, found shape " + h.shapeText());
        }
        if (h.elementCount() > Integer.MAX_VALUE - 16) {
            throw new DataException(fname + ": " + h.elementCount() + " labels are too many to load");
        }
        int[] out = new int[(int) h.elementCount()];
        readElements(file, h, type, (i, buf) -> {
            long v = switch (type) {
                case U1 -> buf.get() & 0xff;
                case I4 -> buf.getInt();
                case I8 -> buf.getLong();
                default -> throw new IllegalStateException(type.name());
            };
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new DataException(fname + ": label " + v + " at index " + i + " is outside the int range");
            }
            out[(int) i] = (int) v;
        });
        return out;
    }

    /**
     * Parses and validates the header: magic string, version, a supported dtype, C order, and a file
     * length that matches the declared shape exactly.
     */
    public static Header readHeader(Path file) {
        DataFiles.requireFile(file);
        String fname = DataFiles.name(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, pre, 0);
            pre.flip();
            byte[] magic = new byte[Math.min(6, pre.remaining())];
            pre.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                String hint = magic.length >= 2 && magic[0] == 'P' && magic[1] == 'K'
                        ? " (it is a zip archive, e.g. .npz; extract the arrays to .npy files)" : "";
                throw new DataException(fname + ": not a .npy file: missing the \\x93NUMPY magic string" + hint);
            }
            if (pre.remaining() < 2) throw new DataException(fname + ": truncated .npy header");
            int major = pre.get() & 0xff;
            int minor = pre.get() & 0xff;
            long headerLength;
            long start;
            if (major == 1) {
                if (pre.remaining() < 2) throw new DataException(fname + ": truncated .npy header");
                headerLength = pre.getShort() & 0xffff;
                start = 10;
            } else if (major == 2 || major == 3) {
                if (pre.remaining() < 4) throw new DataException(fname + ": truncated .npy header");
                headerLength = pre.getInt() & 0xffffffffL;
                start = 12;
            } else {
                throw new DataException(fname + ": unsupported .npy format version " + major + "." + minor
                        + " (supported: 1.0, 2.0, 3.0)");
            }
            if (start + headerLength > size) {
                throw new DataException(fname + ": truncated .npy header: declares " + headerLength + " header bytes, file has "
                        + size + " bytes in all");
            }
            if (headerLength > 1 << 20) {
                throw new DataException(fname + ": implausible .npy header length " + headerLength);
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLength);
            readFully(ch, hb, start);
            // Versions 1 and 2 store the header in latin-1; version 3 allows UTF-8 (field names).
            String text = new String(hb.array(), 0, hb.position(),
                    major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Header h = parseHeader(fname, text, major + "." + minor, start + headerLength);
            Type type = parseType(h.dtype());
            if (type == null) {
                throw new DataException(fname + ": unsupported dtype '" + h.dtype() + "' (supported: " + SUPPORTED + ")");
            }
            long expected = h.dataOffset() + multiplyExact(fname, h, h.elementCount(), type.size);
            if (size != expected) {
                String what = size < expected ? "truncated" : (size - expected) + " trailing bytes";
                throw new DataException(fname + ": expected " + expected + " bytes for shape " + h.shapeText() + " of "
                        + h.dtype() + ", found " + size + " (" + what + ")");
            }
            return h;
        } catch (IOException e) {
            throw new DataException(fname + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static Header parseHeader(String fname, String text, String version, long dataOffset) {
        String dict = text.strip();
        if (!dict.startsWith("{") || !dict.endsWith("}")) {
            throw new DataException(fname + ": malformed .npy header (not a dictionary): " + abbreviate(dict));
        }
        Matcher descr = DESCR.matcher(dict);
        if (!descr.find()) {
            if (DESCR_ANY.matcher(dict).find()) {
                throw new DataException(fname + ": structured dtypes are not supported (supported: " + SUPPORTED + ")");
            }
            throw new DataException(fname + ": malformed .npy header (no 'descr'): " + abbreviate(dict));
        }
        Matcher fortran = FORTRAN.matcher(dict);
        if (!fortran.find()) {
            throw new DataException(fname + ": malformed .npy header (no 'fortran_order'): " + abbreviate(dict));
        }
        Matcher shapeM = SHAPE.matcher(dict);
        if (!shapeM.find()) {
            throw new DataException(fname + ": malformed .npy header (no 'shape'): " + abbreviate(dict));
        }
        List<Long> dims = new ArrayList<>();
        for (String part : shapeM.group(1).split(",")) {
            String p = part.strip();
            if (p.endsWith("L")) p = p.substring(0, p.length() - 1); // Python 2 long literals
            if (p.isEmpty()) continue;
            try {
                long v = Long.parseLong(p);
                if (v < 0) throw new NumberFormatException();
                dims.add(v);
            } catch (NumberFormatException e) {
                throw new DataException(fname + ": malformed .npy header: invalid shape (" + shapeM.group(1) + ")");
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        Header h = new Header(version, descr.group(2), fortran.group(1).equals("True"), shape, dataOffset);
        if (h.fortranOrder()) {
            throw new DataException(fname + ": Fortran-order (column-major) arrays are not supported;"
                    + " save a C-order array, e.g. np.save(path, np.ascontiguousarray(a))");
        }
        if (shape.length == 0) {
            throw new DataException(fname + ": a 0-D (scalar) array is not a dataset");
        }
        return h;
    }

    private static Type type(String fname, Header h, boolean labels) {
        Type t = parseType(h.dtype()); // non-null: readHeader rejects unsupported dtypes
        if (labels && !t.integer) {
            throw new DataException(fname + ": labels must be integers (|u1, <i4 or <i8), found dtype '" + h.dtype()
                    + "'; convert with a.astype(np.int64)");
        }
        return t;
    }

    private static Type parseType(String dtype) {
        if (dtype.length() != 3) return null;
        char order = dtype.charAt(0);
        String code = dtype.substring(1);
        if (code.equals("u1")) return order == '|' || order == '<' || order == '>' || order == '=' ? Type.U1 : null;
        if (order != '<' && order != '>') return null;
        return switch (code) {
            case "f4" -> Type.F4;
            case "f8" -> Type.F8;
            case "i4" -> Type.I4;
            case "i8" -> Type.I8;
            default -> null;
        };
    }

    private static long multiplyExact(String fname, Header h, long count, long size) {
        try {
            return Math.multiplyExact(count, size);
        } catch (ArithmeticException e) {
            throw new DataException(fname + ": shape " + h.shapeText() + " is too large");
        }
    }

    private static float[] readFloats(Path file, Header h, Type type, boolean scaleBytes) {
        String fname = DataFiles.name(file);
        float[] out = new float[(int) h.elementCount()];
        readElements(file, h, type, (i, buf) -> {
            float v = switch (type) {
                case U1 -> scaleBytes ? (buf.get() & 0xff) / 255f : (buf.get() & 0xff);
                case F4 -> buf.getFloat();
                case F8 -> {
                    double d = buf.getDouble();
                    if (Double.isFinite(d) && Math.abs(d) > Float.MAX_VALUE) {
                        throw new DataException(fname + ": value " + d + " at index " + index(h.shape(), i)
                                + " is out of float range");
                    }
                    yield (float) d;
                }
                case I4 -> buf.getInt();
                case I8 -> buf.getLong();
            };
            if (!Float.isFinite(v)) {
                throw new DataException(fname + ": " + (Float.isNaN(v) ? "NaN" : "infinite value") + " at index "
                        + index(h.shape(), i) + " (missing or infinite values are not supported)");
            }
            out[(int) i] = v;
        });
        return out;
    }

    /** Receives element i with the buffer positioned at its first byte. */
    private interface ElementSink {
        void accept(long index, ByteBuffer buf);
    }

    private static void readElements(Path file, Header h, Type type, ElementSink sink) {
        ByteOrder order = h.dtype().charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        long count = h.elementCount();
        // Chunked reading keeps the extra memory small even for arrays of hundreds of megabytes.
        ByteBuffer buf = ByteBuffer.allocate((1 << 20) / type.size * type.size).order(order);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long pos = h.dataOffset();
            long i = 0;
            while (i < count) {
                buf.clear();
                long chunk = Math.min(buf.capacity() / type.size, count - i);
                buf.limit((int) (chunk * type.size));
                readFully(ch, buf, pos);
                if (buf.hasRemaining()) {
                    throw new DataException(DataFiles.name(file) + ": file shrank while being read");
                }
                pos += buf.position();
                buf.flip();
                for (long end = i + chunk; i < end; i++) sink.accept(i, buf);
            }
        } catch (IOException e) {
            throw new DataException(DataFiles.name(file) + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads until the buffer is full or the file ends. */
    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) break;
            pos += r;
        }
    }

    private static int[] image(long h, long w) {
        if (h > Integer.MAX_VALUE || w > Integer.MAX_VALUE) throw new DataException("image shape too large");
        return new int[] {(int) h, (int) w};
    }

    // A multi-index such as [3, 7] locates a bad value the way a NumPy user would look it up.
    private static String index(long[] shape, long flat) {
        long[] idx = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        StringBuilder sb = new StringBuilder("[");
        for (int d = 0; d < idx.length; d++) {
            if (d > 0) sb.append(", ");
            sb.append(idx[d]);
        }
        return sb.append(']').toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
