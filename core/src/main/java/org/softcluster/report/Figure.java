package org.softcluster.report;

import java.nio.file.Path;
import java.util.List;

/**
 * A written figure.
 *
 * @param name the base file name (for example {@code fig2_nmi_ari})
 * @param caption a one-sentence description for the report
 * @param files the files written: the PNG first, then the SVG when there is one
 */
public record Figure(String name, String caption, List<Path> files) {

    /** Makes the file list unmodifiable. */
    public Figure {
        files = List.copyOf(files);
    }

    /** Returns the PNG file. */
    public Path png() {
        return files.get(0);
    }
}
