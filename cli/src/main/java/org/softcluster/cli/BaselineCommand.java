package org.softcluster.cli;

import org.softcluster.cluster.ClusterModel;
import org.softcluster.cluster.GaussianMixture;
import org.softcluster.cluster.GmmConfig;
import org.softcluster.cluster.KMeans;
import org.softcluster.cluster.KMeansConfig;
import org.softcluster.data.Dataset;
import org.softcluster.io.AssignmentsCsv;
import org.softcluster.io.AtomicFiles;
import org.softcluster.io.Json;
import org.softcluster.metrics.MetricReport;
import org.softcluster.report.Provenance;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code softcluster baseline kmeans|gmm}: the classical baselines on the same data path as the method. */
@Command(name = "baseline", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Fit k-means or a diagonal-covariance GMM; write assignments.csv and, with labels, metrics.json.",
                "MNIST: trained on the training split, evaluated on the test split; tables: all rows."})
final class BaselineCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "kmeans|gmm", description = "Which baseline.")
    String which;
    @Mixin DataOptions data;
    @Option(names = "--k", required = true, paramLabel = "K", showDefaultValue = CommandLine.Help.Visibility.NEVER, description = "Number of clusters.")
    int k;
    @Mixin CommonOptions.Seed seed;
    @Option(names = "--n-init", defaultValue = "10", paramLabel = "N", description = "k-means restarts.")
    int nInit;
    @Option(names = "--max-iter", paramLabel = "N", description = "Maximum iterations (default: 300 k-means, 100 GMM).")
    Integer maxIter;
    @Mixin CommonOptions.OutputDir output;

    @Override
    public Integer call() throws Exception {
        String w = which.toLowerCase(Locale.ROOT);
        if (!w.equals("kmeans") && !w.equals("gmm")) throw CliException.input("unknown baseline '" + which + "' (known: kmeans, gmm)");
        if (k < 1) throw CliException.input("k must be >= 1, got " + k);
        Path out = output.writable();
        DataOptions.Prepared p = data.prepare();
        if (k > p.train().size()) throw CliException.input("k = " + k + " is larger than the number of objects (" + p.train().size() + ")");
        Map<String, Object> dataInfo = new LinkedHashMap<>();
        dataInfo.put("path", data.data.toString());
        dataInfo.put("scale", p.scaler().method().id());
        fitAndWrite(w, k, seed.value, nInit, maxIter, p, out, dataInfo);
        System.out.println("outputs in " + out.toAbsolutePath());
        return 0;
    }

    /** Fits a classical baseline and writes assignments.csv, metrics.json (with labels) and provenance.json (last). */
    static MetricReport fitAndWrite(String which, int k, long seed, int nInit, Integer maxIter, DataOptions.Prepared p, Path out,
                                    Map<String, Object> dataInfo) throws java.io.IOException {
        AtomicFiles.checkWritableDir(out);
        String started = Instant.now().toString();
        long t0 = System.nanoTime();
        ClusterModel model = which.equals("kmeans")
                ? new KMeans(new KMeansConfig(k, nInit, maxIter == null ? KMeansConfig.DEFAULT_MAX_ITER : maxIter, KMeansConfig.DEFAULT_TOL, seed)).fit(p.train())
                : new GaussianMixture(new GmmConfig(k, maxIter == null ? GmmConfig.DEFAULT_MAX_ITER : maxIter, GmmConfig.DEFAULT_TOL,
                        GmmConfig.DEFAULT_REG_COVAR, 1, seed)).fit(p.train());
        double seconds = (System.nanoTime() - t0) / 1e9;
        Dataset eval = p.eval();
        double[][] proba = model.predictProba(eval);
        AssignmentsCsv.write(out.resolve("assignments.csv"), eval, proba);
        MetricReport m = eval.hasLabels() ? MetricReport.of(eval.labels(), proba) : null;
        if (m != null) Json.write(out.resolve("metrics.json"), m.toMap());
        Map<String, Object> prov = Provenance.environment();
        prov.put("started", started);
        prov.put("finished", Instant.now().toString());
        prov.put("method", which);
        prov.put("k", k);
        prov.put("seed", seed);
        prov.put("n_init", nInit);
        Map<String, Object> d = new LinkedHashMap<>(dataInfo);
        d.put("train_sha256", p.train().sha256());
        d.put("evaluated_on", p.evalDescription());
        prov.put("data", d);
        prov.put("fit_seconds", seconds);
        if (m != null) prov.put("metrics", m.toMap());
        Json.write(out.resolve("provenance.json"), prov);
        if (m != null) {
            System.out.printf(Locale.ROOT, "%s: NMI %.4f  ARI %.4f  ACC %.4f  (fit %.1fs)%n", which, m.nmi(), m.ari(), m.acc(), seconds);
        }
        return m;
    }
}
