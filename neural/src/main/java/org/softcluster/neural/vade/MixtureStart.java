package org.softcluster.neural.vade;

import ai.djl.ndarray.NDArray;
import org.softcluster.cluster.GaussianMixture;
import org.softcluster.cluster.GmmConfig;
import org.softcluster.cluster.GmmModel;
import org.softcluster.cluster.KMeans;
import org.softcluster.cluster.KMeansConfig;
import org.softcluster.cluster.KMeansModel;
import org.softcluster.data.Dataset;
import org.softcluster.metrics.ClusterUse;
import org.softcluster.metrics.Nmi;
import org.softcluster.neural.Batched;
import org.softcluster.neural.Tensors;
import org.softcluster.neural.train.TrainingListener;
import org.softcluster.embedding.Embedding;

import java.util.Arrays;

/**
 * Stage 2: the Gaussian-mixture prior placed on the pre-trained codes μ_φ(x) — by k-means, a GMM, or a GMM
 * on UMAP maps of the codes chosen by agreement ({@link VadeConfig.MixtureInit}) — then π (13), μ_k, σ²_k,
 * the log-variance head and, for a learnable Gaussian decoder variance, its maximum-likelihood start.
 */
final class MixtureStart {
    private final VadeConfig config;
    private final TrainingListener listener;

    MixtureStart(StageContext ctx) {
        this.config = ctx.config();
        this.listener = ctx.listener();
    }

    /**
     * Stage 2: the start's partition of the codes μ_φ(x), then π (13), μ_k, σ²_k and the log-variance head.
     *
     * @return how many clusters of the start's partition hold a real share of the objects
     */
    ClusterUse initMixture(VadeNetwork net, NDArray x) {
        listener.onStageStart("init", 1, 1);
        VadeNetwork.Inference inf = net.infer(x, 1024, false, 0);
        int n = inf.n();
        int d = inf.d();
        int k = config.k();
        Dataset codes = Dataset.of("latent", inf.mu(), n, d);
        double[][] centroids;
        double[] counts = new double[k];
        double[][] var = new double[k][d];
        if (config.mixture().init() == VadeConfig.MixtureInit.GMM) {
            // EM on the codes, best of kmeansInit restarts by log-likelihood (unsupervised)
            GmmModel gmm = fitGmm(codes);
            centroids = gmm.means();
            double[][] v = gmm.variances();
            double[] w = gmm.weights();
            for (int c = 0; c < k; c++) {
                counts[c] = w[c] * n;
                for (int j = 0; j < d; j++) var[c][j] = v[c][j] * counts[c];
            }
            listener.onMessage(String.format(java.util.Locale.ROOT, "mixture init: GMM on the codes, mean log-likelihood %.4f",
                    gmm.meanLogLikelihood(codes)));
        } else if (config.mixture().init() == VadeConfig.MixtureInit.UMAP) {
            centroids = umapInit(inf.mu(), n, d, counts, var);
        } else if (config.mixture().init() == VadeConfig.MixtureInit.INPUT) {
            Dataset inputs = Dataset.of("inputs", x.toFloatArray(), n, (int) x.getShape().get(1));
            KMeansModel km = new KMeans(new KMeansConfig(k, config.mixture().restarts(), 300, 1e-4, config.seed())).fit(inputs);
            int[] labels = km.predict(inputs);
            centroids = codeMeans(inf.mu(), d, null, labels);
            addScatter(inf.mu(), d, null, labels, centroids, 1, 1, counts, var);
            listener.onMessage("mixture init: k-means on the inputs, its clusters' moments in code space");
        } else {
            KMeansModel km = new KMeans(new KMeansConfig(k, config.mixture().restarts(), 300, 1e-4, config.seed())).fit(codes);
            centroids = km.centroids();
            addScatter(inf.mu(), d, null, km.predict(codes), centroids, 1, 1, counts, var);
        }
        float[] logits = new float[k];
        float[] mu = new float[k * d];
        float[] logvar = new float[k * d];
        double[] meanVar = new double[d];
        for (int c = 0; c < k; c++) {
            // (13): π_k = (N_k + α) / (N + Kα); logits = ln π_k (softmax of logits gives π back).
            logits[c] = (float) Math.log((counts[c] + config.mixture().laplaceAlpha()) / (n + k * config.mixture().laplaceAlpha()) + 1e-12);
            for (int j = 0; j < d; j++) {
                double v = (counts[c] > 1 ? var[c][j] / counts[c] : 1.0) + config.mixture().varianceFloor();
                // (for GMM: var = σ²·N_k, so v is the fitted σ² plus the floor)
                mu[c * d + j] = (float) centroids[c][j];
                logvar[c * d + j] = (float) Math.log(v);
                meanVar[j] += v / k;
            }
        }
        Tensors.assign(net.params().get("prior.logits"), logits);
        Tensors.assign(net.params().get("prior.mu"), mu);
        Tensors.assign(net.params().get("prior.logvar"), logvar);
        // Start σ²_φ(x) near the cluster variances: an untrained log-variance head against
        // tight clusters gives KL terms of ~1e4 and an exploding first epoch.
        NDArray w = net.params().get("head.logvar.w");
        Tensors.assign(w, new float[(int) w.size()]);
        float[] bias = new float[d];
        for (int j = 0; j < d; j++) bias[j] = (float) Math.log(meanVar[j]);
        Tensors.assign(net.params().get("head.logvar.b"), bias);
        listener.onStageEnd("init");
        int[] sizes = new int[k];
        for (int c = 0; c < k; c++) sizes[c] = (int) Math.round(counts[c]);
        return ClusterUse.ofSizes(sizes);
    }

    /**
     * A learnable Gaussian decoder variance starts at its maximum-likelihood value under the
     * pre-trained autoencoder (the mean squared reconstruction error, overall or per feature, floored
     * at 1e-4 or the configured floor; on the validation rows {@code x} when {@code heldOut}, see {@link VadeConfig.Pretraining#patience()}) instead of 1,
     * so that the reconstruction term has its proper weight against β·KL from
     * the first joint step. Pre-training itself never trains the variance (it is plain MSE).
     */
    void initDecoderVariance(VadeNetwork net, NDArray x, boolean heldOut) {
        if (!net.params().has("lik.logvar") || config.pretraining().epochs() == 0) return;
        NDArray lv = net.params().get("lik.logvar");
        int n = (int) x.getShape().get(0);
        int dim = (int) x.getShape().get(1);
        double[] sq = new double[dim];
        Batched.Outputs errors = Batched.run(x, 2048, new int[0], (xb, slice) -> new NDArray[] {
            xb.sub(net.decode(net.encode(xb).mu())).square().sum(new int[] {0})});
        for (int b = 0; b < errors.batches(); b++) {
            float[] e = errors.batch(0, b);
            for (int j = 0; j < dim; j++) sq[j] += e[j];
        }
        float[] out = new float[(int) lv.size()];
        double floor = Math.max(1e-4, config.network().varianceFloor());
        if (out.length == 1) {
            double total = 0;
            for (double v : sq) total += v;
            out[0] = (float) Math.log(Math.max(total / ((double) n * dim), floor));
        } else {
            for (int j = 0; j < dim; j++) out[j] = (float) Math.log(Math.max(sq[j] / n, floor));
        }
        Tensors.assign(lv, out);
        if (out.length == 1) {
            listener.onMessage(String.format(java.util.Locale.ROOT, "decoder variance initialised at %.5f (pre-trained MSE%s)", Math.exp(out[0]),
                    heldOut ? " on the validation rows" : ""));
        }
    }

    /** A diagonal GMM on {@code data}: best of {@code kmeansInit} restarts by log-likelihood (unsupervised). */
    private GmmModel fitGmm(Dataset data) {
        return new GaussianMixture(new GmmConfig(config.k(), GmmConfig.DEFAULT_MAX_ITER, GmmConfig.DEFAULT_TOL,
                GmmConfig.DEFAULT_REG_COVAR, config.mixture().restarts(), config.seed())).fit(data);
    }

    /**
     * Adds the labelled codes to the mixture statistics of stage 2: one to their cluster's count and
     * the squared deviation from its centroid, times {@code num / den}, to the cluster's sums.
     *
     * @param mu all codes, row-major N×d
     * @param rows which code each label belongs to, or null for codes 0..labels.length−1
     */
    private static void addScatter(float[] mu, int d, int[] rows, int[] labels, double[][] centroids, int num, int den,
                                   double[] counts, double[][] var) {
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i];
            int row = rows == null ? i : rows[i];
            counts[c]++;
            for (int j = 0; j < d; j++) {
                double diff = mu[row * d + j] - centroids[c][j];
                var[c][j] += diff * diff * num / den;
            }
        }
    }

    /**
     * The mean code of each cluster of a partition ({@code rows[i]} is the code of label i, or i itself when
     * {@code rows} is null); 0 for an empty cluster.
     */
    private double[][] codeMeans(float[] mu, int d, int[] rows, int[] labels) {
        int k = config.k();
        double[][] centroids = new double[k][d];
        double[] c = new double[k];
        for (int i = 0; i < labels.length; i++) {
            int row = rows == null ? i : rows[i];
            c[labels[i]]++;
            for (int j = 0; j < d; j++) centroids[labels[i]][j] += mu[row * d + j];
        }
        for (int q = 0; q < k; q++) for (int j = 0; j < d; j++) centroids[q][j] = c[q] > 0 ? centroids[q][j] / c[q] : 0;
        return centroids;
    }

    /** Largest number of codes the UMAP initialisation maps. */
    public static final int UMAP_INIT_POINTS = 10_000;

    /**
     * The UMAP initialisation: clusters found by a GMM on a 2-D UMAP map of (a sample of) the codes;
     * returns the component means in code space and fills {@code counts} (scaled to all n codes) and
     * {@code var} (sums of squared deviations, scaled alike). With {@code initMaps} M &gt; 1, M maps of the
     * same sample (layout seeds seed … seed+M−1) each give a partition, and the one with the highest mean
     * NMI to the other M−1 is used: the partition most maps agree on, found without labels.
     */
    private double[][] umapInit(float[] mu, int n, int d, double[] counts, double[][] var) {
        int k = config.k();
        double[][] rows = new double[n][d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) rows[i][j] = mu[i * d + j];
        int maps = config.mixture().maps();
        int[][] partitions = new int[maps][];
        int[][] mapped = new int[maps][];
        long[] seeds = new long[maps];
        for (int m = 0; m < maps; m++) seeds[m] = config.seed() + m;
        long t0 = System.nanoTime();
        // one neighbour graph and spectral start for all maps; the layouts run side by side, one thread a map
        java.util.List<Embedding.Result> layouts = Embedding.umaps(rows, config.seed(), seeds, Embedding.DEFAULT_UMAP_NEIGHBORS,
                UMAP_INIT_POINTS, Runtime.getRuntime().availableProcessors());
        double seconds = (System.nanoTime() - t0) / 1e9;
        for (int m = 0; m < maps; m++) {
            Embedding.Result map = layouts.get(m);
            int size = map.size();
            float[] flat = new float[size * 2];
            for (int i = 0; i < size; i++) {
                flat[2 * i] = (float) map.coordinates()[i][0];
                flat[2 * i + 1] = (float) map.coordinates()[i][1];
            }
            Dataset onMap = Dataset.of("umap", flat, size, 2);
            partitions[m] = fitGmm(onMap).predict(onMap);
            mapped[m] = map.index();
        }
        double[] agreement = meanAgreement(partitions, mapped, n);
        int chosen = 0;
        for (int m = 1; m < maps; m++) if (agreement[m] > agreement[chosen]) chosen = m;
        int[] labels = partitions[chosen];
        int[] index = mapped[chosen];
        int m = labels.length;
        double[][] centroids = codeMeans(mu, d, index, labels);
        // statistics of the m mapped codes, scaled to all n
        addScatter(mu, d, index, labels, centroids, n, m, counts, var);
        for (int q = 0; q < k; q++) counts[q] = counts[q] * n / m;
        if (maps == 1) {
            listener.onMessage(String.format(java.util.Locale.ROOT, "mixture init: UMAP of %d codes (%.1f s), GMM there", m, seconds));
        } else {
            StringBuilder s = new StringBuilder();
            for (double a : agreement) s.append(s.length() == 0 ? "" : " ").append(String.format(java.util.Locale.ROOT, "%.3f", a));
            listener.onMessage(String.format(java.util.Locale.ROOT,
                    "mixture init: %d UMAP maps of %d codes (%.1f s), GMM on each; mean NMI to the other maps %s; map %d used",
                    maps, m, seconds, s, chosen + 1));
        }
        return centroids;
    }

    /**
     * For each partition, its mean NMI to every other one, each pair compared on the objects both mapped.
     *
     * @param partitions labels of the mapped objects, one array per map
     * @param mapped which object (0..n−1) each label belongs to
     */
    static double[] meanAgreement(int[][] partitions, int[][] mapped, int n) {
        int maps = partitions.length;
        double[] mean = new double[maps];
        if (maps == 1) return mean;
        int[][] full = new int[maps][n];
        for (int m = 0; m < maps; m++) {
            Arrays.fill(full[m], -1);
            for (int i = 0; i < mapped[m].length; i++) full[m][mapped[m][i]] = partitions[m][i];
        }
        for (int a = 0; a < maps; a++) {
            for (int b = a + 1; b < maps; b++) {
                int both = 0;
                for (int i = 0; i < n; i++) if (full[a][i] >= 0 && full[b][i] >= 0) both++;
                int[] x = new int[both];
                int[] y = new int[both];
                for (int i = 0, j = 0; i < n; i++) {
                    if (full[a][i] >= 0 && full[b][i] >= 0) {
                        x[j] = full[a][i];
                        y[j++] = full[b][i];
                    }
                }
                double nmi = both == 0 ? 0 : Nmi.score(x, y);
                mean[a] += nmi / (maps - 1);
                mean[b] += nmi / (maps - 1);
            }
        }
        return mean;
    }

}
