import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.softcluster.cluster.GaussianMixture;
import org.softcluster.cluster.GmmConfig;
import org.softcluster.data.Dataset;
import org.softcluster.data.Mnist;
import org.softcluster.embedding.Embedding;
import org.softcluster.metrics.Nmi;
import org.softcluster.neural.vade.VadeModel;

/**
 * Issue 30's check of our UMAP against Smile 2.6's on MNIST codes: the codes μ of a trained model's encoder on the
 * 60 000 training images, the 10 000 the UMAP start maps (Embedding.subsample, seed 0, as MixtureStart draws them),
 * 7 maps each way as the strong preset makes them (layout seeds 0..6; Smile's one after another on the calling
 * thread, as the old MixtureStart ran them; ours sharing one graph, laid out 2 at a time), then a diagonal GMM (10
 * restarts) on each map as the start does. Prints per map: seconds, NMI of the map's GMM partition to the labels,
 * and the mean NMI between maps (their agreement); and whether a repeated map is identical.
 * Usage (bench/umap/run.sh): java ... UmapVsSmile MODEL_DIR MNIST_DIR
 */
public class UmapVsSmile {
    public static void main(String[] args) throws Exception {
        Dataset train = Mnist.loadTrain(Path.of(args[1]));
        double[][] codes;
        try (VadeModel m = VadeModel.load(Path.of(args[0]))) {
            var inf = m.infer(train);
            codes = new double[inf.n()][inf.d()];
            for (int i = 0; i < inf.n(); i++) for (int j = 0; j < inf.d(); j++) codes[i][j] = inf.mu()[i * inf.d() + j];
        }
        int[] sample = Embedding.subsample(codes.length, 10_000, 0);
        double[][] rows = new double[sample.length][];
        int[] labels = new int[sample.length];
        for (int i = 0; i < sample.length; i++) {
            rows[i] = codes[sample[i]];
            labels[i] = train.labels()[sample[i]];
        }
        System.out.printf(Locale.ROOT, "codes: %d x %d, mapped %d%n", codes.length, codes[0].length, rows.length);
        long[] seeds = {0, 1, 2, 3, 4, 5, 6};

        long t0 = System.nanoTime();
        List<double[][]> smileMaps = new ArrayList<>();
        List<int[]> smileIndex = new ArrayList<>();
        for (long s : seeds) {
            smile.math.MathEx.setSeed(s);
            smile.manifold.UMAP u = smile.manifold.UMAP.of(rows, 15);
            smileMaps.add(u.coordinates);
            smileIndex.add(u.index);
        }
        double smileSeconds = (System.nanoTime() - t0) / 1e9;
        smile.math.MathEx.setSeed(0);
        smile.manifold.UMAP again = smile.manifold.UMAP.of(rows, 15);
        report("smile 2.6 (ARPACK/OpenBLAS), sequential", smileMaps, smileIndex, labels, smileSeconds,
                same(again.coordinates, smileMaps.get(0)));

        long t1 = System.nanoTime();
        List<Embedding.Result> ours = Embedding.umaps(rows, 0, seeds, 15, rows.length, 2);
        double ourSeconds = (System.nanoTime() - t1) / 1e9;
        List<double[][]> ourMaps = new ArrayList<>();
        List<int[]> ourIndex = new ArrayList<>();
        for (Embedding.Result r : ours) {
            ourMaps.add(r.coordinates());
            int[] idx = new int[r.size()];
            for (int i = 0; i < idx.length; i++) idx[i] = i;
            ourIndex.add(idx);
        }
        double[][] ourAgain = Embedding.umap(rows, 0, 0, 15, rows.length).coordinates();
        report("softcluster Umap (pure Java), 2 threads", ourMaps, ourIndex, labels, ourSeconds, same(ourAgain, ourMaps.get(0)));
    }

    static boolean same(double[][] a, double[][] b) {
        if (a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) if (!java.util.Arrays.equals(a[i], b[i])) return false;
        return true;
    }

    static void report(String what, List<double[][]> maps, List<int[]> index, int[] labels, double seconds, boolean repeat) {
        int m = maps.size();
        int[][] parts = new int[m][];
        double[] nmi = new double[m];
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < m; k++) {
            double[][] map = maps.get(k);
            float[] flat = new float[map.length * 2];
            for (int i = 0; i < map.length; i++) {
                flat[2 * i] = (float) map[i][0];
                flat[2 * i + 1] = (float) map[i][1];
            }
            Dataset d = Dataset.of("map", flat, map.length, 2);
            parts[k] = new GaussianMixture(new GmmConfig(10, GmmConfig.DEFAULT_MAX_ITER, GmmConfig.DEFAULT_TOL,
                    GmmConfig.DEFAULT_REG_COVAR, 10, 0)).fit(d).predict(d);
            int[] truth = new int[map.length];
            for (int i = 0; i < map.length; i++) truth[i] = labels[index.get(k)[i]];
            nmi[k] = Nmi.score(truth, parts[k]);
            s.append(String.format(Locale.ROOT, " %.3f", nmi[k]));
        }
        double agree = 0;
        int pairs = 0;
        for (int a = 0; a < m; a++) {
            for (int b = a + 1; b < m; b++) {
                if (parts[a].length != parts[b].length) continue;
                agree += Nmi.score(parts[a], parts[b]);
                pairs++;
            }
        }
        double mean = 0;
        for (double v : nmi) mean += v / m;
        System.out.printf(Locale.ROOT, "%s: 7 maps in %.1f s; rows mapped %d; NMI to labels per map%s (mean %.3f); "
                + "mean NMI between maps %.3f; seed 0 again identical: %s%n", what, seconds, maps.get(0).length, s, mean,
                pairs == 0 ? Double.NaN : agree / pairs, repeat);
    }
}
