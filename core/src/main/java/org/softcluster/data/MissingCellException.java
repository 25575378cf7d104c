package org.softcluster.data;

/**
 * A missing cell in a feature column under the missing-cell policy {@link Encoding.Missing#ERROR}: the
 * message names the cell and the other policies; {@link #cell()} names the cell alone, for a tool that
 * names its own option instead.
 */
public final class MissingCellException extends DataException {

    private static final long serialVersionUID = 1L;

    private final String cell;

    /** Creates the exception for a cell described as {@code file row R, column "C": missing cell (...)}. */
    public MissingCellException(String cell) {
        super(cell + "; the missing-cell policy is error (drop, mean or mode handle missing cells)");
        this.cell = cell;
    }

    /** The cell and its spelling, without advice. */
    public String cell() { return cell; }
}
