package org.softcluster.data;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Random;

/**
 * An immutable table of N objects with D float features, optional integer labels, optional
 * string ids, an optional image shape and optional feature names.
 *
 * <p>Features are stored row-major in one flat array so that neural code can hand them to a
 * tensor library without copying row by row.
 */
public final class Dataset {
    private final String name;
    private final float[] features;
    private final int n;
    private final int dim;
    private final int[] labels;
    private final String[] ids;
    private final int[] imageShape;
    private final String[] featureNames;
    private final Encoding encoding;

    /**
     * Creates a dataset.
     *
     * @param name a human-readable source name (file or description)
     * @param features row-major N×D features (not copied)
     * @param n number of objects
     * @param dim number of features per object
     * @param labels N integer labels, or null
     * @param ids N ids, or null (then ids are the row indices)
     * @param imageShape {height, width} with height·width = dim, or null for tabular data
     */
    public Dataset(String name, float[] features, int n, int dim, int[] labels, String[] ids, int[] imageShape) {
        this(name, features, n, dim, labels, ids, imageShape, null);
    }

    /**
     * Creates a dataset with feature names (kept so that errors and reports can name columns).
     *
     * @param name a human-readable source name (file or description)
     * @param features row-major N×D features (not copied)
     * @param n number of objects
     * @param dim number of features per object
     * @param labels N integer labels, or null
     * @param ids N ids, or null (then ids are the row indices)
     * @param imageShape {height, width} with height·width = dim, or null for tabular data
     * @param featureNames D feature names, or null (then names are {@code f0, f1, ...})
     */
    public Dataset(String name, float[] features, int n, int dim, int[] labels, String[] ids, int[] imageShape,
                   String[] featureNames) {
        this(name, features, n, dim, labels, ids, imageShape, featureNames, null);
    }

    private Dataset(String name, float[] features, int n, int dim, int[] labels, String[] ids, int[] imageShape,
                    String[] featureNames, Encoding encoding) {
        this.name = Objects.requireNonNull(name, "name");
        this.features = Objects.requireNonNull(features, "features");
        if (n < 0 || dim < 1) {
            throw new IllegalArgumentException("invalid dataset size " + n + "x" + dim);
        }
        if ((long) n * dim != features.length) {
            throw new IllegalArgumentException("features length " + features.length + " != " + n + "x" + dim);
        }
        if (labels != null && labels.length != n) {
            throw new IllegalArgumentException("labels length " + labels.length + " != " + n);
        }
        if (ids != null && ids.length != n) {
            throw new IllegalArgumentException("ids length " + ids.length + " != " + n);
        }
        if (imageShape != null && (imageShape.length != 2 || imageShape[0] * imageShape[1] != dim)) {
            throw new IllegalArgumentException("image shape " + Arrays.toString(imageShape) + " does not match dim " + dim);
        }
        if (featureNames != null && featureNames.length != dim) {
            throw new IllegalArgumentException("feature names length " + featureNames.length + " != " + dim);
        }
        if (encoding != null && encoding.dim() != dim) {
            throw new IllegalArgumentException("the encoding makes " + encoding.dim() + " features, the dataset has " + dim);
        }
        this.encoding = encoding;
        this.n = n;
        this.dim = dim;
        this.featureNames = featureNames == null ? null : featureNames.clone();
        this.labels = labels;
        this.ids = ids;
        this.imageShape = imageShape;
    }

    /** Creates an unlabelled tabular dataset. */
    public static Dataset of(String name, float[] features, int n, int dim) {
        return new Dataset(name, features, n, dim, null, null, null);
    }

    /**
     * A tabular dataset from rows of numbers, as a Java caller holds them (one row per object, all rows
     * of the same length, every value finite); the values are copied into float storage.
     *
     * @throws IllegalArgumentException for no rows, ragged rows or a non-finite value (naming its row and column)
     */
    public static Dataset of(double[][] rows) {
        Objects.requireNonNull(rows, "rows");
        if (rows.length == 0 || rows[0] == null || rows[0].length == 0) {
            throw new IllegalArgumentException("a dataset needs at least one row with at least one value");
        }
        int dim = rows[0].length;
        float[] x = new float[rows.length * dim];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null || rows[i].length != dim) {
                throw new IllegalArgumentException("row " + i + " has " + (rows[i] == null ? 0 : rows[i].length)
                        + " values, row 0 has " + dim);
            }
            for (int j = 0; j < dim; j++) {
                if (!Double.isFinite(rows[i][j])) {
                    throw new IllegalArgumentException("row " + i + ", column " + j + " is not a finite number: " + rows[i][j]);
                }
                x[i * dim + j] = (float) rows[i][j];
            }
        }
        return of("rows", x, rows.length, dim);
    }

    /** The source name. */
    public String name() { return name; }

    /** Number of objects. */
    public int size() { return n; }

    /** Number of features per object. */
    public int dim() { return dim; }

    /** The row-major feature array (shared, do not modify). */
    public float[] features() { return features; }

    /** Feature j of object i. */
    public float get(int i, int j) { return features[i * dim + j]; }

    /** A copy of row i. */
    public float[] row(int i) { return Arrays.copyOfRange(features, i * dim, (i + 1) * dim); }

    /** Whether labels are present. */
    public boolean hasLabels() { return labels != null; }

    /** The labels (shared), or null. */
    public int[] labels() { return labels; }

    /** Whether explicit ids are present. */
    public boolean hasIds() { return ids != null; }

    /** The id of object i: its explicit id, or its row index. */
    public String id(int i) { return ids != null ? ids[i] : Integer.toString(i); }

    /** The explicit ids (shared), or null. */
    public String[] ids() { return ids; }

    /** {height, width} for image data, or null. */
    public int[] imageShape() { return imageShape == null ? null : imageShape.clone(); }

    /** Whether the objects are images. */
    public boolean isImage() { return imageShape != null; }

    /** Whether explicit feature names are present. */
    public boolean hasFeatureNames() { return featureNames != null; }

    /** A copy of the explicit feature names, or null. */
    public String[] featureNames() { return featureNames == null ? null : featureNames.clone(); }

    /** The name of feature j: its explicit name, or {@code f<j>}. */
    public String featureName(int j) {
        if (j < 0 || j >= dim) throw new IndexOutOfBoundsException("feature " + j + " of " + dim);
        return featureNames != null ? featureNames[j] : "f" + j;
    }

    /**
     * How the features were made from a table's columns (categories one-hot encoded, missing cells handled), or
     * null when they are the columns' numbers as they are; a model trained on the dataset keeps it.
     */
    public Encoding encoding() { return encoding; }

    /** Returns a copy that records the encoding its features were made with. */
    public Dataset withEncoding(Encoding newEncoding) {
        return new Dataset(name, features, n, dim, labels, ids, imageShape, featureNames, newEncoding);
    }

    /** Returns the objects at the given row indices, in that order. */
    public Dataset subset(int[] rows) {
        float[] f = new float[rows.length * dim];
        int[] l = labels == null ? null : new int[rows.length];
        String[] s = ids == null ? null : new String[rows.length];
        for (int r = 0; r < rows.length; r++) {
            int i = rows[r];
            System.arraycopy(features, i * dim, f, r * dim, dim);
            if (l != null) l[r] = labels[i];
            if (s != null) s[r] = ids[i];
        }
        return new Dataset(name, f, rows.length, dim, l, s, imageShape, featureNames, encoding);
    }

    /** Returns a copy with new features of the same shape (e.g. after scaling). */
    public Dataset withFeatures(float[] newFeatures) {
        return new Dataset(name, newFeatures, n, dim, labels, ids, imageShape, featureNames, encoding);
    }

    /** Returns a copy with a different name. */
    public Dataset withName(String newName) {
        return new Dataset(newName, features, n, dim, labels, ids, imageShape, featureNames, encoding);
    }

    /**
     * Splits deterministically into a training and a validation part.
     *
     * @param validationFraction fraction of objects in the validation part, in [0, 1)
     * @param seed the shuffling seed
     */
    public Split split(double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0,1): " + validationFraction);
        }
        int[] perm = permutation(n, seed);
        int nVal = (int) Math.round(n * validationFraction);
        int[] val = Arrays.copyOfRange(perm, 0, nVal);
        int[] train = Arrays.copyOfRange(perm, nVal, n);
        Arrays.sort(val);
        Arrays.sort(train);
        return new Split(subset(train), subset(val), train, val);
    }

    /** A Fisher–Yates permutation of 0..n-1 driven by {@link Random}(seed). */
    public static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        Random rnd = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i]; p[i] = p[j]; p[j] = t;
        }
        return p;
    }

    /** SHA-256 of the features, labels and shape, hex encoded (for provenance). */
    public String sha256() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8192);
            buf.putInt(n).putInt(dim);
            for (float v : features) {
                if (buf.remaining() < 4) { buf.flip(); md.update(buf); buf.clear(); }
                buf.putFloat(v);
            }
            if (labels != null) {
                for (int v : labels) {
                    if (buf.remaining() < 4) { buf.flip(); md.update(buf); buf.clear(); }
                    buf.putInt(v);
                }
            }
            buf.flip();
            md.update(buf);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A training/validation pair with the original row indices of each part. */
    public record Split(Dataset train, Dataset validation, int[] trainRows, int[] validationRows) { }

    @Override
    public String toString() {
        return name + " (" + n + "x" + dim + (labels != null ? ", labelled" : "") + ")";
    }
}
