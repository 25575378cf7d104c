package org.softcluster.neural.dec;

import ai.djl.ndarray.NDArray;
import org.softcluster.data.Dataset;

import java.util.List;

/**
 * What DEC's stages train on: the network, the training rows as a tensor, the validation rows (tensor and
 * dataset, or null when there is no validation part) and the log the stages append their epochs to.
 *
 * @param net the network
 * @param x the training rows, N×D
 * @param xVal the validation rows, or null
 * @param validation the validation part (labels for monitoring), or null
 * @param log the training log
 */
record DecData(DecNetwork net, NDArray x, NDArray xVal, Dataset validation, List<DecLog> log) {

    /** The number of training rows N. */
    int n() { return (int) x.getShape().get(0); }
}
