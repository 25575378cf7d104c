package org.softcluster.neural.vade;

import ai.djl.ndarray.NDArray;
import org.softcluster.neural.Tensors;

/**
 * The training objective (12) of the entropy-regularised VaDE, with the paper's equation numbers.
 *
 * <pre>
 *  (12)  L = L_recon + β·L_KL + η·L_entropy  [+ L_couple, see below] [+ λ·L_balance, optional]
 *  (9)   L_recon   = −E_q(z|x) ln p(x|z), one reparameterised sample (14): z = μ + ε ⊙ exp(½ ln σ²)
 *  (10)  L_KL      = KL(q(z|x) ‖ p(z)), computed as (15):
 *  (15)  L_KL      ≈ −ln Σ_k π_k exp(−KL_k)         (log-sum-exp with the max trick)
 *        KL_k      = ½ Σ_j [ln σ²_kj − ln σ²_zj − 1 + σ²_zj/σ²_kj + (μ_zj − μ_kj)²/σ²_kj]
 *  (11)  L_entropy = −H(γ) = Σ_k γ_k ln γ_k
 *  (17)  γ         = softmax(f_φ(x) / T)
 *        γ*_k      = softmax_k(ln π_k − KL_k)        (the mixture responsibilities inside (15))
 * </pre>
 *
 * <p>Identity (METHOD.md §3.1): Σ_k γ_k KL_k + KL(γ‖π) = (15) + KL(γ‖γ*). As written, (12) has no
 * term that ties γ to the clusters, so the coupling adds one:
 * <ul>
 *   <li>{@code LITERAL}: nothing (the paper verbatim);</li>
 *   <li>{@code DISTILL}: + KL(γ ‖ sg γ*) (reverse) or + KL(sg γ* ‖ γ) (forward), weight 1;</li>
 *   <li>{@code ELBO}: L_KL is replaced by the exact ELBO term Σ_k γ_k KL_k + KL(γ ‖ π).</li>
 * </ul>
 * Optional, not in the paper: L_balance = −H(mean_b γ_b), the entropy of the batch's average
 * assignment, which penalises unused clusters without softening individual assignments.
 * Plain VaDE has no branch: γ = γ*, whose exact ELBO term equals (15), and η = 0.
 * All terms are means over the batch.
 */
public final class Objective {
    private Objective() { }

    /** The batch-mean terms of one objective evaluation (scalars) and the per-object quantities. */
    public record Terms(NDArray recon, NDArray kl, NDArray negEntropy, NDArray couple, NDArray balance, NDArray total,
                        NDArray logGamma, NDArray logGammaStar, NDArray mu) { }

    /**
     * KL_k = KL(N(μ_z, diag σ²_z) ‖ N(μ_k, diag σ²_k)) in closed form, shape B×K.
     *
     * @param muZ B×d posterior means
     * @param logvarZ B×d posterior log-variances
     * @param muK K×d component means
     * @param logvarK K×d component log-variances
     */
    public static NDArray klPerComponent(NDArray muZ, NDArray logvarZ, NDArray muK, NDArray logvarK) {
        NDArray mz = muZ.expandDims(1);          // B×1×d
        NDArray lz = logvarZ.expandDims(1);      // B×1×d
        NDArray mk = muK.expandDims(0);          // 1×K×d
        NDArray lk = logvarK.expandDims(0);      // 1×K×d
        NDArray invVarK = lk.neg().exp();
        NDArray terms = Tensors.sub(lk.sub(lz), 1f)
                .add(lz.exp().mul(invVarK))
                .add(mz.sub(mk).square().mul(invVarK));
        return Tensors.mul(terms.sum(new int[] {2}), 0.5f);
    }

    /**
     * ln Σ_k exp(a_k) along axis 1 with the max trick, shape B.
     */
    public static NDArray logSumExp(NDArray a) {
        NDArray m = a.max(new int[] {1}, true).stopGradient();
        return a.sub(m).exp().sum(new int[] {1}).log().add(m.squeeze(1));
    }

    /** The mixture quantities of one batch: ln π (K), KL_k (B×K), the (15) log-sum-exp (B), ln γ* (B×K). */
    public record Mixture(NDArray logPi, NDArray klK, NDArray lse, NDArray logGammaStar) { }

    /** Computes KL_k, the log-sum-exp of (15) and the responsibilities γ* for an encoded batch. */
    public static Mixture mixture(VadeNetwork net, VadeNetwork.Encoded enc) {
        NDArray logPi = net.params().get("prior.logits").logSoftmax(0);
        NDArray klK = klPerComponent(enc.mu(), enc.logvar(), net.params().get("prior.mu"), net.params().get("prior.logvar"));
        NDArray a = logPi.expandDims(0).sub(klK);                 // ln π_k − KL_k, B×K
        NDArray lse = logSumExp(a);                               // B
        return new Mixture(logPi, klK, lse, a.sub(lse.expandDims(1)));
    }

    /**
     * The batch mean of KL(γ ‖ γ*) (reverse) or KL(γ* ‖ γ) (forward) from log-probabilities, B×K.
     * Pass a stop-gradient {@code logGammaStar} to train γ only.
     */
    public static NDArray distillation(NDArray logGamma, NDArray logGammaStar, VadeConfig.DistillDirection direction) {
        if (direction == VadeConfig.DistillDirection.REVERSE) {
            return logGamma.exp().mul(logGamma.sub(logGammaStar)).sum(new int[] {1}).mean();
        }
        return logGammaStar.exp().mul(logGammaStar.sub(logGamma)).sum(new int[] {1}).mean();
    }

    /** The batch mean of −H(γ) = Σ_k γ_k ln γ_k from ln γ (B×K), the term (11). */
    public static NDArray negEntropy(NDArray logGamma) {
        return logGamma.exp().mul(logGamma).sum(new int[] {1}).mean();
    }

    /** The balance term −H(mean_b γ_b) of a batch's assignments γ (B×K). */
    public static NDArray balance(NDArray gamma) {
        NDArray meanGamma = gamma.mean(new int[] {0});
        return meanGamma.mul(Tensors.add(meanGamma, 1e-12f).log()).sum();
    }

    /**
     * Evaluates the objective on one batch.
     *
     * @param net the networks
     * @param x the batch, B×D
     * @param eps standard normal noise B×d for the reparameterisation, or null to use z = μ
     * @param eta the entropy weight η (may differ from the config's, e.g. in target-entropy mode)
     */
    public static Terms evaluate(VadeNetwork net, NDArray x, NDArray eps, double eta) {
        return evaluate(net, x, eps, eta, true);
    }

    /**
     * Evaluates the objective on one batch, with or without the branch.
     *
     * @param withBranch false evaluates the VaDE part only (reconstruction and β·(15)): the main stage
     *     under {@link VadeConfig.BranchGradient#HEAD}, where γ = γ* is reported and neither η nor the
     *     balance term act (they act on the branch in its own stage)
     */
    public static Terms evaluate(VadeNetwork net, NDArray x, NDArray eps, double eta, boolean withBranch) {
        VadeConfig cfg = net.config();
        boolean branchTerms = withBranch || cfg.method() == VadeConfig.Method.VADE;
        VadeNetwork.Encoded enc = net.encode(x, withBranch);
        NDArray z = eps == null ? enc.mu() : enc.mu().add(eps.mul(Tensors.mul(enc.logvar(), 0.5f).exp()));
        NDArray recon = net.negLogLikelihood(x, net.decode(z)).mean();

        Mixture mix = mixture(net, enc);
        NDArray logPi = mix.logPi();
        NDArray klK = mix.klK();
        NDArray lse = mix.lse();
        NDArray logGammaStar = mix.logGammaStar();

        NDArray logGamma = enc.logGamma() == null ? logGammaStar : enc.logGamma();
        NDArray gamma = logGamma.exp();
        NDArray negEntropy = negEntropy(logGamma);

        NDArray kl;
        NDArray couple;
        if (enc.logGamma() == null || cfg.loss().coupling() != VadeConfig.Coupling.ELBO) {
            kl = lse.neg().mean();
        } else {
            kl = gamma.mul(klK).sum(new int[] {1})
                    .add(gamma.mul(logGamma.sub(logPi.expandDims(0))).sum(new int[] {1})).mean();
        }
        if (enc.logGamma() != null && cfg.loss().coupling() == VadeConfig.Coupling.DISTILL) {
            couple = distillation(logGamma, logGammaStar.stopGradient(), cfg.loss().distillDirection());
        } else {
            couple = recon.zerosLike();
        }
        // cluster balance: −H(mean γ) over the batch (an option against mixture collapse)
        NDArray balance = balance(gamma);
        NDArray total = recon.add(Tensors.mul(kl, (float) cfg.loss().beta())).add(couple);
        if (eta != 0 && branchTerms) {
            total = total.add(Tensors.mul(negEntropy, (float) eta));
        }
        if (cfg.loss().balance() != 0 && branchTerms) {
            total = total.add(Tensors.mul(balance, (float) cfg.loss().balance()));
        }
        return new Terms(recon, kl, negEntropy, couple, balance, total, logGamma, logGammaStar, enc.mu());
    }
}
