package org.softcluster.spark;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.softcluster.cli.CliException;
import org.softcluster.cli.Main;
import org.softcluster.data.DataException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * The entry point of {@code softcluster spark-assign} (the launcher runs it with Spark on the class path; so does
 * {@code spark-submit --class org.softcluster.spark.SparkMain}). Errors are one line, as in the other commands:
 * {@code softcluster: error: ...}, exit 2 for bad input, no stack trace unless {@code --debug}. A failure inside a
 * Spark task reaches the driver wrapped in Spark's job failure; the message printed is the task's own.
 */
public final class SparkMain {
    private SparkMain() { }

    /** Runs {@code spark-assign} with the arguments after the command name and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs {@code spark-assign} and returns the exit code (0 ok, 1 runtime failure, 2 input or usage error). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        boolean debug = false;
        for (String a : args) if (a.equals("--debug")) debug = true;
        String[] rest = java.util.Arrays.stream(args).filter(a -> !a.equals("--debug")).toArray(String[]::new);
        // under spark-submit (which sets spark.submit.deployMode) the cluster's log4j configuration rules
        boolean configured = System.getProperty("log4j2.configurationFile") != null
                || System.getProperty("spark.submit.deployMode") != null;
        if (!configured && !debug) quietLogs();
        boolean printTrace = debug;
        CommandLine cl = new CommandLine(new SparkAssignCommand());
        cl.setCommandName("softcluster spark-assign");
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("softcluster: " + Main.oneLine(ex.getMessage()));
            err.println("Try 'softcluster spark-assign --help' for usage.");
            err.flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            Throwable cause = cause(ex);
            err.println("softcluster: error: " + flags(Main.message(cause)));
            if (printTrace) ex.printStackTrace(err);
            err.flush();
            return Main.exitCode(cause);
        });
        return cl.execute(rest);
    }

    /**
     * The failure to report: the first of our own (or an input) error in the cause chain — a task's
     * {@link DataException} inside Spark's "Job aborted" — or the failure itself.
     */
    static Throwable cause(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof DataException || t instanceof CliException || t instanceof IOException
                    || t instanceof UncheckedIOException || t instanceof IllegalArgumentException) {
                return t;
            }
            if (t.getClass().getName().equals("org.apache.spark.sql.AnalysisException")) {
                return new DataException(t.getMessage());   // a path or column Spark cannot find: bad input
            }
        }
        return ex;
    }

    /** The library speaks of its parameters; the command line names its flags. */
    static String flags(String message) {
        return message.replace("handleInvalid=", "--handle-invalid ").replace("missing=drop|mean|mode", "--missing drop|mean|mode");
    }

    /**
     * Spark logs at INFO by default, and a failed task is logged with its stack trace by four of its classes; a
     * command prints its own result and one error line ({@code --debug} keeps Spark's logging and adds the trace).
     */
    private static void quietLogs() {
        // WARN, not ERROR: Spark takes a root logger at ERROR with log4j's default configuration for "not configured"
        // and then installs its own INFO profile
        Configurator.setRootLevel(Level.WARN);
        for (String family : new String[] {"org.apache.spark", "org.apache.hadoop", "org.sparkproject", "org.apache.parquet"}) {
            Configurator.setLevel(family, Level.OFF);
        }
        Configurator.setLevel("ai.djl", Level.OFF);   // its CUDA probe warns on every machine without a GPU
    }
}
