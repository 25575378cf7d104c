/**
 * What every training stage of every method shares: the one mini-batch loop ({@link org.softcluster.neural.train.TrainLoop}:
 * epochs × batches, the clipped Adam step, the non-finite policy, listener events), early stopping as a rule
 * ({@link org.softcluster.neural.train.EarlyStopping}), the training-log row and the progress listener.
 * Method packages (vade, dec) depend on this package, never on each other.
 */
package org.softcluster.neural.train;
