package org.softcluster.neural;

/**
 * What every network shares: its configuration, the input feature count and the parameters it computes
 * with (closed with it).
 *
 * @param <C> the configuration record
 */
public abstract class Network<C> implements AutoCloseable {
    /** The configuration. */
    protected final C config;
    /** The input feature count D. */
    protected final int inputDim;
    /** The parameters. */
    protected final Params params;

    protected Network(C config, int inputDim, Params params) {
        this.config = config;
        this.inputDim = inputDim;
        this.params = params;
    }

    /** The configuration. */
    public C config() { return config; }

    /** The input feature count D. */
    public int inputDim() { return inputDim; }

    /** The parameters. */
    public Params params() { return params; }

    /** x·W + b of the dense layer {@code name} (tensors {@code name.w}, {@code name.b}). */
    protected final ai.djl.ndarray.NDArray linear(ai.djl.ndarray.NDArray x, String name) {
        return Layers.linear(x, params.get(name + ".w"), params.get(name + ".b"));
    }

    /** The ReLU layers {@code prefix.0 … prefix.(layers−1)} applied in turn (an encoder trunk or a decoder's hidden part). */
    protected final ai.djl.ndarray.NDArray reluLayers(ai.djl.ndarray.NDArray x, String prefix, int layers) {
        ai.djl.ndarray.NDArray h = x;
        for (int i = 0; i < layers; i++) h = Layers.relu(linear(h, prefix + "." + i));
        return h;
    }

    @Override
    public void close() {
        params.close();
    }
}
