package org.softcluster.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Small file helpers shared by the readers (package-private). */
final class DataFiles {

    private DataFiles() { }

    /** The short name used in error messages: the file name without directories. */
    static String name(Path path) {
        Path f = path.getFileName();
        return f == null ? path.toString() : f.toString();
    }

    /** Throws a {@link DataException} unless the path is an existing, readable regular file. */
    static void requireFile(Path path) {
        if (!Files.exists(path)) {
            throw new DataException(path + ": no such file");
        }
        if (Files.isDirectory(path)) {
            throw new DataException(path + ": is a directory, expected a file");
        }
        if (!Files.isReadable(path)) {
            throw new DataException(path + ": file is not readable");
        }
    }

    /** Whether the file starts with the gzip magic bytes 1f 8b (the extension is not trusted). */
    static boolean isGzip(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /** Opens the file for buffered reading, transparently decompressing gzip content. */
    static InputStream open(Path path, boolean gzip) throws IOException {
        InputStream raw = Files.newInputStream(path);
        try {
            return gzip ? new GZIPInputStream(raw, 1 << 16) : new BufferedInputStream(raw, 1 << 16);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }
}
