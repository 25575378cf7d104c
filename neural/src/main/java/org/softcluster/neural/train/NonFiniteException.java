package org.softcluster.neural.train;

/** Thrown when a loss or gradient becomes NaN or infinite; the message names the stage, epoch, batch and term. */
public final class NonFiniteException extends RuntimeException {
    /** Creates the exception. */
    public NonFiniteException(String message) {
        super(message);
    }
}
