package org.softcluster.cli;

import org.softcluster.io.AtomicFiles;
import org.softcluster.report.SweepReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code softcluster report}: figures, tables and one HTML page from a sweep directory, without retraining. */
@Command(name = "report", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Build Table 2, Figures 2-7, reliability diagrams, entropy histograms, prototypes, uncertain objects,",
                "t-SNE/UMAP maps and one self-contained report.html from a sweep directory (CSV and saved files only; no training)."})
final class ReportCommand implements Callable<Integer> {
    @Option(names = "--sweep", required = true, paramLabel = "DIR", description = "A sweep directory written by 'softcluster sweep'.")
    Path sweep;
    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: SWEEP/report).")
    Path out;
    @Option(names = "--no-embeddings", description = "Skip the t-SNE and UMAP maps (they take ~30 s per eta).")
    boolean noEmbeddings;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(sweep.resolve("results.csv"))) {
            throw CliException.input(sweep + ": not a sweep directory (no results.csv)");
        }
        Path target = out == null ? sweep.resolve("report") : out;
        AtomicFiles.checkWritableDir(target);
        SweepReport.Result r = SweepReport.build(sweep, target, SweepReport.Options.defaults().withEmbeddings(!noEmbeddings));
        for (String note : r.notes()) System.err.println("note: " + note);
        System.out.println("wrote " + r.files().size() + " files; open " + r.html().toAbsolutePath());
        return 0;
    }
}
