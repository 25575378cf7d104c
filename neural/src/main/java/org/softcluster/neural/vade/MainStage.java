package org.softcluster.neural.vade;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.softcluster.data.Dataset;
import org.softcluster.metrics.MetricReport;
import org.softcluster.neural.Adam;
import org.softcluster.neural.train.EarlyStopping;
import org.softcluster.neural.train.EpochLog;
import org.softcluster.neural.train.NonFiniteException;
import org.softcluster.neural.train.SoftStats;
import org.softcluster.neural.train.TrainLoop;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Stage 3, the main stage: the objective (12) over every parameter (under branch gradient HEAD with
 * branch epochs: all but the branch, which its own stage fits afterwards), one reparameterised sample per
 * object, the learning rate decayed per epoch, η fixed or adapted per batch towards a target entropy,
 * validation after each epoch and the epoch to keep chosen by {@link VadeConfig.Selection} (early stopping
 * by patience).
 */
final class MainStage extends VadeStage {
    private static final String[] TERMS = {"reconstruction", "KL", "entropy", "coupling", "total", "balance"};

    private final Checkpoints checkpoints;
    private final boolean branch;
    private final int n;
    private final int d;
    private final boolean last;
    private final boolean byNmi;
    private final String selection;
    private final EarlyStopping stop;
    private double eta;
    private double logEta;
    private boolean stopped;
    private float[] muBefore;
    private int[] perm;
    private SplittableRandom distort;

    private MainStage(StageContext ctx, StageData data, Checkpoints checkpoints) {
        super("train", ctx.config().main().epochs(), ctx, data, 4);
        this.checkpoints = checkpoints;
        // under branch gradient HEAD the branch is not part of this stage (it is fitted afterwards)
        this.branch = !ctx.headMode();
        Map<String, NDArray> trainable = new LinkedHashMap<>();
        for (var e : data.net().params().all().entrySet()) {
            if (branch || !e.getKey().startsWith("head.gamma.")) trainable.put(e.getKey(), e.getValue());
        }
        trainable.values().forEach(a -> a.setRequiresGradient(true));
        this.adam = new Adam(trainable, config.main().lr(), 1e-8);
        this.n = data.n();
        this.d = config.network().latentDim();
        this.last = data.validation() == null || config.main().selection() == VadeConfig.Selection.LAST;
        this.byNmi = !last && config.main().selection() == VadeConfig.Selection.AUTO && data.validation().hasLabels();
        this.selection = data.validation() == null ? "last epoch (no validation split)"
                : last ? "last epoch" : byNmi ? "validation NMI" : "validation loss";
        this.stop = new EarlyStopping(config.main().patience());
        Checkpoint from = checkpoints.from();
        if (from != null) {
            adam.restore(from.adam());
            stop.restore(from.best(), from.bestEpoch(), from.sinceBest(), from.bestParams());
        }
        // η is fixed, or adapted per batch in target-entropy mode (resumed from the last logged value)
        this.eta = ctx.initialEta();
        if (from != null && config.loss().targetEntropy() > 0) {
            for (EpochLog l : data.log()) if (l.stage().equals("train")) eta = l.eta();
        }
        this.logEta = Math.log(Math.max(eta, 1e-12));
        this.stopped = from != null && stop.shouldStop();
    }

    /** Runs the main stage, keeps the selected epoch's weights and freezes the network. */
    static VadeTrainer.Training run(StageContext ctx, StageData data, Checkpoints checkpoints) {
        MainStage stage = new MainStage(ctx, data, checkpoints);
        ctx.loop().run(stage, stage.stopped ? stage.epochs() + 1 : checkpoints.firstEpoch(), TrainLoop.Clipping.FOLDED);
        return stage.finish();
    }


    @Override
    public void startEpoch(int epoch) {
        adam.setLearningRate(config.main().lr() * Math.pow(config.main().lrDecay(), epoch - 1));
        Engine.getInstance().setRandomSeed((int) ctx.epochSeed(2, epoch));
        muBefore = data.net().params().get("prior.mu").toFloatArray();
        perm = Dataset.permutation(n, ctx.epochSeed(3, epoch));
        distort = new SplittableRandom(ctx.epochSeed(7, epoch));
    }

    @Override
    public NDArray[] forward(int epoch, int batch) {
        NDArray xb = data.aug().rows(config.training().augment().main(), data.x(), perm, batch, config.training().batchSize(), distort);
        NDArray eps = xb.getManager().randomNormal(new Shape(xb.getShape().get(0), d));
        Objective.Terms t = Objective.evaluate(data.net(), xb, eps, eta, branch);
        return new NDArray[] {t.recon(), t.kl(), t.negEntropy(), t.couple(), t.total(), t.balance()};
    }

    @Override
    public String lossFault(float[] terms) {
        for (int i = 0; i < terms.length; i++) {
            if (!Float.isFinite(terms[i])) return TERMS[i] + " loss (" + terms[i] + ")";
        }
        return null;
    }

    @Override
    public void afterStep(float[] terms) {
        if (config.loss().targetEntropy() > 0 && branch) {
            logEta = ctx.nextLogEta(logEta, -terms[2]);
            eta = Math.exp(logEta);
        }
    }

    @Override
    public EpochLog endEpoch(int epoch, TrainLoop.Sums sums, long startNanos) {
        double drift = SoftStats.meanDrift(muBefore, data.net().params().get("prior.mu").toFloatArray(), config.k(), d);
        double valLoss = Double.NaN;
        MetricReport val = null;
        int used = 0;
        double valEntropy = Double.NaN;
        double valConf = Double.NaN;
        if (data.xVal() != null) {
            VadeNetwork.Inference inf = data.net().infer(data.xVal(), 1024, true, eta, branch);
            valLoss = inf.loss();
            double[][] gamma = inf.gammaRows();
            used = SoftStats.clustersUsed(gamma);
            double[] ec = SoftStats.entropyConfidence(gamma);
            valEntropy = ec[0];
            valConf = ec[1];
            if (data.validation().hasLabels()) val = MetricReport.of(data.validation().labels(), gamma);
        }
        double[] m = sums.means();
        EpochLog row = new EpochLog("train", epoch, m[0], m[1], m[2], m[3], m[4], branch ? eta : Double.NaN, valLoss,
                val == null ? Double.NaN : val.nmi(), val == null ? Double.NaN : val.ari(),
                val == null ? Double.NaN : val.acc(), valEntropy, valConf, used, drift, m[4] - valLoss,
                sums.meanNorm(), sums.skipped(), (System.nanoTime() - startNanos) / 1e9, m[5]);
        data.log().add(row);
        return row;
    }

    @Override
    public boolean afterEpoch(int epoch, EpochLog row) {
        if (data.xVal() != null && !last) {
            stop.offer(epoch, byNmi ? row.valNmi() : -row.valLoss(), () -> data.net().params().snapshot());
        } else {
            stop.keep(epoch);
        }
        checkpoints.save("train", epoch, data.net(), adam, data.log(), stop);
        if (stop.shouldStop()) {
            ctx.listener().onMessage("early stop after epoch " + epoch + ": no improvement of " + selection
                    + " for " + config.main().patience() + " epochs (best epoch " + stop.bestEpoch() + ")");
            stopped = true;
        }
        return stopped;
    }

    /** Restores the kept epoch's weights, freezes the network and refuses a non-finite model. */
    private VadeTrainer.Training finish() {
        int run = (int) data.log().stream().filter(l -> l.stage().equals("train")).count();
        if (stop.bestSnapshot() != null) data.net().params().restore(stop.bestSnapshot());
        for (NDArray p : data.net().params().all().values()) p.setRequiresGradient(false);
        // never hand back a silently broken model
        for (Map.Entry<String, float[]> e : data.net().params().snapshot().entrySet()) {
            for (float v : e.getValue()) {
                if (!Float.isFinite(v)) {
                    throw new NonFiniteException("training produced a non-finite parameter (" + e.getKey() + "); lower the learning rate or check the data");
                }
            }
        }
        return new VadeTrainer.Training(stop.bestEpoch(), run, stopped, selection);
    }
}
