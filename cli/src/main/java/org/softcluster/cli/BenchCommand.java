package org.softcluster.cli;

import org.softcluster.neural.train.EpochLog;
import org.softcluster.neural.train.NanPolicy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.softcluster.data.DataLoader;
import org.softcluster.data.Dataset;
import org.softcluster.neural.Adam;
import org.softcluster.neural.Batches;
import org.softcluster.neural.Tensors;
import org.softcluster.neural.train.TrainLoop;
import org.softcluster.neural.train.TrainingListener;

import org.softcluster.neural.vade.Objective;
import org.softcluster.neural.vade.VadeNetwork;
import org.softcluster.neural.vade.VadeConfig;
import org.softcluster.neural.vade.VadeModel;
import org.softcluster.neural.vade.VadeTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code softcluster bench}: times the method's training epoch on MNIST through the real trainer,
 * the machine's large-GEMM rate through DJL, scoring throughput (and its share of that GEMM rate) and peak memory
 * (bench/run.sh).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, showDefaultValues = true, hidden = true,
        description = "Speed benchmark (see bench/run.sh): median training epoch, GEMM ceiling, scoring rate, peak RSS.")
final class BenchCommand implements java.util.concurrent.Callable<Integer> {
    /** Multiply-adds per sample of one training step of the paper network (forward ×3, matmuls only; as bench/pytorch_peer.py). */
    static final long MACS_PER_SAMPLE = 10_092_000L;

    @Option(names = "--data", defaultValue = "data/mnist", paramLabel = "DIR", description = "MNIST directory.")
    Path data;
    @Option(names = "--profile-steps", defaultValue = "60", paramLabel = "N",
            description = "Steps of the per-phase profile (forward+backward, gradient norm, Adam); 0 skips it.")
    int profileSteps;
    @Option(names = "--epochs", defaultValue = "3", paramLabel = "N", description = "Timed epochs after one warm-up.")
    int epochs;

    @Override
    public Integer call() throws Exception {
        if (epochs < 1) throw CliException.input("--epochs must be >= 1");
        DataLoader.Loaded loaded = DataLoader.load(data);
        Dataset train = loaded.train();
        // the paper preset's stage 3 on all 60k images: no pre-training, no validation pass, no early stop
        VadeConfig c = VadeConfig.builder().pretrainEpochs(0).validationFraction(0).patience(0)
                .epochs(epochs + 1).kmeansInit(1).build();
        long t0 = System.nanoTime();
        double[] seconds;
        Path modelDir = Files.createTempDirectory("softcluster-bench");
        // a speed benchmark: a batch with a non-finite loss or gradient (this stage-3-only set-up starts
        // from an untrained encoder) is skipped and counted rather than ending the run
        int skipped;
        try (VadeModel m = new VadeTrainer(c).withNanPolicy(NanPolicy.SKIP_BATCH).fit(train)) {
            skipped = m.trainLog().stream().mapToInt(EpochLog::skippedBatches).sum();
            List<Double> s = new ArrayList<>();
            for (EpochLog l : m.trainLog()) if (l.stage().equals("train")) s.add(l.seconds());
            seconds = s.stream().skip(1).mapToDouble(Double::doubleValue).sorted().toArray();
            m.save(modelDir);
        }
        long peakKb = peakRssKb();
        double median = seconds[seconds.length / 2];
        int steps = (train.size() + c.training().batchSize() - 1) / c.training().batchSize();
        double trainGflops = 2.0 * MACS_PER_SAMPLE * train.size() / median / 1e9;
        double gemm = gemmGflops();
        double scorePerS;
        try (VadeModel m = VadeModel.load(modelDir)) {
            Dataset test = loaded.hasTest() ? loaded.test() : train;
            m.predictProba(test);                                   // warm-up
            long s0 = System.nanoTime();
            int reps = 3;
            for (int r = 0; r < reps; r++) m.predictProba(test);
            scorePerS = reps * test.size() / ((System.nanoTime() - s0) / 1e9);
        }
        if (profileSteps > 0) {
            double[] ms = profile(train, c, profileSteps);
            System.out.printf(Locale.ROOT, "profile_ms_per_step forward_backward=%.2f grad_norm=%.2f adam=%.2f total=%.2f%n",
                    ms[0], ms[1], ms[2], ms[0] + ms[1] + ms[2]);
        }
        System.out.printf(Locale.ROOT, "java_epoch_seconds=%s%n", Arrays.toString(seconds));
        System.out.printf(Locale.ROOT, "skipped_batches=%d%n", skipped);
        System.out.printf(Locale.ROOT, "java_step_median_s=%.5f%n", median / steps);
        System.out.printf(Locale.ROOT, "java_epoch_median_s=%.3f%n", median);
        System.out.printf(Locale.ROOT, "train_gflops=%.1f%n", trainGflops);
        System.out.printf(Locale.ROOT, "gemm_gflops=%.1f%n", gemm);
        System.out.printf(Locale.ROOT, "gemm_fraction=%.3f%n", trainGflops / gemm);
        double scoreGflops = 2.0 * scoringMacsPerSample(c, train.dim()) * scorePerS / 1e9;
        System.out.printf(Locale.ROOT, "score_per_s=%.0f%n", scorePerS);
        System.out.printf(Locale.ROOT, "score_gflops=%.1f%n", scoreGflops);
        System.out.printf(Locale.ROOT, "score_gemm_fraction=%.3f%n", scoreGflops / gemm);
        System.out.printf(Locale.ROOT, "peak_rss_mb=%.0f%n", peakKb / 1024.0);
        System.out.printf(Locale.ROOT, "bench_wall_s=%.1f%n", (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    /**
     * Times the phases of the trainer's step — objective and backward pass, global gradient norm, Adam update —
     * by running {@code steps} batches after 10 warm-up batches through the one training loop ({@link TrainLoop},
     * the stage {@link ProfileStage}), in milliseconds per step. Native work is synchronous on the CPU, so
     * wall-clock boundaries are exact.
     */
    static double[] profile(Dataset train, VadeConfig c, int steps) {
        try (NDManager root = NDManager.newBaseManager();
             VadeNetwork net = VadeNetwork.create(root, c, train.dim())) {
            NDArray x = Tensors.of(root, train.features(), new Shape(train.size(), train.dim()));
            ProfileStage stage = new ProfileStage(net, x, c, steps);
            // like the timed training: a non-finite batch of the untrained network is skipped, not timed
            new TrainLoop(TrainingListener.NONE, NanPolicy.SKIP_BATCH).run(stage, 1, TrainLoop.Clipping.FOLDED);
            return stage.millisPerStep();
        }
    }

    /**
     * One epoch of {@code 10 + steps} batches of the objective over every parameter (as the main stage trains,
     * at the config's η, learning rate and clipping bound), noting the time at each phase of each step.
     */
    static final class ProfileStage extends TrainLoop.BaseStage {
        private static final int WARMUP = 10;
        private final VadeNetwork net;
        private final NDArray x;
        private final VadeConfig c;
        private final int[] perm;
        private final int dataBatches;
        private final double[] sum = new double[3];
        private int batch;
        private int timed;
        private long t0;
        private long t1;
        private long t2;

        ProfileStage(VadeNetwork net, NDArray x, VadeConfig c, int steps) {
            super("profile", 1, (long) (steps + WARMUP) * c.training().batchSize(), c.training().batchSize(), c.training().clipNorm(), 0);
            this.net = net;
            this.x = x;
            this.c = c;
            int n = (int) x.getShape().get(0);
            this.perm = Dataset.permutation(n, 1);
            this.dataBatches = Batches.count(n, c.training().batchSize());
            net.params().requireGradients();
            this.adam = new Adam(net.params().all(), c.main().lr(), 1e-8);
        }

        @Override
        public NDArray[] forward(int epoch, int b) {
            batch = b;
            t0 = System.nanoTime();
            NDArray xb = Batches.rows(x, perm, b % dataBatches, c.training().batchSize());
            NDArray eps = xb.getManager().randomNormal(new Shape(xb.getShape().get(0), c.network().latentDim()));
            return new NDArray[] {Objective.evaluate(net, xb, eps, c.loss().eta()).total()};
        }

        @Override
        public String lossFault(float[] terms) {
            return Float.isFinite(terms[0]) ? null : "total loss (" + terms[0] + ")";
        }

        @Override
        public void reached(TrainLoop.Phase phase) {
            long now = System.nanoTime();
            switch (phase) {
                case FORWARD_BACKWARD -> t1 = now;
                case GRADIENT_NORM -> t2 = now;
                case UPDATE -> {
                    if (batch >= WARMUP) {
                        sum[0] += (t1 - t0) / 1e6;
                        sum[1] += (t2 - t1) / 1e6;
                        sum[2] += (now - t2) / 1e6;
                        timed++;
                    }
                }
            }
        }

        @Override
        public EpochLog endEpoch(int epoch, TrainLoop.Sums sums, long startNanos) {
            return null;
        }

        /** Mean milliseconds per timed step of each phase (NaN when no step after the warm-up updated). */
        double[] millisPerStep() {
            double[] ms = new double[3];
            for (int i = 0; i < 3; i++) ms[i] = timed == 0 ? Double.NaN : sum[i] / timed;
            return ms;
        }
    }

    /**
     * Multiply-adds per object of scoring γ ({@code predictProba}): the encoder trunk and, for the method, the branch
     * head f_φ; for plain VaDE the μ and log-variance heads (the mixture's K×d terms are left out, as element-wise work).
     */
    static long scoringMacsPerSample(VadeConfig c, int inputDim) {
        long macs = 0;
        int prev = inputDim;
        for (int w : c.network().encoderDims()) {
            macs += (long) prev * w;
            prev = w;
        }
        return macs + (c.method() == VadeConfig.Method.ERVADE ? (long) prev * c.k() : 2L * prev * c.network().latentDim());
    }

    /** The best of five 2048³ float matrix products through DJL, in GFLOP/s. */
    static double gemmGflops() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomUniform(-1, 1, new Shape(2048, 2048));
            NDArray b = m.randomUniform(-1, 1, new Shape(2048, 2048));
            a.matMul(b).close();
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                long t = System.nanoTime();
                NDArray p = a.matMul(b);
                p.getFloat(0, 0);                                   // wait for the result
                best = Math.min(best, (System.nanoTime() - t) / 1e9);
                p.close();
            }
            return 2.0 * 2048 * 2048 * 2048 / best / 1e9;
        }
    }

    /** VmHWM of this process in kB (0 where /proc is absent). */
    static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (Exception e) {
            return 0;
        }
        return 0;
    }
}
