package org.softcluster.neural.vade;

import ai.djl.ndarray.NDArray;
import org.softcluster.data.Dataset;
import org.softcluster.neural.Adam;
import org.softcluster.neural.Batches;
import org.softcluster.neural.Tensors;
import org.softcluster.neural.train.EpochLog;
import org.softcluster.neural.train.TrainLoop;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The branch warm-up (branch gradient TRUNK): fits the branch head alone to the freshly initialised
 * mixture — its coupling (and η·(−H(γ))) terms only, everything else frozen — so that joint training does
 * not start from a random γ. Adam at the pre-training rate; no log rows.
 */
final class BranchWarmup extends VadeStage {
    private final Map<String, NDArray> head = new LinkedHashMap<>();
    private final int n;
    private final double eta;
    private int[] perm;

    private BranchWarmup(StageContext ctx, StageData data) {
        super("warmup", ctx.config().branch().warmup(), ctx, data, 0);
        head.put("head.gamma.w", data.net().params().get("head.gamma.w"));
        head.put("head.gamma.b", data.net().params().get("head.gamma.b"));
        head.values().forEach(a -> a.setRequiresGradient(true));
        this.adam = new Adam(head, config.pretraining().lr(), 1e-8);
        this.n = data.n();
        this.eta = ctx.initialEta();
    }

    /** Warms the branch up when the config asks for it and the model has a coupled branch. */
    static void run(StageContext ctx, StageData data) {
        VadeConfig c = ctx.config();
        if (c.branch().warmup() == 0 || !data.net().params().has("head.gamma.w") || c.loss().coupling() == VadeConfig.Coupling.LITERAL) return;
        BranchWarmup stage = new BranchWarmup(ctx, data);
        ctx.loop().run(stage, 1, TrainLoop.Clipping.FOLDED);
        stage.head.values().forEach(a -> a.setRequiresGradient(false));
    }


    @Override
    public void startEpoch(int epoch) {
        perm = Dataset.permutation(n, ctx.epochSeed(4, epoch));
    }

    @Override
    public NDArray[] forward(int epoch, int batch) {
        NDArray xb = Batches.rows(data.x(), perm, batch, config.training().batchSize());
        VadeNetwork.Encoded enc = data.net().encode(xb);
        NDArray logGamma = enc.logGamma();
        NDArray target = Objective.mixture(data.net(), enc).logGammaStar().stopGradient();
        // under ELBO coupling the γ-dependent part of the objective is KL(γ ‖ γ*) too
        NDArray l = Objective.distillation(logGamma, target, config.loss().coupling() == VadeConfig.Coupling.ELBO
                ? VadeConfig.DistillDirection.REVERSE : config.loss().distillDirection());
        if (eta != 0) l = l.add(Tensors.mul(Objective.negEntropy(logGamma), (float) eta));
        return new NDArray[] {l};
    }

    @Override
    public String lossFault(float[] terms) {
        return Float.isFinite(terms[0]) ? null : normFault(terms);
    }

    @Override
    public String normFault(float[] terms) {
        return "branch loss (" + terms[0] + ")";
    }

    @Override
    public EpochLog endEpoch(int epoch, TrainLoop.Sums sums, long startNanos) {
        return null;
    }
}
