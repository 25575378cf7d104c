package org.softcluster.neural.vade;

/** How soft the branch's assignments γ end: as trained, or softened after training to a label-free estimate of how often they are right. */
public enum Softness {
    /** γ as trained: η (or the target entropy) alone sets its softness. */
    FIXED,
    /**
     * After training, the branch's temperature is multiplied by the τ ≥ 1 that brings γ's mean confidence on the
     * validation rows down to {@link org.softcluster.metrics.Reliability#estimate} there (never sharper than trained;
     * the clusters do not change). Needs a validation part; the method only (plain VaDE has no branch).
     */
    AUTO;

    /** Parses a CLI word (case-insensitive). */
    public static Softness parse(String s) { return CliWords.parseEnum(Softness.class, "softness", s); }
}
