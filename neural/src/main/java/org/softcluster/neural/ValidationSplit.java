package org.softcluster.neural;

import org.softcluster.data.Dataset;

/**
 * The training/validation split every neural trainer uses: a seeded fraction of the training data
 * (never the test set) is held out, but only when both parts can still hold K objects.
 *
 * @param train the part that is trained on
 * @param validation the held-out part, or null when there is none
 */
public record ValidationSplit(Dataset train, Dataset validation) {

    /** Splits {@code data} for a model with {@code k} clusters. */
    public static ValidationSplit of(Dataset data, double fraction, int k, long seed) {
        int nVal = (int) Math.round(data.size() * fraction);
        if (nVal >= Math.max(2, k) && data.size() - nVal >= k) {
            Dataset.Split split = data.split(fraction, seed);
            return new ValidationSplit(split.train(), split.validation());
        }
        return new ValidationSplit(data, null);
    }
}
