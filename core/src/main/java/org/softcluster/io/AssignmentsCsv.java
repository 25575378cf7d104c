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
 * give one-hot rows); entropy is H(p) in nats, confidence is max p; optionally a last column {@code reliability}.
 */
public final class AssignmentsCsv {
    private static final MathContext SIX = new MathContext(6);
    /** The CSV dialect of the file: RFC 4180 quoting, '\n' line ends. */
    public static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build();

    private AssignmentsCsv() { }

    /** Writes the file atomically. */
    public static void write(Path target, Dataset data, double[][] proba) throws IOException {
        write(target, data, proba, null);
    }

    /**
     * Writes the file atomically, with a last column {@code reliability} (each object's reliability estimate, see
     * {@code org.softcluster.metrics.Reliability}) when {@code reliability} is not null.
     */
    public static void write(Path target, Dataset data, double[][] proba, double[] reliability) throws IOException {
        if (proba.length != data.size()) {
            throw new IllegalArgumentException("assignments for " + proba.length + " objects, data has " + data.size());
        }
        if (reliability != null && reliability.length != proba.length) {
            throw new IllegalArgumentException("reliability for " + reliability.length + " objects, assignments for " + proba.length);
        }
        int k = proba.length == 0 ? 0 : proba[0].length;
        List<String> header = new ArrayList<>();
        header.add("id");
        header.add("cluster");
        for (int j = 0; j < k; j++) header.add("p_" + j);
        header.add("entropy");
        header.add("confidence");
        if (reliability != null) header.add("reliability");
        AtomicFiles.writeText(target, w -> {
            try (CSVPrinter p = new CSVPrinter(w, FORMAT)) {
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
                    if (reliability != null) row.add(num(reliability[i]));
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

    /** Each row's hard cluster ({@link #cluster}): what a reliability estimate is asked for. */
    public static int[] clusters(double[][] p) {
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) out[i] = cluster(p[i]);
        return out;
    }

    /** The entropy H(p) = -sum p_j ln p_j of a soft assignment in nats (0 terms skipped, never below 0). */
    public static double entropy(double[] p) {
        double h = 0;
        for (double v : p) if (v > 0) h -= v * Math.log(v);
        return Math.max(0, h);
    }

    /**
     * Formats a number compactly and locale-independently: six significant digits (the exact binary value rounded
     * half-up), trailing zeros dropped — {@code new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros()}'s
     * text. Values in [1e-6, 10) (probabilities, entropies) take an exact fast path in double arithmetic; the rare
     * value within 1e-9 of a rounding tie, and every other value, take BigDecimal's.
     */
    public static String num(double v) {
        if (v == 0 || !Double.isFinite(v)) return v == 0 ? "0" : Double.toString(v);
        double a = Math.abs(v);
        if (a >= 1e-6 && a < 10) {
            String fast = sixDigits(v, a);
            if (fast != null) return fast;
        }
        return new BigDecimal(v).round(SIX).stripTrailingZeros().toString();
    }

    /** Exact powers of ten 10^0 .. 10^12 (each a double exactly). */
    private static final double[] TEN = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12};

    /**
     * The fast path of {@link #num} for 1e-6 &le; |v| &lt; 10: with s decimals such that x = |v|·10^s lies in
     * [10^5, 10^6), x's rounding error (&lt; 1e-10) decides the half-up rounding unless x's fraction is within 1e-9 of
     * one half; null there (and at a power of ten's edge), for BigDecimal to decide.
     */
    private static String sixDigits(double v, double a) {
        int s = 5;
        double x = a * TEN[s];
        while (x < 1e5 && s < 12) x = a * TEN[++s];
        if (x < 1e5 + 1e-3 || x >= 1e6 - 1e-3) return null;
        double floor = Math.floor(x);
        double frac = x - floor;
        if (Math.abs(frac - 0.5) < 1e-9) return null;
        long m = (long) floor + (frac > 0.5 ? 1 : 0);
        if (m >= 1_000_000) return null;
        while (s > 0 && m % 10 == 0) {
            m /= 10;
            s--;
        }
        StringBuilder out = new StringBuilder(12);
        if (v < 0) out.append('-');
        if (s == 0) return out.append(m).toString();
        long scale = (long) TEN[s];
        out.append(m / scale).append('.');
        String fraction = Long.toString(m % scale);
        for (int i = fraction.length(); i < s; i++) out.append('0');
        return out.append(fraction).toString();
    }
}
