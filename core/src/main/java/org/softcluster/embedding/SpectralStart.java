package org.softcluster.embedding;

/**
 * UMAP's spectral start (umap-learn's {@code spectral_layout}): the eigenvectors 2..d+1 of the graph's normalised
 * Laplacian I − D^−1/2 W D^−1/2, i.e. the leading eigenvectors of D^−1/2 W D^−1/2 once its known top one,
 * D^1/2 1, is set aside. A graph of several components gets a layout per component, the components placed apart
 * around the origin (as umap-learn's {@code multi_component_layout}); components too small for a spectral layout
 * get seeded random positions near their place.
 */
final class SpectralStart {
    /** Lanczos steps for a component's layout: enough for the clusters' near-one eigenvalues to separate. */
    private static final int LANCZOS_STEPS = 96;

    private SpectralStart() {
    }

    /** The start layout of every vertex (n × dim), before UMAP's scaling and noise. */
    static double[][] of(FuzzyGraph g, double[] x, int d, int dim, long seed) {
        int[] comp = g.components();
        int components = 0;
        for (int c : comp) components = Math.max(components, c + 1);
        if (components == 1) return component(g, all(g.n), dim, seed);
        int[][] members = members(comp, components);
        double[][] centres = centres(members, x, d, dim, seed);
        // half the closest distance between two centres: each component's layout fits within it
        double radius = Double.POSITIVE_INFINITY;
        for (int a = 0; a < components; a++) {
            for (int b = a + 1; b < components; b++) {
                double s = 0;
                for (int j = 0; j < dim; j++) s += (centres[a][j] - centres[b][j]) * (centres[a][j] - centres[b][j]);
                radius = Math.min(radius, Math.sqrt(s) / 2);
            }
        }
        radius = Math.max(radius, 0.1); // components whose mean rows coincide still start apart
        double[][] out = new double[g.n][dim];
        for (int c = 0; c < components; c++) {
            double[][] local = component(g, members[c], dim, seed + c);
            double max = 0;
            for (double[] row : local) for (double v : row) max = Math.max(max, Math.abs(v));
            double f = max > 0 ? radius / max : 0;
            for (int i = 0; i < members[c].length; i++) {
                for (int j = 0; j < dim; j++) out[members[c][i]][j] = centres[c][j] + f * local[i][j];
            }
        }
        return out;
    }

    /** A spectral layout of one component's vertices (rows in the order of {@code vertices}). */
    private static double[][] component(FuzzyGraph g, int[] vertices, int dim, long seed) {
        int m = vertices.length;
        double[][] out = new double[m][dim];
        if (m <= dim + 1) {
            SplitMix rng = SplitMix.of(seed, 0x7a11);
            for (double[] row : out) for (int j = 0; j < dim; j++) row[j] = rng.nextDouble() * 2 - 1;
            return out;
        }
        int[] local = new int[g.n];
        for (int i = 0; i < m; i++) local[vertices[i]] = i;
        double[] invSqrt = new double[m];
        double[] top = new double[m];
        for (int i = 0; i < m; i++) {
            int v = vertices[i];
            double deg = 0;
            for (int a = g.start[v]; a < g.start[v + 1]; a++) deg += g.weight[a];
            invSqrt[i] = 1.0 / Math.sqrt(deg);
            top[i] = Math.sqrt(deg);
        }
        double norm = SymmetricEigen.norm(top);
        for (int i = 0; i < m; i++) top[i] /= norm;
        SymmetricEigen.Operator op = (in, y) -> {
            for (int i = 0; i < m; i++) {
                int v = vertices[i];
                double s = 0;
                for (int a = g.start[v]; a < g.start[v + 1]; a++) s += g.weight[a] * invSqrt[local[g.col[a]]] * in[local[g.col[a]]];
                y[i] = invSqrt[i] * s;
            }
        };
        double[][] vectors = SymmetricEigen.leading(op, m, dim, new double[][]{top}, LANCZOS_STEPS, seed);
        for (int i = 0; i < m; i++) for (int j = 0; j < dim; j++) out[i][j] = vectors[j][i];
        return out;
    }

    /**
     * Where each component sits: up to 2·dim components at ± the unit axes (umap-learn's rule), more at the
     * leading principal axes of the components' mean rows, scaled to a spread of 10 — so components close in the
     * data start close on the map.
     */
    private static double[][] centres(int[][] members, double[] x, int d, int dim, long seed) {
        int c = members.length;
        double[][] centres = new double[c][dim];
        if (c <= 2 * dim) {
            for (int a = 0; a < c; a++) centres[a][(a / 2) % dim] = (a % 2 == 0 ? 10.0 : -10.0);
            return centres;
        }
        double[][] means = new double[c][d];
        double[] grand = new double[d];
        for (int a = 0; a < c; a++) {
            for (int v : members[a]) for (int j = 0; j < d; j++) means[a][j] += x[v * d + j];
            for (int j = 0; j < d; j++) {
                means[a][j] /= members[a].length;
                grand[j] += means[a][j] / c;
            }
        }
        for (double[] row : means) for (int j = 0; j < d; j++) row[j] -= grand[j];
        SymmetricEigen.Operator cov = (in, y) -> {
            java.util.Arrays.fill(y, 0.0);
            for (double[] row : means) {
                double p = SymmetricEigen.dot(row, in);
                for (int j = 0; j < d; j++) y[j] += p * row[j];
            }
        };
        double[][] axes = SymmetricEigen.leading(cov, d, dim, new double[0][], Math.min(d, 32), seed);
        double max = 0;
        for (int a = 0; a < c; a++) {
            for (int j = 0; j < dim; j++) {
                centres[a][j] = SymmetricEigen.dot(means[a], axes[j]);
                max = Math.max(max, Math.abs(centres[a][j]));
            }
        }
        for (double[] row : centres) for (int j = 0; j < dim; j++) row[j] = max > 0 ? row[j] * 10 / max : 0;
        return centres;
    }

    private static int[][] members(int[] comp, int components) {
        int[] size = new int[components];
        for (int c : comp) size[c]++;
        int[][] members = new int[components][];
        for (int c = 0; c < components; c++) members[c] = new int[size[c]];
        int[] fill = new int[components];
        for (int v = 0; v < comp.length; v++) members[comp[v]][fill[comp[v]]++] = v;
        return members;
    }

    private static int[] all(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = i;
        return out;
    }
}
