package org.softcluster.neural.train;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Early stopping as a rule a stage consults after each epoch: it keeps the best score so far (higher is
 * better), its epoch and a snapshot of the weights then, and says to stop once {@code patience} epochs
 * passed without improvement (never with patience 0). Its state travels in checkpoints.
 */
public final class EarlyStopping {
    private final int patience;
    private double best = Double.NEGATIVE_INFINITY;
    private int bestEpoch;
    private int sinceBest;
    private Map<String, float[]> bestSnapshot;

    /** A rule with this patience (0: never stop early). */
    public EarlyStopping(int patience) {
        this.patience = patience;
    }

    /** Restores the state of an interrupted run. */
    public void restore(double bestScore, int epoch, int since, Map<String, float[]> snapshot) {
        this.best = bestScore;
        this.bestEpoch = epoch;
        this.sinceBest = since;
        this.bestSnapshot = snapshot;
    }

    /** Offers an epoch's score; on improvement, takes a snapshot of the weights from {@code weights}. */
    public void offer(int epoch, double score, Supplier<Map<String, float[]>> weights) {
        if (score > best) {
            best = score;
            bestEpoch = epoch;
            sinceBest = 0;
            bestSnapshot = weights.get();
        } else {
            sinceBest++;
        }
    }

    /** Marks an epoch as the one to keep without scoring it (selection of the last epoch). */
    public void keep(int epoch) {
        bestEpoch = epoch;
    }

    /** Whether the patience ran out. */
    public boolean shouldStop() {
        return patience > 0 && sinceBest >= patience;
    }

    /** The best score so far (−∞ before any). */
    public double best() { return best; }

    /** The epoch to keep. */
    public int bestEpoch() { return bestEpoch; }

    /** Epochs since the best one. */
    public int sinceBest() { return sinceBest; }

    /** The weights at the best epoch, or null when none was scored. */
    public Map<String, float[]> bestSnapshot() { return bestSnapshot; }
}
