package org.softcluster.cli;

import org.softcluster.io.AtomicFiles;
import org.softcluster.neural.NeuralModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code softcluster prototypes}: the decoded mixture means μ_θ(μ_k) as a PNG grid or a CSV. */
@Command(name = "prototypes", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Write the cluster prototypes decoder(mu_k): a PNG grid (image data) or a CSV in original feature units.")
final class PrototypesCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model directory written by train.")
    Path modelDir;
    @Option(names = "--out", required = true, paramLabel = "FILE.png|FILE.csv", description = "Output file; the extension picks the format.")
    Path out;

    @Override
    public Integer call() throws Exception {
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".png") && !name.endsWith(".csv")) throw CliException.input("--out must end in .png or .csv: " + out);
        AtomicFiles.checkWritable(out);
        try (NeuralModel model = Main.loadModel(modelDir)) {
            if (name.endsWith(".png") && model.imageShape() == null) {
                throw CliException.input("the model was trained on tabular data: write prototypes to a .csv");
            }
            if (name.endsWith(".csv") && model.imageShape() != null) {
                TrainRunner.writePrototypesCsv(model, out);
            } else {
                TrainRunner.writePrototypes(model, out);
            }
            System.out.println("wrote " + model.k() + " prototypes to " + out);
        }
        return 0;
    }
}
