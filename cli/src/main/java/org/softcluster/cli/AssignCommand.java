package org.softcluster.cli;

import org.softcluster.data.Dataset;
import org.softcluster.io.AssignmentsCsv;
import org.softcluster.io.AtomicFiles;
import org.softcluster.neural.NeuralModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code softcluster assign}: soft assignments of new data under a trained model. */
@Command(name = "assign", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Write soft assignments (id,cluster,p_0..p_{K-1},entropy,confidence[,reliability]) for data under a trained model.")
final class AssignCommand implements Callable<Integer> {
    @Mixin ModelInput input;
    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "Output CSV.")
    Path out;
    @Option(names = "--responsibilities", description = "Write the mixture responsibilities γ* instead of the branch γ.")
    boolean responsibilities;
    @Option(names = "--reliability", description = {"Add a last column 'reliability': each row's label-free reliability estimate for its cluster,",
            "min(γ* of the cluster, share of its 10 nearest training codes kept with the model in the cluster)."})
    boolean reliability;

    @Override
    public Integer call() throws Exception {
        AtomicFiles.checkWritable(out);
        try (NeuralModel model = input.model()) {
            if (responsibilities && !model.hasResponsibilities()) {
                throw CliException.input("--responsibilities: a " + model.method() + " model has no mixture responsibilities");
            }
            if (reliability) input.requireReferences(model, "--reliability");
            Dataset d = input.dataFor(model);
            double[][] p = responsibilities ? model.responsibilities(d) : model.predictProba(d);
            double[] r = reliability ? model.reliability(d, AssignmentsCsv.clusters(p)) : null;
            AssignmentsCsv.write(out, d, p, r);
            System.out.println("wrote " + d.size() + " assignments to " + out);
        }
        return 0;
    }
}
