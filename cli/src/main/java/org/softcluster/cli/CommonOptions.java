package org.softcluster.cli;

import org.softcluster.io.AtomicFiles;
import org.softcluster.neural.train.NanPolicy;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Options that several commands share with the same name, default and meaning, each as a picocli mixin
 * ({@code @Mixin CommonOptions.Seed seed;}), so that its declaration and what it means are written once.
 * Options that only look alike stay with their command: {@code --k} (required for baseline, 10 for compare,
 * the preset's for train), {@code --epochs} (an override of the preset's for train, compare and quickstart,
 * the timed epochs of bench) and {@code --out} where it is a file, optional or has a default.
 */
final class CommonOptions {
    private CommonOptions() { }

    /** {@code --out DIR}: the required output directory. */
    static final class OutputDir {
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
        Path dir;

        /** The directory, after checking that it can be created or written (one-line error otherwise). */
        Path writable() throws IOException {
            AtomicFiles.checkWritableDir(dir);
            return dir;
        }
    }

    /** {@code --seed S}: the command's one seed, 0 unless given. */
    static final class Seed {
        @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed.")
        long value;
    }

    /** {@code --eta η}: the method's entropy weight, 0.05 (the paper's choice) unless given. */
    static final class Eta {
        @Option(names = "--eta", defaultValue = "0.05", paramLabel = "η", description = "The method's entropy weight η.")
        double value;
    }

    /** {@code --on-nan stop|skip-batch}: what a training run does on a non-finite loss or gradient. */
    static final class OnNan {
        @Option(names = "--on-nan", defaultValue = "stop", paramLabel = "stop|skip-batch",
                description = "On a NaN/Inf loss or gradient: stop the run with a message, or skip the batch and count it in the run's train_log.csv.")
        String word;

        /** The policy the word names (one-line error, exit 2, for another word). */
        NanPolicy policy() {
            return switch (word.toLowerCase(Locale.ROOT)) {
                case "stop" -> NanPolicy.STOP;
                case "skip-batch" -> NanPolicy.SKIP_BATCH;
                default -> throw CliException.input("--on-nan must be stop or skip-batch, got '" + word + "'");
            };
        }
    }
}
