package org.softcluster.neural.vade;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.softcluster.data.Dataset;
import org.softcluster.metrics.MetricReport;
import org.softcluster.neural.Adam;
import org.softcluster.neural.Batched;
import org.softcluster.neural.Batches;
import org.softcluster.neural.Tensors;
import org.softcluster.neural.train.EpochLog;
import org.softcluster.neural.train.SoftStats;
import org.softcluster.neural.train.TrainLoop;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The branch stage under branch gradient HEAD: fits the head f_φ on the frozen, selected trunk to the
 * mixture's responsibilities γ* (the coupling; γ* floored at {@value #TARGET_FLOOR}) with η·(−H(γ)) — η
 * fixed, or adapted per batch towards the target entropy — and the balance term, for {@code branchEpochs}
 * epochs; the last epoch is kept. Trunk features and γ* are computed once; the head starts at zero (γ
 * uniform). Adam from {@value #LR} down to {@value #LR_END} (geometric per epoch), clipped.
 */
final class BranchStage extends VadeStage {
    /** Smallest target probability of the branch stage (γ* is floored there and renormalised). */
    static final float TARGET_FLOOR = 1e-6f;
    /** Adam's learning rate of the branch stage in its first epoch (a linear read-out of fixed features learns fast). */
    static final double LR = 1e-2;
    /** ... and in its last: the rate falls geometrically in between, so the head settles. */
    static final double LR_END = 1e-3;

    private final VadeConfig.DistillDirection direction;
    private final boolean tie;
    private final NDArray[] train;
    private final NDArray[] val;
    private final int n;
    private double eta;
    private double logEta;
    private int[] perm;

    private BranchStage(StageContext ctx, StageData data, NDManager local) {
        super("branch", ctx.config().branch().epochs(), ctx, data, 4);
        this.direction = config.loss().coupling() == VadeConfig.Coupling.ELBO
                ? VadeConfig.DistillDirection.REVERSE : config.loss().distillDirection();
        this.tie = config.loss().coupling() != VadeConfig.Coupling.LITERAL;
        this.train = trunkAndTargets(data.net(), data.x(), local);
        this.val = data.xVal() == null ? null : trunkAndTargets(data.net(), data.xVal(), local);
        Map<String, NDArray> head = head(data.net());
        // start from γ uniform: a random head on wide ReLU features divided by T is saturated, and
        // the reverse KL's gradient vanishes on confidently wrong rows
        for (NDArray a : head.values()) Tensors.muli(a, 0f);
        head.values().forEach(a -> a.setRequiresGradient(true));
        this.adam = new Adam(head, LR, 1e-8);
        this.n = data.n();
        this.eta = ctx.initialEta();
        this.logEta = Math.log(Math.max(eta, 1e-12));
    }

    private static Map<String, NDArray> head(VadeNetwork net) {
        Map<String, NDArray> head = new LinkedHashMap<>();
        head.put("head.gamma.w", net.params().get("head.gamma.w"));
        head.put("head.gamma.b", net.params().get("head.gamma.b"));
        return head;
    }

    /** Fits the branch head of {@code net} (whose trunk is trained and frozen). */
    static void run(StageContext ctx, StageData data) {
        try (NDManager local = data.x().getManager().newSubManager()) {
            BranchStage stage = new BranchStage(ctx, data, local);
            ctx.loop().run(stage, 1, TrainLoop.Clipping.FOLDED);
            head(data.net()).values().forEach(a -> a.setRequiresGradient(false));
        }
    }

    @Override public int reported() { return 3; }

    @Override
    public void startEpoch(int epoch) {
        int epochs = config.branch().epochs();
        adam.setLearningRate(LR * Math.pow(LR_END / LR, epochs == 1 ? 1 : (epoch - 1) / (double) (epochs - 1)));
        perm = Dataset.permutation(n, ctx.epochSeed(5, epoch));
    }

    @Override
    public NDArray[] forward(int epoch, int batch) {
        NDArray hb = Batches.rows(train[0], perm, batch, config.training().batchSize());
        NDArray target = Batches.rows(train[1], perm, batch, config.training().batchSize());
        return terms(data.net().branch(hb), target);
    }

    @Override
    public String lossFault(float[] terms) {
        return Float.isFinite(terms[3]) && Float.isFinite(terms[4]) ? null : normFault(terms);
    }

    @Override
    public String normFault(float[] terms) {
        return "branch loss (" + terms[3] + ")";
    }

    @Override
    public void afterStep(float[] terms) {
        if (config.loss().targetEntropy() > 0) {
            logEta = ctx.nextLogEta(logEta, -terms[1]);
            eta = Math.exp(logEta);
        }
    }

    @Override
    public EpochLog endEpoch(int epoch, TrainLoop.Sums sums, long startNanos) {
        double valLoss = Double.NaN;
        MetricReport metrics = null;
        int used = 0;
        double[] ec = {Double.NaN, Double.NaN};
        if (val != null) {
            double[] vl = new double[1];
            double[][] gamma = gamma(vl);
            valLoss = vl[0];
            used = SoftStats.clustersUsed(gamma);
            ec = SoftStats.entropyConfidence(gamma);
            if (data.validation().hasLabels()) metrics = MetricReport.of(data.validation().labels(), gamma);
        }
        double[] m = sums.means();
        EpochLog row = new EpochLog("branch", epoch, Double.NaN, Double.NaN, m[1], m[0], m[3], eta, valLoss,
                metrics == null ? Double.NaN : metrics.nmi(), metrics == null ? Double.NaN : metrics.ari(),
                metrics == null ? Double.NaN : metrics.acc(), ec[0], ec[1], used, Double.NaN, m[3] - valLoss,
                sums.meanNorm(), sums.skipped(), (System.nanoTime() - startNanos) / 1e9, m[2]);
        data.log().add(row);
        return row;
    }

    /** The frozen trunk's last hidden layer h and ln γ* for every row of {@code x}, in batches, on {@code into}. */
    private static NDArray[] trunkAndTargets(VadeNetwork net, NDArray x, NDManager into) {
        return Batched.concat(x, 2048, into, (xb, slice) -> {
            NDArray h = net.trunk(xb);
            VadeNetwork.Encoded enc = net.heads(h, false);
            // γ* floored at TARGET_FLOOR and renormalised: ln γ* reaches −1000 on well separated
            // mixtures, and against such targets the reverse KL's gradient is all "push that component
            // down" and vanishes on confidently wrong rows; the floor bounds the log-ratio at ~14 nats
            NDArray t = Tensors.maximum(Objective.mixture(net, enc).logGammaStar().exp(), TARGET_FLOOR);
            return new NDArray[] {h, t.div(t.sum(new int[] {1}, true)).log()};
        });
    }

    /**
     * Coupling, −H(γ), balance, total objective and the surrogate whose gradient trains the head, from the
     * branch's ln γ (scalars, in this order). Under the reverse coupling, KL(γ‖γ*) − η·H(γ) = (1+η)·KL(γ‖γ̂)
     * + const with γ̂ ∝ γ*^{1/(1+η)}: its minimiser is the tempered γ̂, so the head is fitted to γ̂ by
     * cross-entropy, whose gradient γ − γ̂ never vanishes (the objective's own gradient does on saturated
     * rows, where neither the coupling nor the entropy can move γ). Under the forward coupling or without
     * one the surrogate is the objective itself.
     */
    private NDArray[] terms(NDArray logGamma, NDArray logGammaStar) {
        NDArray couple = tie ? Objective.distillation(logGamma, logGammaStar, direction) : Tensors.mul(logGamma.sum(), 0f);
        NDArray negEntropy = Objective.negEntropy(logGamma);
        NDArray balance = Objective.balance(logGamma.exp());
        NDArray total = couple;
        if (eta != 0) total = total.add(Tensors.mul(negEntropy, (float) eta));
        NDArray surrogate;
        if (tie && direction == VadeConfig.DistillDirection.REVERSE) {
            NDArray tempered = Tensors.div(logGammaStar, (float) (1 + eta)).logSoftmax(1).exp();
            surrogate = Tensors.mul(tempered.mul(logGamma).sum(new int[] {1}).mean().neg(), (float) (1 + eta));
        } else {
            surrogate = total;
        }
        if (config.loss().balance() != 0) {
            total = total.add(Tensors.mul(balance, (float) config.loss().balance()));
            surrogate = surrogate.add(Tensors.mul(balance, (float) config.loss().balance()));
        }
        return new NDArray[] {couple, negEntropy, balance, total, surrogate};
    }

    /** γ of the branch on the validation features (rows), and in {@code loss[0]} the mean branch-stage loss. */
    private double[][] gamma(double[] loss) {
        int rows = (int) val[0].getShape().get(0);
        Batched.Outputs out = Batched.run(val[0], 2048, new int[] {config.k()}, (hb, slice) -> {
            NDArray logGamma = data.net().branch(hb);
            return new NDArray[] {logGamma.exp(), terms(logGamma, slice.of(val[1]))[3]};
        });
        loss[0] = out.rowWeightedSum(1) / Math.max(1, rows);
        return Batched.toRows(out.rows(0), config.k());
    }
}
