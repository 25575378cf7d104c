package org.softcluster.data;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A per-feature affine scaling {@code x' = (x - offset) / scale}, fitted on training data and
 * applied unchanged to any other data, with an inverse to report prototypes in original units.
 *
 * <p>Methods: {@code none} (identity), {@code standardize} (offset = mean, scale = population
 * standard deviation, as scikit-learn's StandardScaler) and {@code minmax} (offset = minimum,
 * scale = maximum − minimum, so training values land in [0, 1]). A constant feature gets scale 1
 * under both, as in scikit-learn, so its training values become 0.
 */
public final class Scaler {

    /** The scaling method. */
    public enum Method {
        /** No scaling. */
        NONE,
        /** Zero mean and unit standard deviation per feature. */
        STANDARDIZE,
        /** Training range mapped to [0, 1] per feature. */
        MINMAX;

        /** The lower-case name used on the command line and in saved state. */
        public String id() { return name().toLowerCase(Locale.ROOT); }

        /** Parses {@code none}, {@code standardize} or {@code minmax} (case-insensitive). */
        public static Method parse(String s) {
            if (s != null) {
                for (Method m : values()) {
                    if (m.id().equalsIgnoreCase(s.strip())) return m;
                }
            }
            throw new DataException("unknown scaling \"" + s + "\": expected none, standardize or minmax");
        }
    }

    /**
     * The fitted parameters in a JSON-friendly form (Jackson serialises records directly).
     *
     * @param method the method id ({@code none}, {@code standardize} or {@code minmax})
     * @param offsets per-feature value subtracted first (means for standardize, minima for minmax);
     *     null for none
     * @param scales per-feature divisor (standard deviations or ranges); null for none
     */
    public record Params(String method, double[] offsets, double[] scales) { }

    private final Method method;
    private final double[] offsets;
    private final double[] scales;

    private Scaler(Method method, double[] offsets, double[] scales) {
        this.method = method;
        this.offsets = offsets;
        this.scales = scales;
    }

    /** The identity scaler, which accepts data of any dimension. */
    public static Scaler none() {
        return new Scaler(Method.NONE, null, null);
    }

    /** Fits the scaler on training data (a constant feature gets scale 1: see {@link #constantFeatures}). */
    public static Scaler fit(Method method, Dataset train) {
        if (method == Method.NONE) return none();
        if (train.size() == 0) {
            throw new DataException(train.name() + ": cannot fit " + method.id() + " scaling on an empty dataset");
        }
        int n = train.size();
        int d = train.dim();
        float[] x = train.features();
        double[] min = new double[d];
        double[] max = new double[d];
        double[] mean = new double[d];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            int base = i * d;
            for (int j = 0; j < d; j++) {
                double v = x[base + j];
                mean[j] += v;
                if (v < min[j]) min[j] = v;
                if (v > max[j]) max[j] = v;
            }
        }
        for (int j = 0; j < d; j++) mean[j] /= n;
        double[] offsets = new double[d];
        double[] scales = new double[d];
        if (method == Method.MINMAX) {
            for (int j = 0; j < d; j++) {
                offsets[j] = min[j];
                // A constant column has no range; scale 1 maps it to 0 instead of dividing by zero.
                scales[j] = max[j] > min[j] ? max[j] - min[j] : 1.0;
            }
        } else {
            // Two passes (mean, then squared deviations) avoid the cancellation of sum-of-squares.
            double[] ss = new double[d];
            for (int i = 0; i < n; i++) {
                int base = i * d;
                for (int j = 0; j < d; j++) {
                    double dev = x[base + j] - mean[j];
                    ss[j] += dev * dev;
                }
            }
            for (int j = 0; j < d; j++) {
                offsets[j] = mean[j];
                // A constant column has no spread; scale 1 maps it to 0 (scikit-learn's StandardScaler does the
                // same). Constancy is tested on min/max, not on the computed deviation, which rounding makes inexact.
                scales[j] = max[j] > min[j] ? Math.sqrt(ss[j] / n) : 1.0;
            }
        }
        return new Scaler(method, offsets, scales);
    }

    /** The method. */
    public Method method() { return method; }

    /** The number of features this scaler was fitted on, or -1 for {@code none}. */
    public int dim() { return offsets == null ? -1 : offsets.length; }

    /** Scales a dataset (a new dataset; the input is untouched; {@code none} returns it as is). */
    public Dataset transform(Dataset data) {
        return apply(data, false);
    }

    /** Maps a scaled dataset back to original units. */
    public Dataset inverseTransform(Dataset data) {
        return apply(data, true);
    }

    private Dataset apply(Dataset data, boolean inverse) {
        if (method == Method.NONE) return data;
        checkDim(data);
        float[] x = data.features();
        float[] y = new float[x.length];
        int d = offsets.length;
        for (int base = 0; base < x.length; base += d) {
            for (int j = 0; j < d; j++) {
                double v = x[base + j];
                y[base + j] = (float) (inverse ? v * scales[j] + offsets[j] : (v - offsets[j]) / scales[j]);
            }
        }
        return data.withFeatures(y);
    }

    /** Maps scaled vectors (e.g. cluster prototypes, one per row) back to original units. */
    public double[][] inverseTransform(double[][] rows) {
        double[][] out = new double[rows.length][];
        for (int k = 0; k < rows.length; k++) out[k] = inverseTransform(rows[k]);
        return out;
    }

    /** Maps one scaled vector back to original units (a new array). */
    public double[] inverseTransform(double[] row) {
        if (method == Method.NONE) return row.clone();
        if (row.length != offsets.length) {
            throw new IllegalArgumentException("vector has " + row.length + " features but the scaler has " + offsets.length);
        }
        double[] out = new double[row.length];
        for (int j = 0; j < row.length; j++) out[j] = row[j] * scales[j] + offsets[j];
        return out;
    }

    /** The per-feature offsets (a copy), or null for {@code none}. */
    public double[] offsets() { return offsets == null ? null : offsets.clone(); }

    /** The per-feature scales (a copy), or null for {@code none}. */
    public double[] scales() { return scales == null ? null : scales.clone(); }

    /** The fitted parameters as a record, for saving with a model. */
    public Params toParams() {
        return new Params(method.id(), offsets(), scales());
    }

    /** Restores a scaler from saved parameters, validating them. */
    public static Scaler fromParams(Params p) {
        Method m = Method.parse(p.method());
        if (m == Method.NONE) return none();
        if (p.offsets() == null || p.scales() == null || p.offsets().length != p.scales().length
                || p.offsets().length == 0) {
            throw new DataException("invalid saved " + m.id() + " scaler: offsets and scales must be non-empty arrays"
                    + " of equal length");
        }
        for (int j = 0; j < p.scales().length; j++) {
            if (!(p.scales()[j] > 0) || !Double.isFinite(p.scales()[j]) || !Double.isFinite(p.offsets()[j])) {
                throw new DataException("invalid saved " + m.id() + " scaler: feature " + j + " has offset "
                        + p.offsets()[j] + " and scale " + p.scales()[j]);
            }
        }
        return new Scaler(m, p.offsets().clone(), p.scales().clone());
    }

    /** The fitted parameters as a plain map ({@code method}, {@code offsets}, {@code scales}). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method.id());
        if (offsets != null) {
            m.put("offsets", offsets.clone());
            m.put("scales", scales.clone());
        }
        return m;
    }

    /** Restores a scaler from a map as written by {@link #toMap} or parsed from JSON (lists of numbers). */
    public static Scaler fromMap(Map<String, ?> map) {
        Object method = map.get("method");
        return fromParams(new Params(method == null ? null : method.toString(),
                doubles(map.get("offsets"), "offsets"), doubles(map.get("scales"), "scales")));
    }

    private static double[] doubles(Object o, String key) {
        if (o == null) return null;
        if (o instanceof double[] a) return a.clone();
        if (o instanceof List<?> list) {
            double[] out = new double[list.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(list.get(i) instanceof Number num)) {
                    throw new DataException("invalid saved scaler: " + key + "[" + i + "] is not a number");
                }
                out[i] = num.doubleValue();
            }
            return out;
        }
        throw new DataException("invalid saved scaler: " + key + " is not an array of numbers");
    }

    private void checkDim(Dataset data) {
        if (data.dim() != offsets.length) {
            throw new DataException(data.name() + ": has " + data.dim() + " features but the scaler was fitted on "
                    + offsets.length);
        }
    }

    /** The features whose every value is the same (no information; scaled to 0 by standardize and minmax). */
    public static int[] constantFeatures(Dataset data) {
        int d = data.dim();
        float[] x = data.features();
        boolean[] varies = new boolean[d];
        for (int base = d; base < x.length; base += d) {
            for (int j = 0; j < d; j++) varies[j] |= x[base + j] != x[j];
        }
        int[] out = new int[d];
        int count = 0;
        for (int j = 0; j < d; j++) if (!varies[j]) out[count++] = j;
        return Arrays.copyOf(out, count);
    }

    @Override
    public String toString() {
        return "Scaler(" + method.id() + (offsets == null ? "" : ", " + offsets.length + " features") + ")";
    }
}
