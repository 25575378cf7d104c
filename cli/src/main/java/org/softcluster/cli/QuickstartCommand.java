package org.softcluster.cli;

import org.softcluster.data.Mnist;
import org.softcluster.data.MnistFetcher;
import org.softcluster.neural.vade.VadeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code softcluster quickstart}: fetch MNIST if missing, train a preset ({@code quick} by default) at η = 0.05, print test metrics. */
@Command(name = "quickstart", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"The main job: fetch MNIST if missing, train a preset (eta 0.05) on the 60k training images,",
                "evaluate on the 10k test images, print the metrics and where the outputs are (metrics.json among them).",
                "quick: strong's recipe with shorter stages, NMI about 0.81 in about 6 minutes on 2 cores; paper: the paper's reproduction,",
                "a few minutes (NMI about 0.56); strong (or auto, which derives strong's settings on MNIST): the best measured,",
                "NMI about 0.90, about 20-30 minutes on 2 cores (docs/benchmarks.md)."})
final class QuickstartCommand implements Callable<Integer> {
    @Option(names = "--data-dir", defaultValue = "data/mnist", paramLabel = "DIR", description = "MNIST directory.")
    Path dataDir;
    @Option(names = "--out", defaultValue = "runs/quickstart", paramLabel = "DIR", description = "Output directory.")
    Path out;
    @Mixin CommonOptions.Eta eta;
    @Option(names = "--epochs", paramLabel = "N", description = "Override the preset's main-stage epochs (quick: 10, paper: 15; e.g. 2 for a fast look).")
    Integer epochs;
    @Mixin CommonOptions.Seed seed;
    @Option(names = "--preset", defaultValue = "quick", paramLabel = "quick|paper|strong|auto", description = "Preset to train.")
    String preset;

    @Override
    public Integer call() throws Exception {
        String name = preset.trim().toLowerCase(Locale.ROOT);
        ModelOptions options = options(name, eta.value, seed.value, epochs);
        options.toConfig();                                 // an unknown preset is refused before anything is fetched or written
        if (!Mnist.isMnistDirectory(dataDir)) {
            System.err.println("fetching MNIST into " + dataDir + " ...");
            new MnistFetcher().fetch(dataDir);
        }
        DataOptions d = new DataOptions();
        d.data = dataDir;
        DataOptions.Prepared p = d.prepare(options.isAuto());
        ModelOptions.Resolved resolved = options.resolve(p.rawTrain());
        VadeConfig c = resolved.config();
        int threads = resolved.threads();
        Map<String, Object> record = resolved.record();
        System.err.println("training the " + name + " preset (coupling " + c.loss().coupling().name().toLowerCase(Locale.ROOT) + ", eta "
                + eta.value + ") on " + p.train().size() + " MNIST training images; evaluating on " + p.eval().size() + " test images");
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("path", dataDir.toString());
        info.put("scale", p.scaler().method().id());
        TrainRunner.Result r;
        try (Engines.Threads t = Engines.threads(threads)) {
            r = TrainRunner.run(c, p, out, new ProgressListener(System.err, System.console() != null), info,
                    TrainRunner.Options.DEFAULT.withPreset(record));
        }
        System.out.println("test metrics (" + name + " preset, eta " + eta.value + ", seed " + seed.value + ", " + p.eval().size() + " test images):");
        TrainCommand.printSummary(r.metrics(), r.info(), out);
        return 0;
    }

    /**
     * The model options quickstart trains with: the named preset ({@code auto}: derived from the training images when
     * resolved, its choices printed) at {@code eta} and {@code seed}, the main stage's epochs overridden when given.
     */
    static ModelOptions options(String name, double eta, long seed, Integer epochs) {
        ModelOptions o = new ModelOptions();
        o.preset = name;
        o.eta = eta;
        o.seed = seed;
        o.epochs = epochs;
        return o;
    }
}
