package org.softcluster.neural.vade;

import org.softcluster.data.Dataset;

import java.util.Arrays;
import java.util.List;

/**
 * What a shared result of {@link VadeTrainer} ({@link VadeTrainer.Pretrained}) was made from: two runs may share it
 * when their keys are equal — a pre-training ({@link PretrainKey}) or a trunk after the main stage ({@link TrunkKey}).
 */
public sealed interface ShareKey permits ShareKey.PretrainKey, ShareKey.TrunkKey {

    /**
     * What stage 1 depends on: data, architecture, seed, epochs, learning rate, batch size, clipping, validation part, loss,
     * augmentation — not the method: plain VaDE and the method start from the same weights ({@link VadeNetwork#create}),
     * so one pre-training serves both (made under the method, since only its snapshot holds the branch head).
     */
    public record PretrainKey(int dim, int n, String dataSha, List<Integer> hidden, int latentDim,
                              int k, VadeConfig.Likelihood likelihood, VadeConfig.VarianceMode variance, long seed, int epochs,
                              double lr, int batchSize, double clipNorm, double validationFraction,
                              VadeConfig.PretrainLoss loss, boolean augment, int patience) implements ShareKey {
        static PretrainKey of(VadeConfig c, Dataset data) {
            VadeConfig.Network net = c.network();
            VadeConfig.Training t = c.training();
            VadeConfig.Pretraining p = c.pretraining();
            return new PretrainKey(data.dim(), data.size(), data.sha256().substring(0, 16),
                    Arrays.stream(net.encoderDims()).boxed().toList(), net.latentDim(), c.k(), net.likelihood(), net.variance(), c.seed(),
                    p.epochs(), p.lr(), t.batchSize(), t.clipNorm(), t.validationFraction(), p.loss(), t.augment().pretrain(), p.patience());
        }
    }

    /**
     * What stages 1–3 depend on under branch gradient HEAD: everything but η, the target entropy, its step, the
     * balance weight and the branch epochs (they act in the branch stage alone).
     */
    public record TrunkKey(PretrainKey pretraining, VadeConfig stages) implements ShareKey {
        static TrunkKey of(VadeConfig c, Dataset data) {
            return new TrunkKey(PretrainKey.of(c, data), stages(c));
        }

        /** The settings stages 1–3 depend on, as a config: those that act only in the branch stage set to one value. */
        static VadeConfig stages(VadeConfig c) {
            VadeConfigBuilder b = c.toBuilder();
            // plain VaDE's stages 1–3 are the method's under HEAD (same weights, objective and trainable tensors: the
            // branch head is frozen there) as long as no balance term acts in its main stage
            if (c.method() == VadeConfig.Method.VADE && c.loss().balance() == 0) {
                b.method(VadeConfig.Method.ERVADE).branchGradient(VadeConfig.BranchGradient.HEAD);
            }
            return b.eta(0).targetEntropy(0).etaLr(0.01).balance(0).branchEpochs(1).build();
        }
    }
}
