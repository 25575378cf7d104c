package org.softcluster.report;

import java.awt.Color;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The sweep's figures, drawn with XChart: Figures 2–7 from {@code results.csv} alone (no retraining); a
 * run's own figures (reliability diagram, entropy histogram) are {@link RunFigures}.
 *
 * <p>Sweep figures show the mean over seeds with error bars of ± one sample standard deviation over seeds
 * (no bar for a single seed). η is a categorical axis (equally spaced, labelled with the exact η values, so
 * η = 0.05 sits apart from 0); the paper's Table 2 values are drawn as dashed lines for method
 * {@value ResultsTable#PAPER_METHOD} when the sweep's data is MNIST ({@link ResultsTable#showsPaper}). Every chart is
 * written as PNG and SVG.
 */
public final class SweepFigures {

    /** Base names of the sweep figures, in order (Figures 2–7). */
    public static final List<String> FIGURE_NAMES = List.of("fig2_nmi_ari", "fig3_entropy", "fig4_confidence",
            "fig5_nmi_vs_entropy", "fig6_relative_change", "fig7_nmi_over_entropy");


    static final int WIDTH = 900;
    static final int HEIGHT = 600;
    private static final String ETA_AXIS = "η (entropy weight; categorical axis, not to scale)";
    private static final Color NMI_COLOR = new Color(0x1f77b4);
    private static final Color ARI_COLOR = new Color(0xff7f0e);
    private static final Color H_COLOR = new Color(0x2ca02c);
    private static final Color CONF_COLOR = new Color(0x9467bd);
    private static final Color RATIO_COLOR = new Color(0xd62728);

    private SweepFigures() {
    }

    /** Writes Figures 2–7 as PNG and SVG into a folder; a figure whose metrics are absent is left out. */
    public static List<Figure> writeSweepFigures(ResultsTable table, Path outDir) {
        List<Figure> out = new ArrayList<>();
        add(out, outDir, "fig2_nmi_ari", nmiAriVsEta(table),
                "Figure 2: NMI and ARI against η (mean ± std over seeds" + (table.showsPaper() ? "; dashed: the paper's Table 2)." : ")."));
        add(out, outDir, "fig3_entropy", metricVsEta(table, "entropy", "H(γ)", "Fig. 3 — mean entropy H(γ) vs η",
                        "mean entropy H(γ) (nats)", H_COLOR, PaperTable2.Row::entropy),
                "Figure 3: mean entropy of the soft assignments H(γ), in nats, against η.");
        add(out, outDir, "fig4_confidence", metricVsEta(table, "confidence", "confidence", "Fig. 4 — confidence vs η",
                        "confidence = mean max_k γ_k (probability)", CONF_COLOR, PaperTable2.Row::confidence),
                "Figure 4: confidence (mean largest γ) against η.");
        add(out, outDir, "fig5_nmi_vs_entropy", nmiVsEntropy(table),
                "Figure 5: NMI against H(γ), one point per η (colour and label give η).");
        add(out, outDir, "fig6_relative_change", relativeChange(table),
                "Figure 6: relative change (%) of NMI and H(γ) against the reference η (η = 0 when present).");
        add(out, outDir, "fig7_nmi_over_entropy", nmiOverEntropy(table),
                "Figure 7: NMI / H(γ) against η (per-seed ratios, mean ± std).");
        return out;
    }

    private static void add(List<Figure> out, Path dir, String name, Optional<? extends Chart<?, ?>> chart,
                            String caption) {
        chart.ifPresent(c -> out.add(new Figure(name, caption, ReportFiles.writeChart(c, dir, name))));
    }

    /** Returns Figure 2: NMI and ARI against η, empty when neither metric is present. */
    public static Optional<CategoryChart> nmiAriVsEta(ResultsTable table) {
        CategoryChart chart = etaChart(table, "Fig. 2 — NMI and ARI vs η", "score (unitless, 0 to 1)");
        boolean any = false;
        List<String> methods = table.methods();
        for (String method : methods) {
            String suffix = methods.size() > 1 ? " (" + method + ")" : ", ours";
            any |= addOurs(chart, table, method, "nmi", "NMI" + suffix, NMI_COLOR);
            any |= addOurs(chart, table, method, "ari", "ARI" + suffix, ARI_COLOR);
        }
        if (!any) {
            return Optional.empty();
        }
        addPaper(chart, table, "NMI, paper Table 2", NMI_COLOR, PaperTable2.Row::nmi);
        addPaper(chart, table, "ARI, paper Table 2", ARI_COLOR, PaperTable2.Row::ari);
        return Optional.of(chart);
    }

    /**
     * Returns a chart of one metric against η (Figures 3 and 4), empty when the metric is absent.
     *
     * @param table the results
     * @param metric the metric name in results.csv
     * @param seriesLabel the metric's name in the legend
     * @param title the chart title (the methods and seed count are appended)
     * @param yAxis the y-axis title, with units
     * @param color the colour of the first method's series
     * @param paper the paper's value of a Table 2 row, or null for none
     * @return the chart, empty when no method has the metric
     */
    public static Optional<CategoryChart> metricVsEta(ResultsTable table, String metric, String seriesLabel,
                                                      String title, String yAxis, Color color,
                                                      ToDoubleFunction<PaperTable2.Row> paper) {
        CategoryChart chart = etaChart(table, title, yAxis);
        boolean any = false;
        List<String> methods = table.methods();
        for (int i = 0; i < methods.size(); i++) {
            String name = methods.size() > 1 ? methods.get(i) : seriesLabel + ", ours";
            any |= addOurs(chart, table, methods.get(i), metric, name, i == 0 ? color : Charts.categorical(i + 3));
        }
        if (!any) {
            return Optional.empty();
        }
        if (paper != null) {
            addPaper(chart, table, seriesLabel + ", paper Table 2", color, paper);
        }
        return Optional.of(chart);
    }

    /** Returns Figure 5: NMI against H(γ) with one colour-ramped, labelled point per η of the primary method. */
    public static Optional<XYChart> nmiVsEntropy(ResultsTable table) {
        Optional<String> primary = table.primaryMethod();
        if (primary.isEmpty()) {
            return Optional.empty();
        }
        String method = primary.get();
        List<BigDecimal> etas = new ArrayList<>();
        for (BigDecimal eta : table.etas(method)) {
            if (table.stat(method, eta, "nmi").n() > 0 && table.stat(method, eta, "entropy").n() > 0) {
                etas.add(eta);
            }
        }
        if (etas.isEmpty()) {
            return Optional.empty();
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Fig. 5 — NMI vs H(γ), one point per η (" + method + ", " + seedsNote(table, method)
                        + "; bars: ± std of NMI)")
                .xAxisTitle("mean entropy H(γ) (nats)").yAxisTitle("NMI (unitless, 0 to 1)").build();
        Charts.style(chart);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisDecimalPattern("0.0##").setYAxisDecimalPattern("0.0##");
        double[] hs = new double[etas.size()];
        double[] nmis = new double[etas.size()];
        for (int i = 0; i < etas.size(); i++) {
            hs[i] = table.stat(method, etas.get(i), "entropy").mean();
            nmis[i] = table.stat(method, etas.get(i), "nmi").mean();
        }
        if (etas.size() > 1) {
            XYSeries path = chart.addSeries("ours, in order of η", hs, nmis);
            path.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            path.setMarker(SeriesMarkers.NONE);
            path.setLineColor(new Color(0xaaaaaa));
            path.setLineWidth(1.5f);
        }
        if (table.showsPaper()) {           // the primary method is then ervade
            List<PaperTable2.Row> rows = PaperTable2.rows();
            double[] px = rows.stream().mapToDouble(PaperTable2.Row::entropy).toArray();
            double[] py = rows.stream().mapToDouble(PaperTable2.Row::nmi).toArray();
            XYSeries p = chart.addSeries("paper Table 2, η = 0…1", px, py);
            p.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            p.setLineStyle(SeriesLines.DASH_DASH);
            p.setLineColor(new Color(0x888888));
            p.setMarker(SeriesMarkers.DIAMOND);
            p.setMarkerColor(new Color(0x888888));
        }
        double xRange = range(hs);
        double yRange = range(nmis);
        for (int i = 0; i < etas.size(); i++) {
            double std = table.stat(method, etas.get(i), "nmi").std();
            XYSeries s = chart.addSeries("η = " + ResultsTable.etaLabel(etas.get(i)), new double[] {hs[i]},
                    new double[] {nmis[i]}, new double[] {Double.isNaN(std) ? 0.0 : std});
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            Color c = Charts.ramp(etas.size() == 1 ? 0.0 : i / (double) (etas.size() - 1));
            s.setMarkerColor(c);
            s.setLineColor(c);
            chart.addAnnotation(new AnnotationText("η=" + ResultsTable.etaLabel(etas.get(i)),
                    hs[i] + 0.03 * xRange, nmis[i] + 0.04 * yRange, false));
        }
        return Optional.of(chart);
    }

    /** Returns Figure 6: relative change (%) of NMI and H(γ) against η = 0 (or the smallest η when 0 is absent). */
    public static Optional<CategoryChart> relativeChange(ResultsTable table) {
        Optional<String> primary = table.primaryMethod();
        if (primary.isEmpty() || table.etas(primary.get()).isEmpty()) {
            return Optional.empty();
        }
        String method = primary.get();
        BigDecimal ref = table.etas(method).get(0);
        String refNote = ref.signum() == 0 ? "η = 0" : "η = " + ResultsTable.etaLabel(ref) + " (no η = 0 in sweep)";
        String refShort = "η = " + ResultsTable.etaLabel(ref);
        CategoryChart chart = etaChart(table, "Fig. 6 — relative change vs " + refNote,
                "100·(mean(η) − mean(" + refShort + ")) / mean(" + refShort + ") (%)");
        chart.getStyler().setYAxisDecimalPattern("0.#");
        boolean any = false;
        String[][] specs = {{"nmi", "NMI"}, {"entropy", "H(γ)"}};
        Color[] colors = {NMI_COLOR, H_COLOR};
        for (int s = 0; s < specs.length; s++) {
            String metric = specs[s][0];
            double base = table.stat(method, ref, metric).mean();
            if (!Double.isFinite(base) || base == 0.0) {
                continue;
            }
            List<Double> mean = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (BigDecimal eta : allEtas(table)) {
                ResultsTable.Stat st = table.stat(method, eta, metric);
                mean.add(100.0 * (st.mean() - base) / base);
                err.add(100.0 * st.std() / Math.abs(base));
            }
            any |= addSeries(chart, categories(table), specs[s][1] + ", ours", mean, err, colors[s]);
        }
        if (!any) {
            return Optional.empty();
        }
        Optional<PaperTable2.Row> paperRef = PaperTable2.row(ref);
        if (table.showsPaper() && paperRef.isPresent()) {
            double n0 = paperRef.get().nmi();
            double h0 = paperRef.get().entropy();
            addPaper(chart, table, "NMI, paper Table 2", NMI_COLOR, r -> 100.0 * (r.nmi() - n0) / n0);
            addPaper(chart, table, "H(γ), paper Table 2", H_COLOR, r -> 100.0 * (r.entropy() - h0) / h0);
        }
        return Optional.of(chart);
    }

    /** Returns Figure 7: NMI / H(γ) against η, the ratio computed per seed and then averaged. */
    public static Optional<CategoryChart> nmiOverEntropy(ResultsTable table) {
        CategoryChart chart = etaChart(table, "Fig. 7 — NMI / H(γ) vs η, ratio per seed",
                "NMI / H(γ) (1/nat)");
        boolean any = false;
        List<String> methods = table.methods();
        for (int i = 0; i < methods.size(); i++) {
            String method = methods.get(i);
            List<Double> mean = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (BigDecimal eta : allEtas(table)) {
                ResultsTable.Stat st = ratioStat(table, method, eta);
                mean.add(st.mean());
                err.add(st.std());
            }
            any |= addSeries(chart, categories(table), methods.size() > 1 ? method : "NMI / H(γ), ours", mean, err,
                    i == 0 ? RATIO_COLOR : Charts.categorical(i + 3));
        }
        if (!any) {
            return Optional.empty();
        }
        addPaper(chart, table, "NMI / H(γ), paper Table 2", RATIO_COLOR, r -> r.nmi() / r.entropy());
        return Optional.of(chart);
    }

    /** Returns mean ± std over seeds of NMI_s / H_s for the seeds that have both and H_s &gt; 0. */
    public static ResultsTable.Stat ratioStat(ResultsTable table, String method, BigDecimal eta) {
        SortedMap<Long, Double> nmi = table.perSeed(method, eta, "nmi");
        SortedMap<Long, Double> h = table.perSeed(method, eta, "entropy");
        List<Double> ratios = new ArrayList<>();
        for (Map.Entry<Long, Double> e : nmi.entrySet()) {
            Double hv = h.get(e.getKey());
            if (hv != null && hv > 0.0) {
                ratios.add(e.getValue() / hv);
            }
        }
        return ResultsTable.Stat.of(ratios);
    }

    // ---------------------------------------------------------------------------------------------

    private static CategoryChart etaChart(ResultsTable table, String title, String yAxis) {
        Optional<String> primary = table.primaryMethod();
        String fullTitle = title + (primary.isPresent() ? " (" + String.join(", ", table.methods()) + "; "
                + seedsNote(table, primary.get()) + ", bars ± 1 std)" : "");
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(fullTitle)
                .xAxisTitle(ETA_AXIS).yAxisTitle(yAxis).build();
        Charts.style(chart);
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setYAxisDecimalPattern("0.0##");
        chart.getStyler().setMarkerSize(9);
        return chart;
    }

    /** Returns "n = 3 seeds" or "n = 2–3 seeds" for a method. */
    static String seedsNote(ResultsTable table, String method) {
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (BigDecimal eta : table.etas(method)) {
            int s = table.seeds(method, eta);
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        if (max == 0) {
            return "no seeds";
        }
        String n = min == max ? Integer.toString(max) : min + "–" + max;
        return "n = " + n + (max == 1 ? " seed" : " seeds");
    }

    /** Returns the union of the η values of all methods, ascending (the categories of the η charts). */
    private static List<BigDecimal> allEtas(ResultsTable table) {
        Set<BigDecimal> s = new TreeSet<>();
        for (String m : table.methods()) {
            s.addAll(table.etas(m));
        }
        return new ArrayList<>(s);
    }

    private static List<String> categories(ResultsTable table) {
        return allEtas(table).stream().map(ResultsTable::etaLabel).toList();
    }

    private static boolean addOurs(CategoryChart chart, ResultsTable table, String method, String metric,
                                   String name, Color color) {
        List<Double> mean = new ArrayList<>();
        List<Double> err = new ArrayList<>();
        for (BigDecimal eta : allEtas(table)) {
            ResultsTable.Stat st = table.stat(method, eta, metric);
            mean.add(st.mean());
            err.add(st.std());
        }
        return addSeries(chart, categories(table), name, mean, err, color);
    }

    /** Adds a solid series with error bars; missing means become gaps (and then XChart draws no error bars). */
    private static boolean addSeries(CategoryChart chart, List<String> cats, String name, List<Double> mean,
                                     List<Double> err, Color color) {
        boolean anyValue = mean.stream().anyMatch(Double::isFinite);
        if (!anyValue) {
            return false;
        }
        boolean complete = mean.stream().allMatch(Double::isFinite);
        CategorySeries s;
        if (complete) {
            List<Double> e = err.stream().map(v -> Double.isFinite(v) ? v : 0.0).toList();
            s = chart.addSeries(name, cats, mean, e);
        } else {
            List<Double> y = mean.stream().map(v -> Double.isFinite(v) ? v : null).toList();
            s = chart.addSeries(name, cats, y);
        }
        s.setLineColor(color);
        s.setMarkerColor(color);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineWidth(2.2f);
        return true;
    }

    private static void addPaper(CategoryChart chart, ResultsTable table, String name, Color color,
                                 ToDoubleFunction<PaperTable2.Row> value) {
        if (!table.showsPaper()) {
            return;
        }
        List<Double> y = new ArrayList<>();
        boolean any = false;
        for (BigDecimal eta : allEtas(table)) {
            Optional<PaperTable2.Row> r = PaperTable2.row(eta);
            y.add(r.map(value::applyAsDouble).orElse(null));
            any |= r.isPresent();
        }
        if (!any) {
            return;
        }
        CategorySeries s = chart.addSeries(name, categories(table), y);
        s.setLineColor(color.darker());
        s.setMarkerColor(color.darker());
        s.setMarker(SeriesMarkers.DIAMOND);
        s.setLineStyle(SeriesLines.DASH_DASH);
        s.setLineWidth(1.5f);
    }

    private static double range(double[] v) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        double r = max - min;
        return r > 0 ? r : Math.max(Math.abs(max), 1e-3);
    }
}
