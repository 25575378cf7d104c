package org.softcluster.cli;

/** A failure the CLI reports as one line with a given exit code (2 input/usage, 1 runtime). */
public final class CliException extends RuntimeException {
    private final int exitCode;

    /** Creates the exception. */
    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** An input or usage error (exit 2). */
    public static CliException input(String message) {
        return new CliException(2, message);
    }

    /** A runtime failure (exit 1). */
    public static CliException runtime(String message) {
        return new CliException(1, message);
    }

    /** The process exit code. */
    public int exitCode() { return exitCode; }
}
