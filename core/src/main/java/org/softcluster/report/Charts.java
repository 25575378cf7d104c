package org.softcluster.report;

import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.internal.chartpart.Chart;

/** Package-private chart styling shared by the report's figures: fonts, colours and a colour ramp. */
final class Charts {

    /** The ten "tab10" colours of matplotlib, for clusters and series. */
    private static final Color[] TAB10 = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)
    };

    /** Anchor colours of the viridis ramp (t = 0, 0.25, 0.5, 0.75, 1). */
    private static final Color[] VIRIDIS = {
        new Color(0x440154), new Color(0x3b528b), new Color(0x21918c), new Color(0x5ec962), new Color(0xfde725)
    };

    private Charts() {
    }

    /** Applies the report's common style to an axes chart: white background, readable fonts, legend inside. */
    static void style(Chart<? extends AxesChartStyler, ?> chart) {
        AxesChartStyler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(Color.GRAY);
        s.setPlotGridLinesColor(new Color(0xdddddd));
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setLegendBackgroundColor(new Color(255, 255, 255, 220));
        s.setSeriesColors(TAB10);
        s.setAntiAlias(true);
        s.setChartTitleBoxVisible(false);
        s.setErrorBarsColorSeriesColor(true);
    }

    /** Returns the colour of category {@code i} (tab10, then golden-angle hues beyond ten). */
    static Color categorical(int i) {
        if (i >= 0 && i < TAB10.length) {
            return TAB10[i];
        }
        float hue = (float) ((i * 0.618033988749895) % 1.0);
        return Color.getHSBColor(hue, 0.65f, 0.85f);
    }

    /** Returns the viridis colour at {@code t} in [0, 1] (dark purple at 0, yellow at 1), linearly interpolated. */
    static Color ramp(double t) {
        double c = Math.max(0.0, Math.min(1.0, Double.isNaN(t) ? 0.0 : t)) * (VIRIDIS.length - 1);
        int i = Math.min(VIRIDIS.length - 2, (int) Math.floor(c));
        double f = c - i;
        Color a = VIRIDIS[i];
        Color b = VIRIDIS[i + 1];
        return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }
}
