package org.softcluster.neural.dec;

import org.softcluster.neural.train.LogRow;

import org.softcluster.neural.train.TrainingListener;
import org.softcluster.neural.train.EpochLog;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.softcluster.neural.train.CheckpointFile.integer;
import static org.softcluster.neural.train.CheckpointFile.real;

/**
 * One row of DEC's {@code train_log.csv}: the loss of an epoch, validation quality and DEC's own
 * health signals (assignment changes, target updates). Fields that do not apply are NaN.
 *
 * @param stage "pretrain" (autoencoder) or "train" (clustering)
 * @param epoch 1-based epoch within its stage
 * @param batches batches run in the epoch (fewer than a full epoch when the tol rule stopped it)
 * @param loss mean training loss: reconstruction (pretrain) or KL(P ‖ Q) (train)
 * @param valLoss the same loss on the validation part (for KL, P is the validation part's own target)
 * @param valNmi validation NMI of argmax q
 * @param valAri validation ARI
 * @param valAcc validation Hungarian accuracy
 * @param valEntropy validation mean H(q) in nats
 * @param valConfidence validation mean max q
 * @param clustersUsed distinct argmax q on the validation part (0 in pre-training)
 * @param labelChange fraction of training assignments that changed at the epoch's last target update
 * @param targetUpdates target distributions computed so far in the clustering stage
 * @param centerDrift mean L2 distance the centres moved during the epoch
 * @param gradNorm mean global gradient norm before clipping
 * @param seconds wall time of the epoch
 */
public record DecLog(String stage, int epoch, int batches, double loss, double valLoss, double valNmi, double valAri,
                     double valAcc, double valEntropy, double valConfidence, int clustersUsed, double labelChange,
                     int targetUpdates, double centerDrift, double gradNorm, double seconds) implements LogRow {

    /** The row as ordered column → value, the header of {@code train_log.csv}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stage", stage);
        m.put("epoch", epoch);
        m.put("batches", batches);
        m.put("loss", loss);
        m.put("val_loss", valLoss);
        m.put("val_nmi", valNmi);
        m.put("val_ari", valAri);
        m.put("val_acc", valAcc);
        m.put("val_entropy", valEntropy);
        m.put("val_confidence", valConfidence);
        m.put("clusters_used", clustersUsed);
        m.put("label_change", labelChange);
        m.put("target_updates", targetUpdates);
        m.put("center_drift", centerDrift);
        m.put("grad_norm", gradNorm);
        m.put("seconds", seconds);
        return m;
    }

    /** A row read back from its {@link #toMap()} form (as JSON gives it: numbers, or NaN written as text). */
    public static DecLog fromMap(Map<?, ?> r) {
        return new DecLog(String.valueOf(r.get("stage")), integer(r.get("epoch")), integer(r.get("batches")), real(r.get("loss")),
                real(r.get("val_loss")), real(r.get("val_nmi")), real(r.get("val_ari")), real(r.get("val_acc")),
                real(r.get("val_entropy")), real(r.get("val_confidence")), integer(r.get("clusters_used")),
                real(r.get("label_change")), integer(r.get("target_updates")), real(r.get("center_drift")),
                real(r.get("grad_norm")), real(r.get("seconds")));
    }

    /**
     * The row in the VaDE log's shape, for {@link TrainingListener}:
     * the loss goes to {@code recon} (pretrain) or {@code kl} (train) and to {@code total}; terms
     * DEC does not have are NaN.
     */
    public EpochLog toEpochLog() {
        boolean pre = "pretrain".equals(stage);
        return new EpochLog(stage, epoch, pre ? loss : Double.NaN, pre ? Double.NaN : loss, Double.NaN, Double.NaN, loss,
                Double.NaN, valLoss, valNmi, valAri, valAcc, valEntropy, valConfidence, clustersUsed, centerDrift,
                loss - valLoss, gradNorm, 0, seconds, Double.NaN);
    }
}
