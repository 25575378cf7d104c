package org.softcluster.io;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes rows of column → value maps as a CSV file (header from the first row); NaN is an empty cell. */
public final class CsvTable {
    private CsvTable() { }

    /** Writes the rows atomically. */
    public static void write(Path target, List<? extends Map<String, ?>> rows) throws IOException {
        if (rows.isEmpty()) {
            AtomicFiles.writeString(target, "");
            return;
        }
        List<String> header = new ArrayList<>(rows.get(0).keySet());
        AtomicFiles.writeText(target, w -> {
            try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build())) {
                p.printRecord(header);
                for (Map<String, ?> row : rows) {
                    List<String> cells = new ArrayList<>(header.size());
                    for (String h : header) cells.add(cell(row.get(h)));
                    p.printRecord(cells);
                }
            }
        });
    }

    /** Formats one cell: numbers compactly, NaN and null as empty. */
    public static String cell(Object v) {
        if (v == null) return "";
        if (v instanceof Double d) return d.isNaN() ? "" : AssignmentsCsv.num(d);
        if (v instanceof Float f) return f.isNaN() ? "" : AssignmentsCsv.num(f);
        return v.toString();
    }
}
