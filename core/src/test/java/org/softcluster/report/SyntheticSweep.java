package org.softcluster.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;
import org.softcluster.metrics.MetricReport;

/** Test fixture: writes a small synthetic sweep folder in the layout the {@code sweep} command produces. */
final class SyntheticSweep {

    /** NMI values written to results.csv for (η index, seed index), so aggregation can be checked by hand. */
    static final double[][] NMI = {{0.30, 0.34}, {0.50, 0.56}};

    private SyntheticSweep() {
    }

    /**
     * Writes sweep.json, results.csv and runs/eta=E/seed=S/ with assignments, labels, latent codes, JSON files
     * and a prototypes.png (and uncertain.png for the first η only).
     *
     * @param dir the sweep folder
     * @param etas the η labels, as the sweep formats them
     * @param seeds the seeds
     * @param n objects per run
     * @param k clusters
     * @param d latent dimension
     */
    static void write(Path dir, List<String> etas, List<Long> seeds, int n, int k, int d) throws IOException {
        write(dir, etas, seeds, n, k, d, "mnist");
    }

    /** As {@link #write(Path, List, List, int, int, int)}, recording the data kind (mnist, table) in sweep.json. */
    static void write(Path dir, List<String> etas, List<Long> seeds, int n, int k, int d, String kind) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("sweep.json"), "{\"preset\":\"synthetic\",\"etas\":[" + String.join(",", etas)
                + "],\"seeds\":" + seeds + ",\"shared_pretraining\":true,\"data\":{\"path\":\"synthetic\",\"kind\":\"" + kind
                + "\"}}");
        StringBuilder results = new StringBuilder("method,eta,seed,metric,value\n");
        for (int e = 0; e < etas.size(); e++) {
            for (int s = 0; s < seeds.size(); s++) {
                long seed = seeds.get(s);
                Path run = dir.resolve("runs/eta=" + etas.get(e) + "/seed=" + seed);
                Files.createDirectories(run);
                Random rng = new Random(1000L * e + seed);
                int[] labels = new int[n];
                double[][] proba = new double[n][k];
                double[][] z = new double[n][d];
                double softness = 0.6 + 0.2 * e;
                for (int i = 0; i < n; i++) {
                    labels[i] = i % k;
                    int c = rng.nextDouble() < 0.8 ? (labels[i] + 1) % k : rng.nextInt(k);
                    double sum = 0.0;
                    for (int j = 0; j < k; j++) {
                        double logit = (j == c ? 3.0 : 0.0) / softness + 0.8 * rng.nextGaussian();
                        proba[i][j] = Math.exp(logit);
                        sum += proba[i][j];
                    }
                    for (int j = 0; j < k; j++) {
                        proba[i][j] /= sum;
                    }
                    for (int j = 0; j < d; j++) {
                        z[i][j] = (j % k == labels[i] ? 4.0 : 0.0) + rng.nextGaussian();
                    }
                }
                writeRun(run, proba, labels, z, e == 0);
                MetricReport m = MetricReport.of(labels, proba);
                String eta = etas.get(e);
                row(results, eta, seed, "nmi", e < NMI.length && s < 2 ? NMI[e][s] : m.nmi());
                row(results, eta, seed, "ari", m.ari());
                row(results, eta, seed, "acc", m.acc());
                row(results, eta, seed, "entropy", m.entropy());
                row(results, eta, seed, "confidence", m.confidence());
                row(results, eta, seed, "ece", m.ece());
                row(results, eta, seed, "brier", m.brier());
                row(results, eta, seed, "clusters_used", k);
                row(results, eta, seed, "epochs_run", 15);
                row(results, eta, seed, "best_epoch", 12 + s);
                row(results, eta, seed, "seconds", 10.0 + e + s);
            }
        }
        Files.writeString(dir.resolve("results.csv"), results.toString());
    }

    private static void row(StringBuilder sb, String eta, long seed, String metric, double value) {
        sb.append("ervade,").append(eta).append(',').append(seed).append(',').append(metric).append(',')
                .append(value).append('\n');
    }

    private static void writeRun(Path run, double[][] proba, int[] labels, double[][] z, boolean uncertain)
            throws IOException {
        int k = proba[0].length;
        StringBuilder a = new StringBuilder("id,cluster");
        for (int j = 0; j < k; j++) {
            a.append(",p_").append(j);
        }
        a.append(",entropy,confidence\n");
        StringBuilder l = new StringBuilder("label\n");
        for (int i = 0; i < proba.length; i++) {
            int best = 0;
            double h = 0.0;
            for (int j = 0; j < k; j++) {
                if (proba[i][j] > proba[i][best]) {
                    best = j;
                }
                h -= proba[i][j] * Math.log(proba[i][j]);
            }
            a.append(i).append(',').append(best);
            for (int j = 0; j < k; j++) {
                a.append(',').append(String.format(Locale.ROOT, "%.6f", proba[i][j]));
            }
            a.append(String.format(Locale.ROOT, ",%.6f,%.6f%n", h, proba[i][best]));
            l.append(labels[i]).append('\n');
        }
        Files.writeString(run.resolve("assignments.csv"), a.toString());
        Files.writeString(run.resolve("labels.csv"), l.toString());
        StringBuilder zc = new StringBuilder();
        List<String> names = new ArrayList<>();
        for (int j = 0; j < z[0].length; j++) {
            names.add("z_" + j);
        }
        zc.append(String.join(",", names)).append('\n');
        for (double[] row : z) {
            for (int j = 0; j < row.length; j++) {
                zc.append(j == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.5f", row[j]));
            }
            zc.append('\n');
        }
        Files.writeString(run.resolve("latent.csv"), zc.toString());
        Files.writeString(run.resolve("config.json"), "{\"eta\": 0.05, \"k\": " + k + ", \"latent_dim\": "
                + z[0].length + ", \"note\": \"<synthetic & test>\"}");
        Files.writeString(run.resolve("provenance.json"), "{\"git\":\"abc123\",\"java\":\"17\"}");
        Files.writeString(run.resolve("metrics.json"), "{\"nmi\":0.5}");
        Files.writeString(run.resolve("train_log.csv"), "epoch,loss\n1,0.5\n");
        image(run.resolve("prototypes.png"), Color.DARK_GRAY);
        if (uncertain) {
            image(run.resolve("uncertain.png"), new Color(0x884400));
        }
    }

    /** Writes a small two-colour PNG (a square on a background). */
    static void image(Path file, Color fg) {
        BufferedImage img = new BufferedImage(56, 28, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 56, 28);
        g.setColor(fg);
        g.fillRect(4, 4, 20, 20);
        g.fillOval(32, 4, 20, 20);
        g.dispose();
        try {
            ImageIO.write(img, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
