package org.softcluster.neural;

import org.softcluster.data.Dataset;
import org.softcluster.data.Scaler;

/**
 * Training data in model units and the scaler fitted on it: what a trainer trains on and what its
 * model keeps to scale new data the same way.
 *
 * @param scaler the scaler fitted on the raw training data
 * @param data the training data after scaling
 */
public record Scaled(Scaler scaler, Dataset data) {

    /** Fits {@code method} on the raw training data and scales it ({@code none} keeps the data as it is). */
    public static Scaled fit(Scaler.Method method, Dataset raw) {
        Scaler s = Scaler.fit(method, raw);
        return new Scaled(s, s.transform(raw));
    }
}
