package org.softcluster.report;

import java.awt.Color;
import java.awt.Font;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.softcluster.embedding.Embedding;

/** Scatter plots of a 2-D map from {@link Embedding}, one colour per cluster, in the report's chart style. */
public final class EmbeddingPlot {

    private EmbeddingPlot() {
    }

    /**
     * Builds a scatter plot of a map with one colour per cluster and a legend.
     *
     * @param map the 2-D map
     * @param clusters the cluster of every input row (indexed like the input of the map)
     * @param title the chart title; the caller states the subsample size in it
     * @return the chart
     */
    public static XYChart scatter(Embedding.Result map, int[] clusters, String title) {
        XYChart chart = new XYChartBuilder().width(900).height(720).title(title)
                .xAxisTitle(map.method().display() + " dimension 1 (arbitrary units)")
                .yAxisTitle(map.method().display() + " dimension 2 (arbitrary units)").build();
        Charts.style(chart);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int maxCluster = 0;
        for (int i : map.index()) {
            maxCluster = Math.max(maxCluster, clusters[i]);
        }
        List<List<Integer>> members = new ArrayList<>();
        for (int c = 0; c <= maxCluster; c++) {
            members.add(new ArrayList<>());
        }
        for (int p = 0; p < map.size(); p++) {
            members.get(clusters[map.index()[p]]).add(p);
        }
        for (int c = 0; c <= maxCluster; c++) {
            List<Integer> m = members.get(c);
            if (m.isEmpty()) {
                continue;
            }
            double[] xs = new double[m.size()];
            double[] ys = new double[m.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = map.coordinates()[m.get(i)][0];
                ys[i] = map.coordinates()[m.get(i)][1];
            }
            XYSeries s = chart.addSeries("argmax γ = " + c + " (n = " + m.size() + ")", xs, ys);
            s.setMarker(SeriesMarkers.CIRCLE);
            Color col = Charts.categorical(c);
            s.setMarkerColor(new Color(col.getRed(), col.getGreen(), col.getBlue(), 170));
        }
        return chart;
    }

    /** Writes the scatter plot of a map as a PNG (atomically) and returns its path. */
    public static Path writeScatter(Embedding.Result map, int[] clusters, String title, Path png) {
        return ReportFiles.writePng(scatter(map, clusters, title), png);
    }
}
