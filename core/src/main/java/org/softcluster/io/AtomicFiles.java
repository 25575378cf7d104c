package org.softcluster.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that a reader never sees a half-written one: content goes to a temporary
 * file in the same directory, which is then moved over the target.
 */
public final class AtomicFiles {
    private AtomicFiles() { }

    /** Something that writes text. */
    @FunctionalInterface
    public interface TextBody {
        /** Writes the content. */
        void write(Writer out) throws IOException;
    }

    /** Something that writes bytes. */
    @FunctionalInterface
    public interface ByteBody {
        /** Writes the content. */
        void write(OutputStream out) throws IOException;
    }

    /** Writes UTF-8 text atomically. */
    public static void writeText(Path target, TextBody body) throws IOException {
        writeBytes(target, out -> {
            Writer w = new BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8));
            // Bodies may close their writer (CSVPrinter does); closing here only flushes, the file is closed by writeBytes.
            Writer guarded = new java.io.FilterWriter(w) {
                @Override
                public void close() throws IOException {
                    flush();
                }
            };
            body.write(guarded);
            guarded.flush();
        });
    }

    /** Writes a string atomically. */
    public static void writeString(Path target, String content) throws IOException {
        writeText(target, w -> w.write(content));
    }

    /** Writes bytes atomically; on failure the target is untouched and the temporary file removed. */
    public static void writeBytes(Path target, ByteBody body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new IOException("cannot create directory " + dir + " (" + e.getClass().getSimpleName() + ")", e);
            }
        }
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        } catch (IOException e) {
            throw new IOException("cannot write to " + dir + " (" + e.getClass().getSimpleName() + ")", e);
        }
        boolean done = false;
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                body.write(out);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) Files.deleteIfExists(tmp);
        }
    }

    /**
     * Checks early that a file can be created at {@code target} (its directory exists or can be
     * made, and is writable), so a long run does not fail only at the end.
     */
    public static void checkWritable(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) throw new IOException(target + " is a directory, expected a file path");
        checkWritableDir(dir);
    }

    /**
     * Checks that a directory exists or can be created, and that files can be written into it. Directories it
     * creates to check are removed again, so a command that fails after the check leaves nothing behind;
     * writing a file creates its directory.
     */
    public static void checkWritableDir(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (Files.exists(abs) && !Files.isDirectory(abs)) throw new IOException(dir + " exists and is not a directory");
        Path firstCreated = null;
        for (Path p = abs; p != null && !Files.exists(p); p = p.getParent()) firstCreated = p;
        try {
            Files.createDirectories(abs);
            Path probe = Files.createTempFile(abs, ".probe", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new IOException("cannot write to " + dir + " (" + e.getClass().getSimpleName() + ")", e);
        } finally {
            for (Path p = abs; firstCreated != null && p != null && p.startsWith(firstCreated); p = p.getParent()) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    break;   // another process wrote into it meanwhile: it stays
                }
            }
        }
    }
}
