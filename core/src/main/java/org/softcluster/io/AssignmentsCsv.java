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
                    int best = 0;
                    double h = 0;
                    for (int j = 0; j < k; j++) {
                        if (r[j] > r[best]) best = j;
                        if (r[j] > 0) h -= r[j] * Math.log(r[j]);
                    }
                    row.add(data.id(i));
                    row.add(Integer.toString(best));
                    for (int j = 0; j < k; j++) row.add(num(r[j]));
                    row.add(num(Math.max(0, h)));
                    row.add(num(k == 0 ? 0 : r[best]));
                    p.printRecord(row);
                }
            }
        });
    }

    /** Formats a number compactly and locale-independently. */
    public static String num(double v) {
        if (v == 0 || !Double.isFinite(v)) return v == 0 ? "0" : Double.toString(v);
        return new BigDecimal(v).round(SIX).stripTrailingZeros().toString();
    }
}
