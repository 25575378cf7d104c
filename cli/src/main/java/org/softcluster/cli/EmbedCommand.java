package org.softcluster.cli;

import org.softcluster.data.Dataset;
import org.softcluster.embedding.Embedding;
import org.softcluster.io.AtomicFiles;
import org.softcluster.neural.NeuralModel;
import org.softcluster.report.EmbeddingPlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code softcluster embed}: a t-SNE or UMAP map of one model's latent codes, coloured by argmax γ. */
@Command(name = "embed", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Map the latent codes z of data under a trained model to 2-D (t-SNE or UMAP) and plot them coloured by argmax gamma.")
final class EmbedCommand implements Callable<Integer> {
    @Mixin ModelInput input;
    @Option(names = "--method", defaultValue = "tsne", paramLabel = "tsne|umap", description = "Map method.")
    String method;
    @Option(names = "--max-points", defaultValue = "2000", paramLabel = "N", description = "Seeded subsample size.")
    int maxPoints;
    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed of the map and subsample.")
    long seed;
    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "Output PNG.")
    Path out;

    @Override
    public Integer call() throws Exception {
        String m = method.toLowerCase(Locale.ROOT);
        if (!m.equals("tsne") && !m.equals("umap")) throw CliException.input("--method must be tsne or umap, got '" + method + "'");
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) throw CliException.input("--out must end in .png: " + out);
        if (maxPoints < 4) throw CliException.input("--max-points must be >= 4, got " + maxPoints);
        AtomicFiles.checkWritable(out);
        try (NeuralModel model = input.model()) {
            Dataset d = input.dataFor(model);
            int[] rows = Embedding.subsample(d.size(), maxPoints, seed);
            Dataset sample = d.subset(rows);
            double[][] z = model.transform(sample);
            double[][] gamma = model.predictProba(sample);
            Embedding.Result map = m.equals("tsne") ? Embedding.tsne(z, seed, Embedding.DEFAULT_PERPLEXITY,
                    Embedding.DEFAULT_TSNE_ITERATIONS, maxPoints) : Embedding.umap(z, seed, Embedding.DEFAULT_UMAP_NEIGHBORS, maxPoints);
            int[] clusters = new int[map.index().length];
            for (int i = 0; i < clusters.length; i++) {
                double[] g = gamma[map.index()[i]];
                int best = 0;
                for (int k = 1; k < g.length; k++) if (g[k] > g[best]) best = k;
                clusters[i] = best;
            }
            String title = String.format(Locale.ROOT, "%s of z (%d of %d objects), colour = argmax gamma", m.equals("tsne") ? "t-SNE" : "UMAP",
                    map.index().length, d.size());
            EmbeddingPlot.writeScatter(map, clusters, title, out);
            System.out.println("wrote " + out);
        }
        return 0;
    }
}
