package org.softcluster.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Reads IDX files (the MNIST format) of unsigned-byte images (magic 2051) and labels
 * (magic 2049), raw or gzip-compressed, validating the header against the actual data length.
 */
public final class IdxReader {

    /** Magic number of an IDX file of unsigned-byte images (type 0x08, three dimensions). */
    public static final int IMAGES_MAGIC = 0x00000803;

    /** Magic number of an IDX file of unsigned-byte labels (type 0x08, one dimension). */
    public static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() { }

    /**
     * Images read from an IDX file: {@code count} row-major images of {@code rows × cols} pixels.
     *
     * @param count number of images
     * @param rows image height
     * @param cols image width
     * @param pixels count·rows·cols pixel values, image after image
     */
    public record Images(int count, int rows, int cols, float[] pixels) {
        /** The number of pixels per image (rows·cols). */
        public int pixelsPerImage() { return rows * cols; }
    }

    /** Reads an IDX image file with pixels scaled to [0, 1] (divided by 255). */
    public static Images readImages(Path file) {
        return readImages(file, true);
    }

    /**
     * Reads an IDX image file.
     *
     * @param file a raw or gzip-compressed IDX file with magic 2051
     * @param scaleTo01 whether to divide the 0..255 pixel values by 255
     */
    public static Images readImages(Path file, boolean scaleTo01) {
        Raw raw = read(file, IMAGES_MAGIC, "images");
        byte[] data = raw.data;
        float[] pixels = new float[data.length];
        // Division (not multiplication by 1/255) is correctly rounded, so 255 maps to exactly 1.0
        // and values match numpy's x / 255.
        for (int i = 0; i < data.length; i++) {
            pixels[i] = scaleTo01 ? (data[i] & 0xff) / 255f : (data[i] & 0xff);
        }
        return new Images(raw.dims[0], raw.dims[1], raw.dims[2], pixels);
    }

    /** Reads an IDX label file (magic 2049) of values 0..255. */
    public static int[] readLabels(Path file) {
        byte[] data = read(file, LABELS_MAGIC, "labels").data;
        int[] labels = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            labels[i] = data[i] & 0xff;
        }
        return labels;
    }

    private record Raw(int[] dims, byte[] data) { }

    private static Raw read(Path file, int magic, String kind) {
        DataFiles.requireFile(file);
        String name = DataFiles.name(file);
        boolean gzip;
        try {
            gzip = DataFiles.isGzip(file);
        } catch (IOException e) {
            throw new DataException(name + ": cannot read: " + e.getMessage(), e);
        }
        String after = gzip ? " after decompression" : "";
        try (InputStream in = DataFiles.open(file, gzip)) {
            byte[] head = in.readNBytes(4);
            if (head.length < 4) {
                throw new DataException(name + ": too short for an IDX file (" + head.length + " bytes" + after + ")");
            }
            int found = ByteBuffer.wrap(head).getInt();
            if (found != magic) {
                throw new DataException(name + ": wrong magic number " + found + describeMagic(found)
                        + ", expected " + magic + " for IDX " + kind);
            }
            int ndims = magic & 0xff;
            int headerLength = 4 + 4 * ndims;
            byte[] dimBytes = in.readNBytes(4 * ndims);
            if (dimBytes.length < 4 * ndims) {
                throw new DataException(name + ": truncated IDX header: expected " + headerLength
                        + " bytes, found " + (4 + dimBytes.length) + after);
            }
            ByteBuffer buf = ByteBuffer.wrap(dimBytes);
            int[] dims = new int[ndims];
            long count = 1;
            StringBuilder shape = new StringBuilder();
            for (int d = 0; d < ndims; d++) {
                dims[d] = buf.getInt();
                if (dims[d] < 0) {
                    throw new DataException(name + ": negative dimension " + dims[d] + " in the IDX header");
                }
                count *= dims[d];
                if (d > 0) shape.append('x');
                shape.append(dims[d]);
            }
            long expected = headerLength + count;
            String what = "expected " + expected + " bytes for " + shape + " " + kind;
            // Java arrays are int-indexed; refuse before trying to allocate.
            if (count > Integer.MAX_VALUE - 16) {
                throw new DataException(name + ": " + shape + " " + kind + " are too large to load (" + count + " bytes)");
            }
            byte[] data = in.readNBytes((int) count);
            if (data.length < count) {
                throw new DataException(name + ": " + what + ", found " + (headerLength + data.length) + after
                        + " (file truncated)");
            }
            long extra = in.transferTo(OutputStream.nullOutputStream());
            if (extra > 0) {
                throw new DataException(name + ": " + what + ", found " + (expected + extra) + after
                        + " (" + extra + " trailing bytes)");
            }
            return new Raw(dims, data);
        } catch (IOException e) {
            String problem = gzip ? "corrupt or truncated gzip data" : "cannot read";
            throw new DataException(name + ": " + problem + ": " + e.getMessage(), e);
        }
    }

    // A hint for the most common mix-ups: images and labels swapped, or a non-IDX file.
    private static String describeMagic(int magic) {
        if (magic == IMAGES_MAGIC) return " (an IDX image file)";
        if (magic == LABELS_MAGIC) return " (an IDX label file)";
        if ((magic >>> 16) != 0) return " (not an IDX file)";
        return "";
    }
}
