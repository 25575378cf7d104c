package org.softcluster.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.softcluster.metrics.Reliability;
import org.softcluster.metrics.SoftMetrics;

/**
 * One run's figures from its soft assignments, drawn with XChart: the reliability diagram of max γ (with labels) —
 * of γ as used and, when {@code --softness auto} softened it, of γ as trained beside it — or, without labels, the
 * histogram of the label-free reliability estimate, and the histogram of per-object entropy; written as PNG and SVG
 * by {@link #writeRunFigures}.
 */
public final class RunFigures {
    /** Number of histogram bins on [0, ln K] of the per-object entropy histogram. */
    public static final int ENTROPY_BINS = 30;
    /** Number of histogram bins on [0, 1] of the reliability-estimate histogram. */
    public static final int RELIABILITY_BINS = 20;

    private static final int WIDTH = SweepFigures.WIDTH;
    private static final int HEIGHT = SweepFigures.HEIGHT;

    private RunFigures() {
    }

    /**
     * Returns a reliability diagram of max γ: per-bin matched accuracy as bars, the share of objects per bin,
     * the diagonal of perfect calibration and (mean confidence, accuracy) per non-empty bin; ECE in the title.
     *
     * @param truth the true label of every object
     * @param proba the soft assignments (rows summing to one)
     * @param what the run description for the title (for example "η = 0.05, seed 0 (smallest of 3 seeds)")
     * @return the chart
     */
    public static XYChart reliabilityDiagram(int[] truth, double[][] proba, String what) {
        SoftMetrics.Calibration cal = SoftMetrics.calibration(truth, proba);
        return reliabilityDiagram(truth, proba, cal, String.format(Locale.ROOT, "Reliability of max γ — %s — ECE = %.4f (%d bins, N = %d)",
                what, cal.ece(), SoftMetrics.ECE_BINS, proba.length));
    }

    /** The reliability diagram of γ {@code as} (as used, as trained) under a shorter title: one of a pair. */
    private static XYChart reliabilityDiagram(int[] truth, double[][] proba, String as, String what) {
        SoftMetrics.Calibration cal = SoftMetrics.calibration(truth, proba);
        return reliabilityDiagram(truth, proba, cal, String.format(Locale.ROOT, "max γ %s — %s — ECE = %.4f", as, what, cal.ece()));
    }

    private static XYChart reliabilityDiagram(int[] truth, double[][] proba, SoftMetrics.Calibration cal, String title) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title)
                .xAxisTitle("confidence = max_k γ_k (probability)")
                .yAxisTitle("accuracy (Hungarian-matched) / share of objects").build();
        Charts.style(chart);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setXAxisDecimalPattern("0.0#").setYAxisDecimalPattern("0.0#");
        List<Double> bx = new ArrayList<>();
        List<Double> by = new ArrayList<>();
        List<Double> sx = new ArrayList<>();
        List<Double> sy = new ArrayList<>();
        List<Double> px = new ArrayList<>();
        List<Double> py = new ArrayList<>();
        bx.add(0.0);
        by.add(0.0);
        sx.add(0.0);
        sy.add(0.0);
        for (SoftMetrics.Bin b : cal.bins()) {
            double acc = b.count() == 0 ? 0.0 : b.accuracy();
            double share = (double) b.count() / proba.length;
            bx.add(b.lower());
            by.add(acc);
            bx.add(b.upper());
            by.add(acc);
            sx.add(b.lower());
            sy.add(share);
            sx.add(b.upper());
            sy.add(share);
            if (b.count() > 0) {
                px.add(b.meanConfidence());
                py.add(b.accuracy());
            }
        }
        bx.add(1.0);
        by.add(0.0);
        XYSeries bars = chart.addSeries("accuracy per bin (matched correct)", bx, by);
        bars.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        bars.setMarker(SeriesMarkers.NONE);
        bars.setFillColor(new Color(31, 119, 180, 110));
        bars.setLineColor(new Color(0x1f77b4));
        XYSeries share = chart.addSeries("share of objects in bin", sx, sy);
        share.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        share.setMarker(SeriesMarkers.NONE);
        share.setLineColor(new Color(0x7f7f7f));
        share.setLineStyle(new BasicStroke(1.5f));
        XYSeries diag = chart.addSeries("perfect calibration (accuracy = confidence)", new double[] {0, 1},
                new double[] {0, 1});
        diag.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        diag.setMarker(SeriesMarkers.NONE);
        diag.setLineColor(Color.BLACK);
        diag.setLineStyle(SeriesLines.DASH_DASH);
        if (!px.isEmpty()) {
            XYSeries pts = chart.addSeries("(mean confidence, accuracy) of a bin", px, py);
            pts.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            pts.setMarker(SeriesMarkers.CIRCLE);
            pts.setMarkerColor(new Color(0xd62728));
        }
        return chart;
    }

    /**
     * Returns a histogram of per-object entropy H(γ_i) on [0, ln K] with ln K (uniform γ) and the mean marked.
     *
     * @param entropy the entropy of every object in nats
     * @param k the number of clusters K
     * @param what the run description for the title
     * @return the chart
     */
    public static XYChart entropyHistogram(double[] entropy, int k, String what) {
        double lnK = Math.log(Math.max(k, 2));
        int[] counts = new int[ENTROPY_BINS];
        double sum = 0.0;
        for (double h : entropy) {
            int b = (int) Math.floor(h / lnK * ENTROPY_BINS);
            counts[Math.max(0, Math.min(ENTROPY_BINS - 1, b))]++;
            sum += h;
        }
        double mean = sum / entropy.length;
        int max = 1;
        for (int c : counts) {
            max = Math.max(max, c);
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(String.format(Locale.ROOT, "Per-object entropy H(γ) — %s — N = %d, K = %d", what,
                        entropy.length, k))
                .xAxisTitle("entropy H(γ_i) of one object (nats)").yAxisTitle("number of objects").build();
        Charts.style(chart);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(lnK * 1.04).setYAxisMin(0.0).setYAxisMax(max * 1.12);
        chart.getStyler().setXAxisDecimalPattern("0.0#").setYAxisDecimalPattern("#,##0");
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        x.add(0.0);
        y.add(0.0);
        for (int b = 0; b < ENTROPY_BINS; b++) {
            double lo = lnK * b / ENTROPY_BINS;
            double hi = lnK * (b + 1) / ENTROPY_BINS;
            x.add(lo);
            y.add((double) counts[b]);
            x.add(hi);
            y.add((double) counts[b]);
        }
        x.add(lnK);
        y.add(0.0);
        area(chart, String.format(Locale.ROOT, "objects per bin (%d bins of %.3f nats)",
                ENTROPY_BINS, lnK / ENTROPY_BINS), x, y, new Color(44, 160, 44, 120), new Color(0x2ca02c));
        verticalLine(chart, String.format(Locale.ROOT, "ln K = %.3f nats (uniform γ, maximum)", lnK),
                lnK, max * 1.12, new Color(0xd62728), new BasicStroke(2.5f));
        verticalLine(chart, String.format(Locale.ROOT, "mean H(γ) = %.3f nats", mean),
                mean, max * 1.12, Color.BLACK, SeriesLines.DASH_DASH);
        return chart;
    }

    /**
     * Returns a histogram of the per-object reliability estimate on [0, 1] (a run without labels: what stands in for
     * the accuracy a reliability diagram would need), with its mean and the mean confidence max γ marked.
     *
     * @param reliability each object's estimate
     * @param proba the soft assignments in the same order
     * @param what the run description for the title
     * @return the chart
     */
    public static XYChart reliabilityHistogram(double[] reliability, double[][] proba, String what) {
        int[] counts = new int[RELIABILITY_BINS];
        double sum = 0.0;
        for (double r : reliability) {
            // the estimates are often multiples of 1/10 (neighbour shares): a small nudge keeps them off the lower edge's rounding
            int b = (int) Math.floor(r * RELIABILITY_BINS + 1e-9);
            counts[Math.max(0, Math.min(RELIABILITY_BINS - 1, b))]++;
            sum += r;
        }
        double mean = sum / reliability.length;
        double confidence = SoftMetrics.confidence(proba);
        int max = 1;
        for (int c : counts) {
            max = Math.max(max, c);
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(String.format(Locale.ROOT, "Reliability estimate (no labels) — %s — N = %d", what, reliability.length))
                .xAxisTitle("reliability estimate = min(γ* of the cluster, agreement of 10 nearest training codes)")
                .yAxisTitle("number of objects").build();
        Charts.style(chart);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(max * 1.12);
        chart.getStyler().setXAxisDecimalPattern("0.0#").setYAxisDecimalPattern("#,##0");
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        x.add(0.0);
        y.add(0.0);
        for (int b = 0; b < RELIABILITY_BINS; b++) {
            x.add((double) b / RELIABILITY_BINS);
            y.add((double) counts[b]);
            x.add((double) (b + 1) / RELIABILITY_BINS);
            y.add((double) counts[b]);
        }
        x.add(1.0);
        y.add(0.0);
        area(chart, String.format(Locale.ROOT, "objects per bin (%d bins of %.2f)", RELIABILITY_BINS,
                1.0 / RELIABILITY_BINS), x, y, new Color(148, 103, 189, 120), new Color(0x9467bd));
        verticalLine(chart, String.format(Locale.ROOT, "mean estimate = %.3f", mean),
                mean, max * 1.12, Color.BLACK, SeriesLines.DASH_DASH);
        verticalLine(chart, String.format(Locale.ROOT, "mean confidence max γ = %.3f", confidence),
                confidence, max * 1.12, new Color(0xd62728), new BasicStroke(2.0f));
        return chart;
    }

    /**
     * Writes the reliability diagram (when labels are given) and the entropy histogram of one run as PNG and SVG.
     *
     * @param assignments the run's soft assignments
     * @param labels the true labels in the same row order, or null when the run has none
     * @param what the run description for the titles
     * @param tag a file-name-safe run tag such as {@code eta0.05_seed0}
     * @param outDir the folder to write into
     * @return the figures written (reliability first when present)
     */
    public static List<Figure> writeRunFigures(SweepRun.Assignments assignments, int[] labels, String what,
                                               String tag, Path outDir) {
        return writeRunFigures(assignments, labels, 1.0, null, what, tag, outDir);
    }

    /**
     * Writes one run's figures as PNG and SVG: with labels, the reliability diagram of γ as used and, when the run's
     * softness calibration τ is not 1, of γ as trained (τ = 1: γ as used raised to the power τ and renormalised,
     * {@link Reliability#temper} by 1/τ) beside it, each caption with its ECE; without labels, the histogram of the
     * reliability estimate when there is one; then the entropy histogram.
     *
     * @param assignments the run's soft assignments (γ as used)
     * @param labels the true labels in the same row order, or null when the run has none
     * @param calibration the factor τ ≥ 1 {@code --softness auto} put on γ's temperature (1 for none)
     * @param reliability each object's reliability estimate in the same row order, or null
     * @param what the run description for the titles
     * @param tag a file-name-safe run tag such as {@code eta0.05_seed0}
     * @param outDir the folder to write into
     * @return the figures written (the reliability figures first)
     */
    public static List<Figure> writeRunFigures(SweepRun.Assignments assignments, int[] labels, double calibration,
                                               double[] reliability, String what, String tag, Path outDir) {
        List<Figure> out = new ArrayList<>();
        double[][] used = assignments.proba();
        boolean softened = calibration != 1.0;
        if (labels != null) {
            String name = "reliability_" + tag;
            String as = String.format(Locale.ROOT, "as used (τ = %.3f)", calibration);
            out.add(new Figure(name, String.format(Locale.ROOT, "Reliability diagram of max γ%s, %s; ECE = %.4f.",
                    softened ? String.format(Locale.ROOT, " as used (temperature × τ = %.3f)", calibration) : "", what,
                    SoftMetrics.ece(labels, used)), ReportFiles.writeChart(softened ? reliabilityDiagram(labels, used, as, what)
                    : reliabilityDiagram(labels, used, what), outDir, name)));
            if (softened) {
                double[][] trained = Reliability.temper(used, 1 / calibration);
                String trainedName = "reliability_trained_" + tag;
                out.add(new Figure(trainedName, String.format(Locale.ROOT, "Reliability diagram of max γ as trained (τ = 1,"
                        + " before --softness auto), %s; ECE = %.4f.", what, SoftMetrics.ece(labels, trained)),
                        ReportFiles.writeChart(reliabilityDiagram(labels, trained, "as trained (τ = 1)", what), outDir, trainedName)));
            }
        } else if (reliability != null && reliability.length == used.length) {
            String name = "reliability_estimate_" + tag;
            out.add(new Figure(name, String.format(Locale.ROOT, "No labels, so no reliability diagram: the distribution of the"
                    + " label-free reliability estimate instead (mean %.4f; mean confidence max γ %.4f), %s.",
                    Arrays.stream(reliability).average().orElse(Double.NaN), SoftMetrics.confidence(used), what),
                    ReportFiles.writeChart(reliabilityHistogram(reliability, used, what), outDir, name)));
        }
        String name = "entropy_hist_" + tag;
        out.add(new Figure(name, "Histogram of per-object entropy H(γ), " + what + ".", ReportFiles.writeChart(
                entropyHistogram(assignments.entropy(), assignments.k(), what), outDir, name)));
        return out;
    }

    /** A vertical line at {@code x} from 0 to {@code top}, labelled in the legend. */
    private static void verticalLine(XYChart chart, String label, double x, double top, Color color, BasicStroke stroke) {
        XYSeries line = chart.addSeries(label, new double[] {x, x}, new double[] {0, top});
        line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(color);
        line.setLineStyle(stroke);
    }

    /** A filled histogram outline (the x, y steps of its bins), labelled in the legend. */
    private static void area(XYChart chart, String label, List<Double> x, List<Double> y, Color fill, Color line) {
        XYSeries hist = chart.addSeries(label, x, y);
        hist.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        hist.setMarker(SeriesMarkers.NONE);
        hist.setFillColor(fill);
        hist.setLineColor(line);
    }
}
