package org.softcluster.report;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTML page of {@code softcluster compare}: the comparison table, bar charts of the metrics
 * per method (mean ± std over seeds) and, per method, the reliability diagram and the entropy
 * histogram of its seed-0 run. Reads only files the compare command wrote ({@code results.csv},
 * {@code runs/METHOD/seed=S/assignments.csv}); the labels of the evaluated objects come as an argument.
 */
public final class CompareReport {
    /** File name of the page inside the output folder. */
    public static final String HTML_NAME = "comparison.html";

    private static final String[][] QUALITY = {{"nmi", "NMI"}, {"ari", "ARI"}, {"acc", "ACC"}};
    private static final String[][] SOFTNESS = {{"entropy", "H(γ) / ln K"}, {"confidence", "confidence"}, {"ece", "ECE"}};

    private CompareReport() { }

    /**
     * Builds the page.
     *
     * @param compareDir the compare folder (with results.csv and runs/)
     * @param methods the methods in table order
     * @param k the number of clusters (to scale H(γ) by ln K in the chart)
     * @param labels true labels of the evaluated objects in assignments.csv row order, or null
     * @param intro the paragraph under the title (data, split, seeds)
     * @param table the comparison table as written to comparison.md
     * @return the written HTML file
     */
    public static Path build(Path compareDir, List<String> methods, int k, int[] labels, String intro, TextTable table) {
        ResultsTable results = ResultsTable.read(compareDir.resolve("results.csv"));
        Path figDir = compareDir.resolve("figures");
        HtmlReport html = new HtmlReport("softcluster — comparison of clustering systems");
        html.section("table", "Comparison").paragraph(intro).table(table);
        html.section("charts", "Metrics per method");
        html.beginGrid();
        html.image(ReportFiles.writeChart(bars(results, methods, QUALITY, 1, "Clustering quality (bars ± 1 std over seeds)",
                "score (0 to 1)"), figDir, "compare_quality").get(0), "NMI, ARI and Hungarian accuracy per method.");
        html.image(ReportFiles.writeChart(bars(results, methods, SOFTNESS, Math.log(k), "Softness and calibration (bars ± 1 std)",
                "value (H scaled by ln K)"), figDir, "compare_softness").get(0),
                "Mean entropy H(γ)/ln K, mean confidence max γ and expected calibration error per method.");
        html.endGrid();
        html.section("runs", "Per method: calibration and entropy (seed 0)");
        List<String> missing = new ArrayList<>();
        html.beginGrid();
        for (String m : methods) {
            Path dir = compareDir.resolve("runs").resolve(m).resolve("seed=0");
            if (!Files.isRegularFile(dir.resolve("assignments.csv"))) {
                missing.add(m);
                continue;
            }
            SweepRun.Assignments a = new SweepRun(BigDecimal.ZERO, 0, dir).assignments();
            int[] l = labels != null && labels.length == a.n() ? labels : null;
            for (Figure f : RunFigures.writeRunFigures(a, l, m + ", seed 0", m + "_seed0", figDir)) {
                html.image(f.files().get(0), f.caption());
            }
        }
        html.endGrid();
        if (!missing.isEmpty()) html.paragraph("No seed-0 assignments for: " + String.join(", ", missing) + ".");
        return html.write(compareDir.resolve(HTML_NAME));
    }

    private static CategoryChart bars(ResultsTable results, List<String> methods, String[][] metrics, double scaleEntropy,
                                      String title, String yAxis) {
        CategoryChart chart = new CategoryChartBuilder().width(SweepFigures.WIDTH).height(SweepFigures.HEIGHT)
                .title(title).xAxisTitle("method").yAxisTitle(yAxis).build();
        Charts.style(chart);
        for (String[] metric : metrics) {
            List<Double> means = new ArrayList<>();
            List<Double> stds = new ArrayList<>();
            for (String m : methods) {
                ResultsTable.Stat s = results.stat(m, BigDecimal.ZERO, metric[0]);
                double div = metric[0].equals("entropy") ? scaleEntropy : 1;
                means.add(s == null ? 0 : s.mean() / div);
                stds.add(s == null || Double.isNaN(s.std()) ? 0 : s.std() / div);
            }
            chart.addSeries(metric[1], new ArrayList<>(methods), means, stds);
        }
        return chart;
    }
}
