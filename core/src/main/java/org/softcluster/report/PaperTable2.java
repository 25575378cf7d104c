package org.softcluster.report;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * The paper's Table 2 (entropy-regularised VaDE on the MNIST test set, means of 3 runs), as printed in the
 * paper and quoted in METHOD.md §6.
 */
public final class PaperTable2 {

    /**
     * One row of the paper's Table 2.
     *
     * @param eta the entropy weight η
     * @param nmi normalised mutual information
     * @param ari adjusted Rand index
     * @param entropy mean entropy H(γ) of the soft assignments, in nats
     * @param confidence mean largest soft-assignment probability
     */
    public record Row(BigDecimal eta, double nmi, double ari, double entropy, double confidence) {
    }

    private static final List<Row> ROWS = List.of(
            row("0.0", 0.335, 0.157, 0.337, 0.911),
            row("0.05", 0.542, 0.323, 0.379, 0.899),
            row("0.1", 0.388, 0.173, 0.481, 0.864),
            row("0.2", 0.484, 0.277, 0.482, 0.869),
            row("0.3", 0.438, 0.210, 0.480, 0.879),
            row("0.5", 0.444, 0.253, 0.446, 0.880),
            row("1.0", 0.511, 0.263, 0.643, 0.837));

    private PaperTable2() {
    }

    private static Row row(String eta, double nmi, double ari, double h, double conf) {
        return new Row(new BigDecimal(eta), nmi, ari, h, conf);
    }

    /** Returns the seven rows in ascending η. */
    public static List<Row> rows() {
        return ROWS;
    }

    /** Returns the row of an η (compared numerically, so 1, 1.0 and 1.00 match), empty if the paper has none. */
    public static Optional<Row> row(BigDecimal eta) {
        return ROWS.stream().filter(r -> r.eta().compareTo(eta) == 0).findFirst();
    }
}
