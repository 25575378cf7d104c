package org.softcluster.embedding;

/**
 * The settings of a UMAP map ({@link Umap}), with umap-learn's meaning and defaults.
 *
 * @param neighbors the size of each point's neighbourhood, the point itself included (umap-learn's
 *                  {@code n_neighbors}; 15), at least 2
 * @param components the dimension of the map (2)
 * @param minDist how close points may sit on the map (0.1); 0 packs clusters tightly (N2D's choice)
 * @param spread the scale of the map's distances (1); {@code minDist <= spread}
 * @param epochs the layout's epochs, or 0 for umap-learn's rule: 500 up to 10 000 points, 200 above
 * @param negativeSamples repulsive samples per attractive one (5)
 * @param learningRate the layout's initial step, decaying linearly to 0 (1)
 * @param repulsion the weight of the repulsive samples (umap-learn's {@code repulsion_strength}; 1)
 */
public record UmapConfig(int neighbors, int components, double minDist, double spread, int epochs,
                         int negativeSamples, double learningRate, double repulsion) {

    /** umap-learn's defaults: 15 neighbours, 2 components, min_dist 0.1, spread 1, 5 negative samples. */
    public static final UmapConfig DEFAULT = new UmapConfig(15, 2, 0.1, 1.0, 0, 5, 1.0, 1.0);

    /** Checks the settings. */
    public UmapConfig {
        if (neighbors < 2) throw new IllegalArgumentException("UMAP needs at least 2 neighbours (the point included), got " + neighbors);
        if (components < 1) throw new IllegalArgumentException("UMAP needs at least 1 component, got " + components);
        if (!(spread > 0) || !Double.isFinite(spread)) throw new IllegalArgumentException("UMAP spread must be positive, got " + spread);
        if (!(minDist >= 0) || minDist > spread) {
            throw new IllegalArgumentException("UMAP min_dist must lie in [0, spread], got " + minDist);
        }
        if (epochs < 0) throw new IllegalArgumentException("UMAP epochs must be 0 (automatic) or positive, got " + epochs);
        if (negativeSamples < 0) throw new IllegalArgumentException("UMAP negative samples must be >= 0, got " + negativeSamples);
        if (!(learningRate > 0)) throw new IllegalArgumentException("UMAP learning rate must be positive, got " + learningRate);
        if (!(repulsion >= 0)) throw new IllegalArgumentException("UMAP repulsion must be >= 0, got " + repulsion);
    }

    /** These settings with another neighbourhood size. */
    public UmapConfig withNeighbors(int k) {
        return new UmapConfig(k, components, minDist, spread, epochs, negativeSamples, learningRate, repulsion);
    }

    /** These settings with another number of epochs (0 = automatic). */
    public UmapConfig withEpochs(int e) {
        return new UmapConfig(neighbors, components, minDist, spread, e, negativeSamples, learningRate, repulsion);
    }

    /** The layout epochs for {@code n} points: the configured number, or 500 up to 10 000 points and 200 above. */
    public int epochsFor(int n) {
        return epochs > 0 ? epochs : n <= 10_000 ? 500 : 200;
    }
}
