package org.softcluster.io;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.softcluster.data.Dataset;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;


/**
 * Writes soft assignments as {@code id,cluster,p_0..p_{K-1},entropy,confidence} (hard models
 * give one-hot rows); entropy is H(p) in nats, confidence is max p.
 */
public final class AssignmentsCsv {
    private static final MathContext SIX = new MathContext(6);

    private AssignmentsCsv() { }

    /** Writes the file atomically. */
    public static void write(Path target, Dataset data, double[][] proba) throws IOException {
        if (proba.length != data.size()) {
            throw new IllegalArgumentException("assignments for " + proba.length + " objects, data has " + data.size());
        }
        int k = proba.length == 0 ? 0 : proba[0].length;
        List<String> header = new ArrayList<>();
        header.add("id");
        header.add("cluster");
        for (int j = 0; j < k; j++) header.add("p_" + j);
        header.add("entropy");
        header.add("confidence");
        AtomicFiles.writeText(target, w -> {
            try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build())) {
                p.printRecord(header);
                List<String> row = new ArrayList<>(k + 4);
                for (int i = 0; i < proba.length; i++) {
                    row.clear();
                    double[] r = proba[i];
                    int best = cluster(r);
                    row.add(data.id(i));
                    row.add(Integer.toString(best));
                    for (int j = 0; j < k; j++) row.add(num(r[j]));
                    row.add(num(entropy(r)));
                    row.add(num(k == 0 ? 0 : r[best]));
                    p.printRecord(row);
                }
            }
        });
    }

    /** The hard cluster of a soft assignment: the index of its largest entry (the first of equal ones). */
    public static int cluster(double[] p) {
        int best = 0;
        for (int j = 1; j < p.length; j++) if (p[j] > p[best]) best = j;
        return best;
    }

    /** The entropy H(p) = -sum p_j ln p_j of a soft assignment in nats (0 terms skipped, never below 0). */
    public static double entropy(double[] p) {
        double h = 0;
        for (double v : p) if (v > 0) h -= v * Math.log(v);
        return Math.max(0, h);
    }

    /** Formats a number compactly and locale-independently. */
    public static String num(double v) {
        if (v == 0 || !Double.isFinite(v)) return v == 0 ? "0" : Double.toString(v);
        return new BigDecimal(v).round(SIX).stripTrailingZeros().toString();
    }
}
