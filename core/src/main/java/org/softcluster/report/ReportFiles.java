package org.softcluster.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Package-private helpers that write report files atomically (temporary file in the target folder, then a move). */
final class ReportFiles {

    private ReportFiles() {
    }

    /** Writes bytes to a file atomically: readers see either the old file or the complete new one. */
    static Path write(Path target, byte[] bytes) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
            try {
                Files.write(tmp, bytes);
                readableByAll(tmp, abs);
                try {
                    Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Gives the temporary file the permissions of the file it replaces, or rw-r--r-- for a new file (temporary
     * files are created owner-only, which would otherwise make every report private).
     */
    private static void readableByAll(Path tmp, Path target) throws IOException {
        if (!tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> perms = Files.exists(target) ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(tmp, perms);
    }

    /** Writes UTF-8 text to a file atomically. */
    static Path writeString(Path target, String text) {
        return write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Renders a chart to {@code base.png} and {@code base.svg} in a folder and returns both paths. */
    static List<Path> writeChart(Chart<?, ?> chart, Path dir, String base) {
        return List.of(writePng(chart, dir.resolve(base + ".png")), writeSvg(chart, dir.resolve(base + ".svg")));
    }

    /** Renders a chart to a PNG file atomically. */
    static Path writePng(Chart<?, ?> chart, Path target) {
        try {
            return write(target, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + target + ": " + e.getMessage(), e);
        }
    }

    /** Renders a chart to an SVG file atomically. */
    static Path writeSvg(Chart<?, ?> chart, Path target) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + target + ": " + e.getMessage(), e);
        }
        return write(target, out.toByteArray());
    }

    /** Reads a whole file as UTF-8 text. */
    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
