package org.softcluster.data;

/**
 * The single error type for unreadable or invalid input data, carrying a one-line message that
 * names the file and what is wrong, so that a command-line tool can print it verbatim.
 */
public class DataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a one-line message (line breaks are folded into spaces). */
    public DataException(String message) {
        super(oneLine(message));
    }

    /** Creates an exception with a one-line message and the low-level cause. */
    public DataException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    // Messages are printed as a single line by the CLI; text from parsers or processes may contain
    // line breaks, so they are folded here once instead of at every call site.
    private static String oneLine(String message) {
        if (message == null) return "invalid data";
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
