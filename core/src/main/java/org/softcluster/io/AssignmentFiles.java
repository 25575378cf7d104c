package org.softcluster.io;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.softcluster.data.DataException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads label files (one integer per line, or a CSV with a {@code label} column) and assignment
 * files (one integer per line, or a CSV with {@code p_0..p_{K-1}} and optionally {@code id},
 * {@code cluster}) for {@code softcluster evaluate}.
 */
public final class AssignmentFiles {
    private AssignmentFiles() { }

    /** Hard assignments and, when the file has them, the probabilities. */
    public record Assignments(int[] hard, double[][] proba) {
        /** Whether probabilities were given. */
        public boolean hasProbabilities() { return proba != null; }
    }

    /** Reads integer labels. */
    public static int[] readLabels(Path file) {
        List<String> lines = lines(file);
        if (looksLikeHeader(lines.get(0))) {
            Table t = table(file);
            Integer col = t.header.get("label");
            if (col == null) throw new DataException(file.getFileName() + ": CSV has no 'label' column (columns: " + t.header.keySet() + ")");
            int[] out = new int[t.rows.size()];
            for (int i = 0; i < out.length; i++) out[i] = parseInt(file, i + 2, "label", t.rows.get(i).get(col));
            return out;
        }
        return integers(file, lines);
    }

    /** Reads assignments. */
    public static Assignments readAssignments(Path file) {
        List<String> lines = lines(file);
        if (!looksLikeHeader(lines.get(0))) return new Assignments(integers(file, lines), null);
        Table t = table(file);
        List<Integer> pCols = new ArrayList<>();
        for (int k = 0; t.header.containsKey("p_" + k); k++) pCols.add(t.header.get("p_" + k));
        Integer clusterCol = t.header.get("cluster");
        if (pCols.isEmpty() && clusterCol == null) {
            throw new DataException(file.getFileName() + ": CSV needs columns p_0..p_{K-1} or 'cluster' (columns: " + t.header.keySet() + ")");
        }
        int n = t.rows.size();
        int[] hard = new int[n];
        double[][] proba = pCols.isEmpty() ? null : new double[n][pCols.size()];
        for (int i = 0; i < n; i++) {
            CSVRecord r = t.rows.get(i);
            if (proba != null) {
                double sum = 0;
                int best = 0;
                for (int k = 0; k < pCols.size(); k++) {
                    String cell = r.get(pCols.get(k)).trim();
                    double v;
                    try {
                        v = Double.parseDouble(cell);
                    } catch (NumberFormatException e) {
                        throw new DataException(file.getFileName() + " row " + (i + 2) + ", column \"p_" + k + "\": not a number: \"" + cell + "\"");
                    }
                    if (!(v >= 0 && v <= 1)) {
                        throw new DataException(file.getFileName() + " row " + (i + 2) + ", column \"p_" + k + "\": probability out of [0,1]: " + cell);
                    }
                    proba[i][k] = v;
                    sum += v;
                    if (v > proba[i][best]) best = k;
                }
                if (Math.abs(sum - 1) > 1e-3) {
                    throw new DataException(file.getFileName() + " row " + (i + 2) + ": probabilities sum to " + sum + ", not 1");
                }
                hard[i] = best;
            } else {
                hard[i] = parseInt(file, i + 2, "cluster", r.get(clusterCol));
            }
        }
        return new Assignments(hard, proba);
    }

    private record Table(Map<String, Integer> header, List<CSVRecord> rows) { }

    private static Table table(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).build().parse(r)) {
            List<CSVRecord> rows = p.getRecords();
            int width = p.getHeaderNames().size();
            for (CSVRecord rec : rows) {
                if (rec.size() != width) {
                    throw new DataException(file.getFileName() + " row " + (rec.getRecordNumber() + 1) + ": " + rec.size() + " cells, header has " + width);
                }
            }
            if (rows.isEmpty()) throw new DataException(file.getFileName() + ": no data rows");
            return new Table(p.getHeaderMap(), rows);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException de) throw de;
            throw new DataException(file.getFileName() + ": cannot read CSV (" + e.getMessage() + ")");
        }
    }

    private static List<String> lines(Path file) {
        if (!Files.isRegularFile(file)) throw new DataException(file + ": no such file");
        List<String> out = new ArrayList<>();
        try {
            for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!l.isBlank()) out.add(l.trim());
            }
        } catch (IOException e) {
            throw new DataException(file + ": cannot read (" + e.getMessage() + ")");
        }
        if (out.isEmpty()) throw new DataException(file.getFileName() + ": empty file");
        return out;
    }

    private static boolean looksLikeHeader(String first) {
        return first.contains(",") || !first.matches("[-+]?\\d+");
    }

    private static int[] integers(Path file, List<String> lines) {
        int[] out = new int[lines.size()];
        for (int i = 0; i < out.length; i++) out[i] = parseInt(file, i + 1, null, lines.get(i));
        return out;
    }

    private static int parseInt(Path file, int row, String column, String cell) {
        try {
            return Integer.parseInt(cell.trim());
        } catch (NumberFormatException e) {
            throw new DataException(file.getFileName() + " row " + row + (column == null ? "" : ", column \"" + column + "\"")
                    + ": not an integer: \"" + cell + "\"");
        }
    }
}
