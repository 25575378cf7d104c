package org.softcluster.neural.vade;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.softcluster.neural.GradientClipping;
import org.softcluster.neural.Tensors;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks the objective's pieces against independent computations. */
class ObjectiveTest {
    static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private static float[] randn(Random r, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * scale);
        return v;
    }

    @Test
    void closedFormKlMatchesMonteCarlo() {
        Random r = new Random(1);
        int d = 3;
        int k = 2;
        float[] muZ = randn(r, d, 1);
        float[] lvZ = randn(r, d, 0.3);
        float[] muK = randn(r, k * d, 1);
        float[] lvK = randn(r, k * d, 0.3);
        NDArray kl = Objective.klPerComponent(manager.create(muZ, new Shape(1, d)), manager.create(lvZ, new Shape(1, d)),
                manager.create(muK, new Shape(k, d)), manager.create(lvK, new Shape(k, d)));
        float[] closed = kl.toFloatArray();
        // Monte-Carlo: E_q[ln q(z) − ln p_k(z)] with 400k samples, in double precision.
        int samples = 400_000;
        for (int c = 0; c < k; c++) {
            double sum = 0;
            Random rr = new Random(7 + c);
            for (int s = 0; s < samples; s++) {
                double lq = 0;
                double lp = 0;
                for (int j = 0; j < d; j++) {
                    double sd = Math.exp(0.5 * lvZ[j]);
                    double z = muZ[j] + sd * rr.nextGaussian();
                    lq += -0.5 * (Math.log(2 * Math.PI) + lvZ[j] + Math.pow(z - muZ[j], 2) / Math.exp(lvZ[j]));
                    lp += -0.5 * (Math.log(2 * Math.PI) + lvK[c * d + j] + Math.pow(z - muK[c * d + j], 2) / Math.exp(lvK[c * d + j]));
                }
                sum += lq - lp;
            }
            double mc = sum / samples;
            assertEquals(mc, closed[c], 0.02 + 0.01 * Math.abs(mc), "component " + c);
        }
    }

    @Test
    void identityBehindEquation15Holds() {
        // Σ_k γ_k KL_k + KL(γ‖π) = −ln Σ_k π_k e^{−KL_k} + KL(γ‖γ*), for any γ.
        Random r = new Random(2);
        int b = 5;
        int k = 4;
        NDArray klK = manager.create(randn(r, b * k, 2), new Shape(b, k)).abs();
        NDArray logPi = manager.create(randn(r, k, 1)).logSoftmax(0);
        NDArray logGamma = manager.create(randn(r, b * k, 1), new Shape(b, k)).logSoftmax(1);
        NDArray gamma = logGamma.exp();
        NDArray a = logPi.expandDims(0).sub(klK);
        NDArray lse = Objective.logSumExp(a);
        NDArray logGammaStar = a.sub(lse.expandDims(1));
        float[] left = gamma.mul(klK).sum(new int[] {1}).add(gamma.mul(logGamma.sub(logPi.expandDims(0))).sum(new int[] {1})).toFloatArray();
        float[] right = lse.neg().add(gamma.mul(logGamma.sub(logGammaStar)).sum(new int[] {1})).toFloatArray();
        for (int i = 0; i < b; i++) assertEquals(left[i], right[i], 1e-4, "row " + i);
        // and the log-sum-exp matches a direct double computation
        float[] av = a.toFloatArray();
        float[] lv = lse.toFloatArray();
        for (int i = 0; i < b; i++) {
            double s = 0;
            for (int c = 0; c < k; c++) s += Math.exp(av[i * k + c]);
            assertEquals(Math.log(s), lv[i], 1e-5);
        }
    }

    @Test
    void balanceTermIsTheNegativeEntropyOfTheMeanAssignment() {
        try (NDManager m = NDManager.newBaseManager()) {
            VadeConfig cfg = tiny().toBuilder().balance(0.7).build();
            VadeNetwork net = VadeNetwork.create(m, cfg, 6);
            Random r = new Random(9);
            NDArray x = m.create(randn(r, 5 * 6, 1), new Shape(5, 6));
            Objective.Terms t = Objective.evaluate(net, x, null, 0.0);
            float[] g = t.logGamma().exp().toFloatArray();
            double[] mean = new double[3];
            for (int i = 0; i < 5; i++) for (int k = 0; k < 3; k++) mean[k] += g[i * 3 + k] / 5;
            double expected = 0;
            for (double v : mean) expected += v * Math.log(v);
            assertEquals(expected, t.balance().getFloat(), 1e-5);
            double withoutBalance = t.recon().getFloat() + cfg.loss().beta() * t.kl().getFloat() + t.couple().getFloat();
            assertEquals(withoutBalance + 0.7 * expected, t.total().getFloat(), 1e-2);
        }
    }

    /** A learned per-feature variance below the floor counts as the floor; above it, as itself. */
    @Test
    void gaussianLikelihoodUsesTheVarianceFloor() {
        try (NDManager m = NDManager.newBaseManager()) {
            VadeConfig cfg = tiny().toBuilder().likelihood(VadeConfig.Likelihood.GAUSSIAN).variance(VadeConfig.VarianceMode.PER_FEATURE)
                    .decoderVarianceFloor(0.01).build();
            VadeNetwork net = VadeNetwork.create(m, cfg, 3);
            float[] lv = {(float) Math.log(1e-6), (float) Math.log(0.5), (float) Math.log(0.01)};
            Tensors.assign(net.params().get("lik.logvar"), lv);
            NDArray x = m.create(new float[] {1f, 2f, 3f}, new Shape(1, 3));
            NDArray out = m.create(new float[] {1.1f, 1.5f, 3.2f}, new Shape(1, 3));
            double[] var = {0.01, 0.5, 0.01};
            double[] diff = {-0.1, 0.5, -0.2};
            double expected = 0;
            for (int j = 0; j < 3; j++) expected += 0.5 * (diff[j] * diff[j] / var[j] + Math.log(var[j]) + Math.log(2 * Math.PI));
            assertEquals(expected, net.negLogLikelihood(x, out).getFloat(0), 1e-4);
            VadeNetwork unfloored = VadeNetwork.create(m, cfg.toBuilder().decoderVarianceFloor(0).build(), 3);
            Tensors.assign(unfloored.params().get("lik.logvar"), lv);
            double free = expected - 0.5 * (0.01 / 0.01 + Math.log(0.01)) + 0.5 * (0.01 / 1e-6 + Math.log(1e-6));
            assertEquals(free, unfloored.negLogLikelihood(x, out).getFloat(0), 1e-1);
        }
    }

    @Test
    void logSumExpIsStableForLargeValues() {
        NDArray a = manager.create(new float[] {-1000f, -1001f, -5000f, 800f, 799f, 0f}, new Shape(2, 3));
        float[] v = Objective.logSumExp(a).toFloatArray();
        assertEquals(-1000 + Math.log(1 + Math.exp(-1)), v[0], 1e-3);
        assertEquals(800 + Math.log(1 + Math.exp(-1)), v[1], 1e-3);
    }

    @Test
    void clippingByGlobalNormScalesAllGradientsTogether() {
        NDArray p1 = manager.create(new float[] {1, 2});
        NDArray p2 = manager.create(new float[] {3});
        p1.setRequiresGradient(true);
        p2.setRequiresGradient(true);
        try (var gc = Engine.getInstance().newGradientCollector()) {
            // loss = 3·p1_0 + 4·p1_1 − 12·p2 has gradients (3, 4) and (−12): global norm 13
            NDArray loss = p1.mul(manager.create(new float[] {3, 4})).sum().add(p2.mul(-12f).sum());
            gc.backward(loss);
        }
        double norm = GradientClipping.clip(List.of(p1, p2), 6.5);
        assertEquals(13.0, norm, 1e-5);                     // √(9 + 16 + 144)
        float[] g1 = p1.getGradient().toFloatArray();
        float[] g2 = p2.getGradient().toFloatArray();
        assertEquals(1.5, g1[0], 1e-4);
        assertEquals(2.0, g1[1], 1e-4);
        assertEquals(-6.0, g2[0], 1e-4);                    // negative gradients are clipped too
        assertEquals(6.5, GradientClipping.globalNorm(List.of(p1, p2)), 1e-4);
        // matrices count every element (the norm of each tensor is taken over all its axes)
        NDArray w = manager.create(new float[] {1, 2, 2, 4}, new ai.djl.ndarray.types.Shape(2, 2));
        w.setRequiresGradient(true);
        try (var gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(w.mul(manager.create(new float[] {1, 2, 2, 4}, new ai.djl.ndarray.types.Shape(2, 2))).sum());
        }
        assertEquals(5.0, GradientClipping.globalNorm(List.of(w)), 1e-5);
        assertEquals(Math.sqrt(25 + 6.5 * 6.5), GradientClipping.globalNorm(List.of(w, p1, p2)), 1e-4);
        // below the bound nothing changes
        GradientClipping.clip(List.of(p1, p2), 100);
        assertEquals(-6.0, p2.getGradient().toFloatArray()[0], 1e-4);
    }

    /** The parameter groups that receive a non-zero gradient from one term of the objective. */
    private static Set<String> groupsWithGradient(VadeConfig cfg, String term) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            VadeNetwork net = VadeNetwork.create(m, cfg, 6);
            Random r = new Random(4);
            // a non-trivial prior so that every path carries signal
            Tensors.assign(net.params().get("prior.mu"), randn(r, cfg.k() * cfg.network().latentDim(), 1));
            Tensors.assign(net.params().get("prior.logits"), randn(r, cfg.k(), 0.5));
            net.params().requireGradients();
            NDArray x = m.create(randn(r, 8 * 6, 1), new Shape(8, 6));
            NDArray eps = m.create(randn(r, 8 * cfg.network().latentDim(), 1), new Shape(8, cfg.network().latentDim()));
            try (var gc = Engine.getInstance().newGradientCollector()) {
                Objective.Terms t = Objective.evaluate(net, x, eps, cfg.loss().eta());
                NDArray loss = switch (term) {
                    case "total" -> t.total();
                    case "couple" -> t.couple();
                    case "entropy" -> t.negEntropy();
                    case "kl" -> t.kl();
                    default -> throw new IllegalArgumentException(term);
                };
                gc.backward(loss);
            }
            Set<String> groups = new TreeSet<>();
            for (Map.Entry<String, NDArray> e : net.params().all().entrySet()) {
                if (e.getValue().getGradient().abs().sum().getFloat() > 0) {
                    String n = e.getKey();
                    groups.add(n.startsWith("enc.") ? "trunk" : n.startsWith("dec.") ? "decoder" : n.replaceAll("\\.(w|b)$", ""));
                }
            }
            return groups;
        }
    }

    private static VadeConfig tiny() {
        return VadeConfig.builder().k(3).latentDim(2).encoderDims(5).build();
    }

    @Test
    void literalCouplingTrainsTheBranchOnlyThroughEntropy() {
        VadeConfig cfg = tiny().toBuilder().coupling(VadeConfig.Coupling.LITERAL).eta(0).build();
        Set<String> g = groupsWithGradient(cfg, "total");
        assertTrue(!g.contains("head.gamma"), "with eta 0 the literal loss leaves the branch untrained: " + g);
        assertTrue(g.containsAll(Set.of("trunk", "decoder", "head.mu", "head.logvar", "prior.mu", "prior.logvar", "prior.logits")), g.toString());
        assertEquals(Set.of("trunk", "head.gamma"), groupsWithGradient(tiny().toBuilder().coupling(VadeConfig.Coupling.LITERAL).build(), "entropy"));
    }

    @Test
    void distillCouplingReachesOnlyTheBranchAndTrunk() {
        for (VadeConfig.DistillDirection dir : VadeConfig.DistillDirection.values()) {
            VadeConfig cfg = tiny().toBuilder().coupling(VadeConfig.Coupling.DISTILL).distillDirection(dir).build();
            // γ* is a stopped target: the distillation term must not move the mixture or the μ/σ heads.
            assertEquals(Set.of("trunk", "head.gamma"), groupsWithGradient(cfg, "couple"), dir.toString());
            assertTrue(groupsWithGradient(cfg, "total").containsAll(Set.of("trunk", "decoder", "head.mu", "head.logvar",
                    "head.gamma", "prior.mu", "prior.logvar", "prior.logits")));
        }
    }

    @Test
    void elboCouplingTiesBranchAndMixture() {
        VadeConfig cfg = tiny().toBuilder().coupling(VadeConfig.Coupling.ELBO).build();
        Set<String> g = groupsWithGradient(cfg, "kl");
        assertTrue(g.containsAll(Set.of("trunk", "head.gamma", "head.mu", "head.logvar", "prior.mu", "prior.logvar", "prior.logits")), g.toString());
        assertTrue(!g.contains("decoder"), g.toString());
    }

    @Test
    void plainVadeHasNoBranch() {
        VadeConfig cfg = tiny().toBuilder().method(VadeConfig.Method.VADE).build();
        Set<String> g = groupsWithGradient(cfg, "total");
        assertTrue(!g.contains("head.gamma"));
        assertTrue(g.contains("prior.logits"));
    }
}
