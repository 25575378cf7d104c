package org.softcluster.cli;

import org.softcluster.metrics.MetricReport;
import org.softcluster.neural.vade.VadeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code softcluster train}: trains the method (or plain VaDE) and writes a run directory. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the entropy-regularised VaDE and write the model directory with train_log.csv,",
                "assignments.csv (evaluation split), metrics.json (with labels), prototypes, config and provenance."})
final class TrainCommand implements Callable<Integer> {
    @Mixin DataOptions data;
    @Mixin ModelOptions model;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output (model) directory.")
    Path out;

    @Option(names = "--no-progress", description = "No progress bar (epoch lines only).")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        VadeConfig config = model.toConfig();
        DataOptions.Prepared prepared = data.prepare();
        if (config.k() > prepared.train().size()) {
            throw CliException.input("k = " + config.k() + " is larger than the number of objects (" + prepared.train().size() + ")");
        }
        System.err.println("training " + config.method().name().toLowerCase(Locale.ROOT) + " (coupling "
                + config.coupling().name().toLowerCase(Locale.ROOT) + ", eta " + config.eta() + ", seed " + config.seed()
                + ") on " + prepared.train() + "; evaluating on " + prepared.evalDescription());
        Map<String, Object> dataInfo = new LinkedHashMap<>();
        dataInfo.put("path", data.data.toString());
        dataInfo.put("scale", prepared.scaler().method().id());
        TrainRunner.Result r = TrainRunner.run(config, prepared, out,
                new ProgressListener(System.err, !noProgress && System.console() != null), dataInfo);
        printSummary(r.metrics(), r.info(), out);
        return 0;
    }

    static void printSummary(MetricReport m, Map<String, Object> info, Path out) {
        if (m != null) {
            System.out.printf(Locale.ROOT, "NMI %.4f  ARI %.4f  ACC %.4f  H(gamma) %.4f nats  confidence %.4f  ECE %.4f%n",
                    m.nmi(), m.ari(), m.acc(), m.entropy(), m.confidence(), m.ece());
        }
        System.out.println("best epoch " + info.get("best_epoch") + " of " + info.get("epochs_run") + " (" + info.get("selection") + ")");
        System.out.println("outputs in " + out.toAbsolutePath());
    }
}
