package org.softcluster.neural.train;

import org.softcluster.io.Json;

import java.util.Map;

import static org.softcluster.neural.train.CheckpointFile.integer;
import static org.softcluster.neural.train.CheckpointFile.real;

/**
 * One row of {@code train_log.csv}: the loss terms of an epoch, validation quality and health
 * signals. Validation metrics are NaN when the validation part has no labels.
 *
 * @param stage "pretrain", "warmup", "train" (the main stage) or "branch" (the branch stage under branch
 *     gradient HEAD: recon, kl and drift are NaN there, the loss terms are the branch's)
 * @param epoch 1-based epoch within its stage
 * @param recon mean reconstruction term (9)
 * @param kl mean KL term (15) (under the ELBO coupling: the exact ELBO KL term)
 * @param negEntropy mean −H(γ) (11)
 * @param couple mean coupling term (distillation KL, 0 otherwise)
 * @param total mean total objective (12)
 * @param eta the η in force (NaN in a main stage where η does not act)
 * @param valLoss validation objective with z = μ
 * @param valNmi validation NMI of argmax γ
 * @param valAri validation ARI
 * @param valAcc validation Hungarian accuracy
 * @param valEntropy validation mean H(γ) in nats
 * @param valConfidence validation mean max γ
 * @param clustersUsed distinct argmax γ on the validation part
 * @param muDrift mean L2 distance the μ_k moved during the epoch
 * @param gap train total − validation loss
 * @param gradNorm mean global gradient norm before clipping
 * @param skippedBatches batches skipped for non-finite values
 * @param seconds wall time of the epoch
 * @param balance mean cluster-balance term −H(mean γ) over the batches (NaN when not used)
 */
public record EpochLog(String stage, int epoch, double recon, double kl, double negEntropy, double couple, double total,
                       double eta, double valLoss, double valNmi, double valAri, double valAcc, double valEntropy,
                       double valConfidence, int clustersUsed, double muDrift, double gap, double gradNorm,
                       int skippedBatches, double seconds, double balance) implements LogRow {

    /** The row as ordered column → value, the header of {@code train_log.csv}. */
    public Map<String, Object> toMap() {
        return Json.ordered("stage", stage, "epoch", epoch, "recon", recon,
                "kl", kl, "neg_entropy", negEntropy, "couple", couple,
                "balance", balance, "total", total, "eta", eta,
                "val_loss", valLoss, "val_nmi", valNmi, "val_ari", valAri,
                "val_acc", valAcc, "val_entropy", valEntropy, "val_confidence", valConfidence,
                "clusters_used", clustersUsed, "mu_drift", muDrift, "train_val_gap", gap,
                "grad_norm", gradNorm, "skipped_batches", skippedBatches, "seconds", seconds);
    }

    /** A row read back from its {@link #toMap()} form (as JSON gives it: numbers, or NaN written as text). */
    public static EpochLog fromMap(Map<?, ?> r) {
        return new EpochLog(String.valueOf(r.get("stage")), integer(r.get("epoch")), real(r.get("recon")), real(r.get("kl")),
                real(r.get("neg_entropy")), real(r.get("couple")), real(r.get("total")), real(r.get("eta")), real(r.get("val_loss")),
                real(r.get("val_nmi")), real(r.get("val_ari")), real(r.get("val_acc")), real(r.get("val_entropy")),
                real(r.get("val_confidence")), integer(r.get("clusters_used")), real(r.get("mu_drift")),
                real(r.get("train_val_gap")), real(r.get("grad_norm")), integer(r.get("skipped_batches")), real(r.get("seconds")),
                real(r.get("balance")));
    }
}
