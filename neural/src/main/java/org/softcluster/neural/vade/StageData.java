package org.softcluster.neural.vade;

import ai.djl.ndarray.NDArray;
import org.softcluster.data.Dataset;
import org.softcluster.neural.train.EpochLog;

import java.util.List;

/**
 * What the stages of one run train on: the network, the training rows as a tensor (and their augmenter),
 * the validation rows (tensor and dataset, or null when there is no validation part) and the log the
 * stages append their epochs to.
 *
 * @param net the network
 * @param x the training rows, N×D
 * @param aug distorts image rows where the configuration says so
 * @param xVal the validation rows, or null
 * @param validation the validation part (labels for monitoring), or null
 * @param log the training log
 */
record StageData(VadeNetwork net, NDArray x, Augmenter aug, NDArray xVal, Dataset validation, List<EpochLog> log) {

    /** The number of training rows N. */
    int n() { return (int) x.getShape().get(0); }
}
