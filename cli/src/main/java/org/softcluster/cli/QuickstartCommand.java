package org.softcluster.cli;

import org.softcluster.data.Mnist;
import org.softcluster.data.MnistFetcher;
import org.softcluster.neural.vade.VadeConfig;
import org.softcluster.neural.vade.VadeConfigBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code softcluster quickstart}: fetch MNIST if missing, train the paper preset at η = 0.05, print test metrics. */
@Command(name = "quickstart", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"The main job: fetch MNIST if missing, train the paper preset (eta 0.05) on the 60k training images,",
                "evaluate on the 10k test images, print the metrics and where the outputs are."})
final class QuickstartCommand implements Callable<Integer> {
    @Option(names = "--data-dir", defaultValue = "data/mnist", paramLabel = "DIR", description = "MNIST directory.")
    Path dataDir;
    @Option(names = "--out", defaultValue = "runs/quickstart", paramLabel = "DIR", description = "Output directory.")
    Path out;
    @Mixin CommonOptions.Eta eta;
    @Option(names = "--epochs", paramLabel = "N", description = "Override the preset's 15 epochs (e.g. 2 for a fast look).")
    Integer epochs;
    @Mixin CommonOptions.Seed seed;

    @Override
    public Integer call() throws Exception {
        if (!Mnist.isMnistDirectory(dataDir)) {
            System.err.println("fetching MNIST into " + dataDir + " ...");
            new MnistFetcher().fetch(dataDir);
        }
        VadeConfigBuilder b = VadeConfig.builder().eta(eta.value).seed(seed.value);
        if (epochs != null) b.epochs(epochs);
        VadeConfig c = b.build();
        DataOptions d = new DataOptions();
        d.data = dataDir;
        DataOptions.Prepared p = d.prepare();
        System.err.println("training the paper preset (coupling " + c.loss().coupling().name().toLowerCase() + ", eta " + eta.value
                + ") on " + p.train().size() + " MNIST training images; evaluating on " + p.eval().size() + " test images");
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("path", dataDir.toString());
        info.put("scale", p.scaler().method().id());
        TrainRunner.Result r = TrainRunner.run(c, p, out, new ProgressListener(System.err, System.console() != null), info,
                TrainRunner.Options.DEFAULT);
        System.out.println("test metrics (paper preset, eta " + eta.value + ", seed " + seed.value + ", " + p.eval().size() + " test images):");
        TrainCommand.printSummary(r.metrics(), r.info(), out);
        return 0;
    }
}
