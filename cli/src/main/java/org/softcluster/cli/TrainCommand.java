package org.softcluster.cli;

import org.softcluster.neural.train.CheckpointFile;
import org.softcluster.neural.train.NanPolicy;

import org.softcluster.metrics.MetricReport;
import org.softcluster.neural.vade.VadeConfig;
import org.softcluster.io.AtomicFiles;
import org.softcluster.io.Json;
import org.softcluster.neural.dec.DecConfig;
import org.softcluster.neural.vade.VadeTrainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code softcluster train}: trains the method (or plain VaDE) and writes a run directory. */
@Command(name = "train", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Train the entropy-regularised VaDE and write the model directory with train_log.csv,",
                "assignments.csv (evaluation split), metrics.json (with labels), prototypes, config and provenance."})
final class TrainCommand implements Callable<Integer> {
    @Mixin DataOptions data;
    @Mixin ModelOptions model;

    @Option(names = "--out", paramLabel = "DIR", description = "Output (model) directory (required unless --resume).")
    Path out;

    @Option(names = "--no-progress", description = "No progress bar (epoch lines only).")
    boolean noProgress;

    @Mixin CommonOptions.OnNan onNan;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue an interrupted train run from DIR/checkpoint (written after every epoch), with its original options.")
    Path resume;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private boolean resuming;

    @Override
    public Integer call() throws Exception {
        if (resume != null) return resumeRun();
        if (out == null) throw CliException.input("--out is required (or --resume DIR)");
        if (data.data == null) throw CliException.input("--data is required (or --resume DIR)");
        NanPolicy policy = onNan.policy();
        if (model.isDec()) return trainDec(policy);
        int k = model.toConfig().k();   // the options' errors before any data is read
        DataOptions.Prepared prepared = data.prepare(model.isAuto());
        if (k > prepared.train().size()) {   // before auto prints its choices for a run that cannot start
            throw CliException.input("k = " + k + " is larger than the number of objects (" + prepared.train().size() + ")");
        }
        ModelOptions.Resolved preset = model.resolve(prepared.rawTrain());
        VadeConfig config = model.forData(preset.config(), prepared.train());
        config.checkFeatures(prepared.train().dim());   // before the checkpoint directory is made
        System.err.println("training " + config.method().name().toLowerCase(Locale.ROOT) + " (coupling "
                + config.loss().coupling().name().toLowerCase(Locale.ROOT) + ", eta " + config.loss().eta() + ", seed " + config.seed()
                + ") on " + prepared.train() + "; evaluating on " + prepared.evalDescription());
        TrainRunner.Result r;
        try (Engines.Threads t = Engines.threads(preset.threads())) {
            r = TrainRunner.run(config, prepared, out, progress(), dataInfo(prepared), checkpointed(policy).withPreset(preset.record()));
        }
        printSummary(r.metrics(), r.info(), out);
        return 0;
    }

    static final String COMMAND_FILE = "command.json";

    private Map<String, Object> dataInfo(DataOptions.Prepared prepared) {
        Map<String, Object> dataInfo = new LinkedHashMap<>();
        dataInfo.put("path", data.data.toString());
        dataInfo.put("scale", prepared.scaler().method().id());
        return dataInfo;
    }

    private ProgressListener progress() {
        return new ProgressListener(System.err, !noProgress && System.console() != null);
    }

    /**
     * The options of a checkpointed run: a new run refuses an output directory that holds an interrupted one and
     * records its arguments for {@code --resume}; a resumed run continues from the checkpoint.
     */
    private TrainRunner.Options checkpointed(NanPolicy policy) throws java.io.IOException {
        Path cp = TrainRunner.checkpointDir(out);
        if (!resuming) {
            if (CheckpointFile.exists(cp)) {
                throw CliException.input(out + " holds an interrupted run: continue it with --resume " + out + " or choose another --out");
            }
            AtomicFiles.checkWritableDir(cp);
            List<String> all = spec.commandLine().getParseResult().originalArgs();
            // originalArgs holds the whole command line: keep what follows the subcommand's name
            int at = all.indexOf(spec.name());
            List<String> args = new ArrayList<>(all.subList(at + 1, all.size()));
            Json.write(cp.resolve(COMMAND_FILE), Map.of("args", args));
        }
        return new TrainRunner.Options(null, TrainRunner.Extras.NONE, true, resuming, policy);
    }

    private int trainDec(NanPolicy policy) throws Exception {
        DecConfig config = model.toDecConfig();
        DataOptions.Prepared prepared = data.prepare();
        if (config.k() > prepared.train().size()) {
            throw CliException.input("k = " + config.k() + " is larger than the number of objects (" + prepared.train().size() + ")");
        }
        System.err.println("training dec (seed " + config.seed() + ") on " + prepared.train() + "; evaluating on " + prepared.evalDescription());
        TrainRunner.Result r = TrainRunner.runDec(config, prepared, out, progress(), dataInfo(prepared), checkpointed(policy));
        printSummary(r.metrics(), r.info(), out);
        return 0;
    }

    /** Re-parses the interrupted run's original options and continues it from its checkpoint. */
    private int resumeRun() throws Exception {
        Path cp = TrainRunner.checkpointDir(resume);
        Path cmd = cp.resolve(COMMAND_FILE);
        if (!java.nio.file.Files.isRegularFile(cmd) || !CheckpointFile.exists(cp)) {
            throw CliException.input(resume + ": nothing to resume (no checkpoint; the run finished or never started)");
        }
        List<String> args = new ArrayList<>();
        for (var node : Json.MAPPER.readTree(cmd.toFile()).get("args")) args.add(node.asText());
        TrainCommand original = new TrainCommand();
        CommandLine cl = new CommandLine(original);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.parseArgs(args.toArray(String[]::new));
        original.spec = cl.getCommandSpec();
        original.resuming = true;
        original.noProgress |= noProgress;
        System.err.println("resuming " + String.join(" ", args));
        return original.call();
    }

    /** "training 1063 s: pretrain 535 s, init 85 s, train 439 s, branch 4 s" from a run's info, or null without stage times. */
    static String stageLine(Map<String, Object> info) {
        if (!(info.get("stage_seconds") instanceof Map<?, ?> stages) || stages.isEmpty()) return null;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "training %.0f s:", ((Number) info.get("train_seconds")).doubleValue()));
        String sep = " ";
        for (Map.Entry<?, ?> e : stages.entrySet()) {
            s.append(sep).append(e.getKey()).append(String.format(Locale.ROOT, " %.0f s", ((Number) e.getValue()).doubleValue()));
            sep = ", ";
        }
        return s.toString();
    }

    static void printSummary(MetricReport m, Map<String, Object> info, Path out) {
        if (m != null) {
            System.out.printf(Locale.ROOT, "NMI %.4f  ARI %.4f  ACC %.4f  H(gamma) %.4f nats  confidence %.4f  ECE %.4f%n",
                    m.nmi(), m.ari(), m.acc(), m.entropy(), m.confidence(), m.ece());
        }
        if (info.containsKey("selection")) {
            System.out.println("best epoch " + info.get("best_epoch") + " of " + info.get("epochs_run") + " (" + info.get("selection") + ")");
        } else {
            System.out.println("epochs run " + info.get("epochs_run") + " (stopped: " + info.get("stop_reason") + ")");
        }
        String stages = stageLine(info);
        if (stages != null) System.out.println(stages);
        System.out.println("outputs in " + out.toAbsolutePath());
    }
}
