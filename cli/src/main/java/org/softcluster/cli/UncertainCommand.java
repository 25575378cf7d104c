package org.softcluster.cli;

import org.softcluster.data.Dataset;
import org.softcluster.neural.NeuralModel;
import org.softcluster.io.CsvTable;
import org.softcluster.report.ImageGrid;
import org.softcluster.report.Uncertainty;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code softcluster uncertain}: the objects with the highest assignment entropy (boundary objects) or the lowest reliability estimate. */
@Command(name = "uncertain", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Rank objects by the entropy of their soft assignment (or by the lowest reliability estimate of their cluster);",
                "write uncertain.csv (top-2 clusters) and, for images, uncertain.png."})
final class UncertainCommand implements Callable<Integer> {
    @Mixin ModelInput input;
    @Option(names = "--top", defaultValue = "50", paramLabel = "N", description = "How many objects.")
    int top;
    @Option(names = "--by", defaultValue = "entropy", paramLabel = "entropy|reliability",
            description = {"Rank by the highest entropy H(γ), or by the lowest reliability estimate: min(γ* of the cluster,",
                    "share of the 10 nearest training codes kept with the model in the cluster)."})
    String by;
    @Mixin CommonOptions.OutputDir output;

    /** What the objects are ranked by. */
    enum Ranking {
        ENTROPY, RELIABILITY;

        /** The ranking a {@code --by} word names (one-line error, exit 2, for another word). */
        static Ranking parse(String word) {
            for (Ranking r : values()) if (r.name().equalsIgnoreCase(word)) return r;
            throw CliException.input("--by must be entropy or reliability, got '" + word + "'");
        }
    }

    @Override
    public Integer call() throws Exception {
        if (top < 1) throw CliException.input("--top must be >= 1, got " + top);
        Ranking ranking = Ranking.parse(by);
        Path out = output.writable();
        try (NeuralModel model = input.model()) {
            if (ranking == Ranking.RELIABILITY) input.requireReferences(model, "--by reliability");
            Dataset d = input.dataFor(model);
            double[][] p = model.predictProba(d);
            double[] reliability = ranking == Ranking.RELIABILITY ? model.reliability(d, org.softcluster.io.AssignmentsCsv.clusters(p)) : null;
            int written = write(p, reliability, d, top, out);
            System.out.println("wrote the " + written + (reliability == null ? " most uncertain" : " least reliable") + " objects to " + out);
        }
        return 0;
    }

    /** Writes uncertain.csv (and uncertain.png for images) for the {@code top} highest-entropy objects; returns how many. */
    static int write(double[][] p, Dataset d, int top, Path out) throws java.io.IOException {
        return write(p, null, d, top, out);
    }

    /**
     * Writes uncertain.csv (and uncertain.png for images) for the {@code top} highest-entropy objects or, when
     * {@code reliability} is given, the {@code top} objects with the lowest reliability estimate (a column of the file);
     * returns how many.
     */
    static int write(double[][] p, double[] reliability, Dataset d, int top, Path out) throws java.io.IOException {
        List<Uncertainty.Entry> ranked = reliability == null ? Uncertainty.mostUncertain(p, top) : Uncertainty.leastReliable(p, reliability, top);
        List<Map<String, Object>> rows = new ArrayList<>();
        List<float[]> images = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (int r = 0; r < ranked.size(); r++) {
            Uncertainty.Entry e = ranked.get(r);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("rank", r + 1);
            row.put("id", d.id(e.index()));
            if (reliability != null) row.put("reliability", reliability[e.index()]);
            row.put("entropy", e.entropy());
            row.put("top1", e.top1());
            row.put("p_top1", e.p1());
            row.put("top2", e.top2());
            row.put("p_top2", e.p2());
            if (d.hasLabels()) row.put("label", d.labels()[e.index()]);
            rows.add(row);
            if (d.isImage()) {
                images.add(d.row(e.index()));
                String head = reliability == null ? String.format(Locale.ROOT, "H=%.2f", e.entropy())
                        : String.format(Locale.ROOT, "R=%.2f", reliability[e.index()]);
                captions.add(String.format(Locale.ROOT, "%s\n%d:%.2f %d:%.2f", head, e.top1(), e.p1(), e.top2(), e.p2()));
            }
        }
        CsvTable.write(out.resolve("uncertain.csv"), rows);
        if (d.isImage()) {
            int[] s = d.imageShape();
            ImageGrid.writePng(out.resolve("uncertain.png"), images, captions, s[0], s[1], 10, 3);
        }
        return ranked.size();
    }
}
