package org.softcluster.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * An ordered set of named, trainable tensors owned by one {@link NDManager}.
 *
 * <p>Networks here are written as plain tensor code over these parameters (rather than DJL
 * blocks) so that the objective reads like the paper's equations and every tensor has a stable
 * name in the saved {@code .npz} file.
 */
public final class Params implements AutoCloseable {
    private final NDManager manager;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();

    /** Creates an empty set whose tensors live in a new sub-manager of {@code parent}. */
    public Params(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    /** The manager that owns the tensors. */
    public NDManager manager() { return manager; }

    /** Adds a tensor under a name, attaching it to this set's manager. */
    public NDArray put(String name, NDArray array) {
        if (arrays.containsKey(name)) {
            throw new IllegalArgumentException("duplicate parameter " + name);
        }
        array.attach(manager);
        array.setName(name);
        arrays.put(name, array);
        return array;
    }

    /** Adds a tensor holding a copy of float values (in libtorch-owned storage, see {@link Tensors}). */
    public NDArray put(String name, float[] values, Shape shape) {
        return put(name, Tensors.of(manager, values, shape));
    }

    /**
     * Adds a Glorot/Xavier-uniform initialised weight of shape (out, in) and a zero bias (out).
     */
    public void putLinear(String name, int in, int out, Random rnd) {
        float[] w = new float[in * out];
        double a = Math.sqrt(6.0 / (in + out));
        for (int i = 0; i < w.length; i++) w[i] = (float) ((rnd.nextDouble() * 2 - 1) * a);
        put(name + ".w", w, new Shape(out, in));
        put(name + ".b", new float[out], new Shape(out));
    }

    /** Draws from {@code rnd} exactly what {@link #putLinear} would for an {@code in → out} layer, and keeps nothing. */
    public static void skipLinear(int in, int out, Random rnd) {
        for (long i = 0, n = (long) in * out; i < n; i++) rnd.nextDouble();
    }

    /**
     * Adds a stack of Xavier-initialised layers {@code prefix.0 .. prefix.(n-1)} of the given widths
     * and returns the width of the last one ({@code in} when there are none).
     */
    public int putLayers(String prefix, int in, int[] widths, Random rnd) {
        int prev = in;
        for (int i = 0; i < widths.length; i++) {
            putLinear(prefix + "." + i, prev, widths[i], rnd);
            prev = widths[i];
        }
        return prev;
    }

    /** The widths in reverse order (a decoder mirrors its encoder). */
    public static int[] reversed(int[] widths) {
        int[] r = new int[widths.length];
        for (int i = 0; i < widths.length; i++) r[i] = widths[widths.length - 1 - i];
        return r;
    }

    /** The tensor with that name. */
    public NDArray get(String name) {
        NDArray a = arrays.get(name);
        if (a == null) throw new IllegalArgumentException("no parameter " + name);
        return a;
    }

    /**
     * Checks that these (loaded) parameters hold every tensor of {@code expected} (a freshly made network's)
     * with the same shape.
     *
     * @throws IllegalArgumentException naming the first missing or misshapen tensor
     */
    public void checkMatches(Params expected) {
        for (var e : expected.all().entrySet()) {
            if (!has(e.getKey())) throw new IllegalArgumentException("model parameters lack '" + e.getKey() + "'");
            Shape want = e.getValue().getShape();
            Shape got = get(e.getKey()).getShape();
            if (!want.equals(got)) {
                throw new IllegalArgumentException("model parameter '" + e.getKey() + "' has shape " + got + ", expected " + want);
            }
        }
    }

    /** Whether a tensor with that name exists. */
    public boolean has(String name) { return arrays.containsKey(name); }

    /** All tensors, in insertion order (unmodifiable). */
    public Map<String, NDArray> all() { return Collections.unmodifiableMap(arrays); }

    /** Marks every tensor as requiring a gradient. */
    public void requireGradients() {
        for (NDArray a : arrays.values()) a.setRequiresGradient(true);
    }

    /** Total number of scalar parameters. */
    public long count() {
        long n = 0;
        for (NDArray a : arrays.values()) n += a.size();
        return n;
    }

    /** Copies of every tensor's values, by name (for snapshots of the best epoch). */
    public Map<String, float[]> snapshot() {
        Map<String, float[]> s = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) s.put(e.getKey(), e.getValue().toFloatArray());
        return s;
    }

    /** Overwrites the tensors' values in place from a snapshot (copied into their own storage, see {@link Tensors#assign}). */
    public void restore(Map<String, float[]> snapshot) {
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            float[] v = snapshot.get(e.getKey());
            if (v == null || v.length != e.getValue().size()) {
                throw new IllegalArgumentException("snapshot does not match parameter " + e.getKey());
            }
            Tensors.assign(e.getValue(), v);
        }
    }

    /** Writes all tensors to an {@code .npz} file. */
    public void save(Path file) throws IOException {
        NDList list = new NDList();
        arrays.values().forEach(list::add);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            list.encode(out, NDList.Encoding.NPZ);
        }
    }

    /**
     * Reads tensors from an {@code .npz} file written by {@link #save}.
     *
     * @throws IOException when the file cannot be read or decoded
     */
    public static Params load(NDManager parent, Path file) throws IOException {
        Params p = new Params(parent);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            NDList list;
            try {
                list = NDList.decode(p.manager, in);
            } catch (RuntimeException e) {
                p.close();
                throw new IOException(file.getFileName() + ": not a readable parameter file (" + e.getMessage() + ")", e);
            }
            for (NDArray a : list) {
                String name = a.getName();
                if (name != null && name.endsWith(".npy")) name = name.substring(0, name.length() - 4);
                // decoded tensors are views of Java buffers: keep libtorch-owned copies (see Tensors)
                p.put(name, Tensors.owned(a));
            }
        }
        return p;
    }

    @Override
    public void close() {
        manager.close();
    }
}
