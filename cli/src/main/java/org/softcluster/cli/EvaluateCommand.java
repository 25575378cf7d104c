package org.softcluster.cli;

import org.softcluster.io.AssignmentFiles;
import org.softcluster.io.Json;
import org.softcluster.metrics.MetricReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code softcluster evaluate}: clustering metrics of assignments against true labels. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Compare assignments with true labels: NMI, ARI, Hungarian accuracy; with probabilities also entropy, confidence, ECE, Brier.")
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--labels", required = true, paramLabel = "FILE", description = "One integer per line, or a CSV with a 'label' column.")
    Path labels;
    @Option(names = "--assignments", required = true, paramLabel = "FILE",
            description = "One integer per line, or a CSV with p_0..p_{K-1} (and optionally id, cluster).")
    Path assignments;
    @Option(names = "--format", defaultValue = "text", paramLabel = "json|text", description = "Output format.")
    String format;

    @Override
    public Integer call() {
        String fmt = format.toLowerCase(Locale.ROOT);
        if (!fmt.equals("json") && !fmt.equals("text")) throw CliException.input("--format must be json or text, got '" + format + "'");
        int[] truth = AssignmentFiles.readLabels(labels);
        AssignmentFiles.Assignments a = AssignmentFiles.readAssignments(assignments);
        if (truth.length != a.hard().length) {
            throw CliException.input(labels.getFileName() + " has " + truth.length + " labels but " + assignments.getFileName()
                    + " has " + a.hard().length + " assignments");
        }
        MetricReport m = a.hasProbabilities() ? MetricReport.of(truth, a.proba()) : MetricReport.of(truth, a.hard());
        Map<String, Object> map = m.toMap();
        if (fmt.equals("json")) {
            System.out.println(Json.toString(map));
        } else {
            map.forEach((k, v) -> System.out.printf(Locale.ROOT, "%-11s %s%n", k, v));
        }
        return 0;
    }
}
