package org.softcluster.cli;

import org.softcluster.neural.train.NonFiniteException;

import org.softcluster.data.DataException;
import org.softcluster.data.MissingCellException;
import org.softcluster.neural.vade.VadeTrainer;
import org.softcluster.report.Provenance;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** The {@code softcluster} command: a thin picocli front over the library. */
@Command(name = "softcluster", mixinStandardHelpOptions = true, showDefaultValues = true, versionProvider = Main.Version.class,
        description = "Deep clustering with controlled entropy of soft assignments.",
        footer = {"", "On Apache Spark (the spark module; the launcher runs it with Spark on the class path):",
                "  spark-assign  Write soft assignments of large data with Spark (see docs/spark.md)."},
        subcommands = {QuickstartCommand.class, FetchCommand.class, TrainCommand.class, AssignCommand.class,
                PrototypesCommand.class, UncertainCommand.class, SweepCommand.class, CompareCommand.class, ReportCommand.class, BenchCommand.class, EmbedCommand.class, BaselineCommand.class, EvaluateCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    static boolean debug;
    /** Where warnings go: the error stream of the command line being run. */
    private static PrintWriter warnings = new PrintWriter(System.err, true);

    /** Prints a stack trace on errors (for bug reports). */
    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces on errors.")
    void setDebug(boolean value) {
        debug = value;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see softcluster --help)");
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (0 ok, 1 runtime failure, 2 input or usage error). */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs with the given output streams (tests). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        debug = false;
        warnings = err;
        for (String a : args) if (a.equals("--debug")) debug = true;
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("softcluster: " + oneLine(ex.getMessage()));
            err.println("Try 'softcluster " + commandPath(ex.getCommandLine()) + "--help' for usage.");
            err.flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            int code = exitCode(ex);
            err.println("softcluster: error: " + message(ex));
            if (debug) ex.printStackTrace(err);
            err.flush();
            return code;
        });
        return cl.execute(args);
    }

    private static String commandPath(CommandLine cl) {
        StringBuilder sb = new StringBuilder();
        for (CommandLine c = cl; c != null && c.getParent() != null; c = c.getParent()) sb.insert(0, c.getCommandName() + " ");
        return sb.toString();
    }

    /** The exit code of a failure: a {@link CliException}'s own, 2 for bad input (data, arguments, files), else 1. */
    public static int exitCode(Throwable ex) {
        if (ex instanceof CliException ce) return ce.exitCode();
        if (ex instanceof DataException || ex instanceof IllegalArgumentException || ex instanceof IOException
                || ex instanceof UncheckedIOException) {
            return 2;
        }
        return 1;
    }

    /** Prints a one-line warning to the command's error stream. */
    static void warn(String message) {
        warnings.println("softcluster: warning: " + oneLine(message));
        warnings.flush();
    }

    /** The one-line message printed after {@code softcluster: error: }. */
    public static String message(Throwable ex) {
        // the library speaks of its parameters; the command line names its flag
        if (ex instanceof MissingCellException m) return oneLine(m.cell() + "; use --missing drop|mean|mode to handle missing cells");
        if (ex instanceof NonFiniteException) {
            return oneLine(ex.getMessage()).replace("(the non-finite policy SKIP_BATCH skips such batches)",
                    "(use --on-nan skip-batch to skip such batches)");
        }
        String m = ex.getMessage();
        if (m == null || m.isBlank()) m = ex.getClass().getSimpleName();
        if (ex instanceof OutOfMemoryError) m = "out of memory: " + m + " (raise -Xmx via SOFTCLUSTER_JAVA_OPTS)";
        return oneLine(m);
    }

    /** Loads a model directory of any kind, with a one-line error (exit 2) when it cannot be read. */
    static org.softcluster.neural.NeuralModel loadModel(java.nio.file.Path dir) {
        try {
            return org.softcluster.neural.NeuralModel.load(dir);
        } catch (java.io.IOException e) {
            throw CliException.input("cannot load model " + dir + ": " + oneLine(e.getMessage()));
        }
    }

    /** The first line of a message, trimmed. */
    public static String oneLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    /** Supplies {@code --version}. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"softcluster " + Provenance.version(),
                    "Java " + System.getProperty("java.version") + ", " + System.getProperty("os.name")};
        }
    }
}
