package org.softcluster.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsTableTest {

    private static final BigDecimal ETA0 = new BigDecimal("0");
    private static final BigDecimal ETA005 = new BigDecimal("0.05");

    @Test
    void meanAndSampleStdMatchHandComputedValues() {
        // 0.50, 0.52, 0.57: mean 0.53; deviations -0.03, -0.01, 0.04; squares sum 0.0026; / (3 - 1) = 0.0013.
        ResultsTable.Stat s = ResultsTable.Stat.of(List.of(0.50, 0.52, 0.57));
        assertEquals(0.53, s.mean(), 1e-12);
        assertEquals(Math.sqrt(0.0013), s.std(), 1e-12);
        assertEquals(3, s.n());
        assertEquals("0.530 ± 0.036", s.format(3));
        // One value: no spread; NaN values are left out.
        ResultsTable.Stat one = ResultsTable.Stat.of(Arrays.asList(0.4, Double.NaN));
        assertEquals(0.4, one.mean(), 0.0);
        assertTrue(Double.isNaN(one.std()));
        assertEquals(1, one.n());
        assertEquals("0.400 ± —", one.format(3));
        assertEquals("—", ResultsTable.Stat.of(List.of()).format(3));
    }

    @Test
    void readsLongCsvAndAggregatesPerMethodEtaMetric(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("results.csv");
        Files.writeString(csv, """
                method,eta,seed,metric,value
                ervade,0.0,0,nmi,0.30
                ervade,0,1,nmi,0.34
                ervade,0.05,0,nmi,0.50
                ervade,0.050,1,nmi,0.56
                ervade,0.05,2,nmi,NaN
                ervade,0,0,entropy,0.2
                ervade,0,1,entropy,
                kmeans,1.0,0,nmi,0.1
                """);
        ResultsTable t = ResultsTable.read(csv);
        assertEquals(List.of("ervade", "kmeans"), t.methods());
        assertEquals(List.of(ETA0, ETA005), t.etas("ervade"));
        assertEquals(List.of("nmi", "entropy"), t.metrics());
        ResultsTable.Stat a = t.stat("ervade", ETA0, "nmi");
        assertEquals(0.32, a.mean(), 1e-12);
        assertEquals(Math.sqrt(0.0008), a.std(), 1e-12); // (0.02² + 0.02²) / 1
        ResultsTable.Stat b = t.stat("ervade", new BigDecimal("0.0500"), "nmi");
        assertEquals(0.53, b.mean(), 1e-12);
        assertEquals(Math.sqrt(0.0018), b.std(), 1e-12); // (0.03² + 0.03²) / 1
        assertEquals(2, b.n());
        assertEquals(3, t.seeds("ervade", ETA005));
        assertEquals(1, t.stat("ervade", ETA0, "entropy").n());
        assertEquals("1", ResultsTable.etaLabel(t.etas("kmeans").get(0)));

        List<String> lines = t.toCsv().lines().toList();
        assertEquals("method,eta,nmi_mean,nmi_std,entropy_mean,entropy_std,n_seeds", lines.get(0));
        String[] row = lines.get(1).split(",");
        assertEquals("ervade", row[0]);
        assertEquals("0", row[1]);
        assertEquals(0.32, Double.parseDouble(row[2]), 1e-12);
        assertEquals(Math.sqrt(0.0008), Double.parseDouble(row[3]), 1e-12);
        assertEquals("2", row[6]);
        assertEquals("0.05", lines.get(2).split(",")[1]);
    }

    @Test
    void markdownHasOursWithSpreadAndThePapersValuesOnMnistOnly() {
        ResultsTable any = ResultsTable.of(List.of(
                new ResultsTable.Row("ervade", ETA005, 0, "nmi", 0.50),
                new ResultsTable.Row("ervade", ETA005, 1, "nmi", 0.56),
                new ResultsTable.Row("ervade", new BigDecimal("0.07"), 0, "nmi", 0.4)));
        assertFalse(any.showsPaper(), "data not known to be MNIST: no paper");
        assertFalse(any.toMarkdown().contains("paper") || any.toMarkdown().contains("0.542"), any.toMarkdown());
        assertEquals(any.toCsv(), any.withPaperTable(true).toCsv(), "table2.csv never has paper columns");
        ResultsTable t = any.withPaperTable(true);
        assertTrue(t.showsPaper());
        String md = t.toMarkdown();
        assertTrue(md.contains("| 0.05 | 0.530 ± 0.042 |"), md);
        TextTable cmp = t.paperVsOurs("ervade").orElseThrow();
        List<String> r005 = cmp.rows().stream().filter(r -> r.get(0).equals("0.05")).findFirst().orElseThrow();
        assertEquals(List.of("0.05", "0.542", "0.530 ± 0.042", "-0.012"), r005.subList(0, 4));
        List<String> r007 = cmp.rows().stream().filter(r -> r.get(0).equals("0.07")).findFirst().orElseThrow();
        assertEquals("—", r007.get(1)); // η not in the paper
        assertEquals("—", r007.get(3));
        List<String> r1 = cmp.rows().stream().filter(r -> r.get(0).equals("1")).findFirst().orElseThrow();
        assertEquals(List.of("1", "0.511", "—", "—"), r1.subList(0, 4)); // η not in this sweep
        assertTrue(md.contains("paper vs ours"));
    }

    @Test
    void rejectsDuplicatesAndMissingColumns(@TempDir Path dir) throws IOException {
        assertThrows(IllegalArgumentException.class, () -> ResultsTable.of(List.of(
                new ResultsTable.Row("ervade", ETA0, 0, "nmi", 0.1),
                new ResultsTable.Row("ervade", new BigDecimal("0.0"), 0, "nmi", 0.2))));
        Path csv = dir.resolve("results.csv");
        Files.writeString(csv, "method,eta,seed,value\nervade,0,0,0.1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultsTable.read(csv));
        assertTrue(e.getMessage().contains("metric"), e.getMessage());
    }

    @Test
    void perSeedRatioOfFigure7() {
        ResultsTable t = ResultsTable.of(List.of(
                new ResultsTable.Row("ervade", ETA0, 0, "nmi", 0.4),
                new ResultsTable.Row("ervade", ETA0, 0, "entropy", 0.5),
                new ResultsTable.Row("ervade", ETA0, 1, "nmi", 0.6),
                new ResultsTable.Row("ervade", ETA0, 1, "entropy", 0.5)));
        ResultsTable.Stat r = SweepFigures.ratioStat(t, "ervade", ETA0);
        assertEquals(1.0, r.mean(), 1e-12); // (0.8 + 1.2) / 2
        assertEquals(Math.sqrt(0.08), r.std(), 1e-12); // (0.2² + 0.2²) / 1
    }
}
