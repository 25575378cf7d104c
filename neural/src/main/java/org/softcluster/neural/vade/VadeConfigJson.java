package org.softcluster.neural.vade;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link VadeConfig} from its JSON map in either form: grouped (as written now: {@code "network": {...}},
 * {@code "main": {...}}, ...) or flat (every setting at the top, as model.json, checkpoints and config.json files
 * were written before the grouping). Settings the map lacks (files older than them) take the paper's values; a
 * flat setting wins over the same setting in a group, so a flat file merged over grouped defaults reads right.
 */
final class VadeConfigJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    /** Each group's settings under their flat names; "flat=field" where the group names it otherwise. */
    private static final Map<String, List<String>> FLAT = Map.of(
            "network", List.of("latentDim", "encoderDims", "temperature", "likelihood", "variance"),
            "loss", List.of("beta", "eta", "coupling", "distillDirection", "targetEntropy", "etaLr", "balance"),
            "training", List.of("batchSize", "clipNorm", "validationFraction", "augment"),
            "pretraining", List.of("pretrainEpochs=epochs", "pretrainLr=lr", "pretrainLoss=loss"),
            "mixture", List.of("init", "laplaceAlpha", "varianceFloor", "kmeansInit=restarts", "initMaps=maps", "attempts"),
            "main", List.of("epochs", "lr", "lrDecay", "patience", "selection"),
            "branch", List.of("branchGradient=gradient", "branchWarmup=warmup", "branchEpochs=epochs"));

    /** Flat name to {group, field}. */
    private static final Map<String, String[]> WHERE = new HashMap<>();

    static {
        FLAT.forEach((group, settings) -> {
            for (String s : settings) {
                String[] names = s.split("=");
                WHERE.put(names[0], new String[] {group, names[names.length - 1]});
            }
        });
    }

    private VadeConfigJson() { }

    /**
     * The configuration a JSON map describes.
     *
     * @throws IllegalArgumentException on a setting that is unknown, of the wrong type or out of range
     */
    @SuppressWarnings("unchecked")
    static VadeConfig read(Map<String, ?> json) {
        Map<String, Object> tree = MAPPER.convertValue(VadePresets.paper(), MAP);
        for (Map.Entry<String, ?> e : json.entrySet()) {
            if (WHERE.containsKey(e.getKey())) continue;
            if (!tree.containsKey(e.getKey())) throw new IllegalArgumentException("unknown VaDE setting '" + e.getKey() + "'");
            if (!(tree.get(e.getKey()) instanceof Map<?, ?> group)) {
                tree.put(e.getKey(), e.getValue());
            } else if (e.getValue() instanceof Map<?, ?> given) {
                ((Map<Object, Object>) group).putAll(given);
            } else {
                throw new IllegalArgumentException("VaDE setting '" + e.getKey() + "' must be an object, got " + e.getValue());
            }
        }
        // the flat form after the groups: a flat setting wins over its group's (default) value
        for (Map.Entry<String, ?> e : json.entrySet()) {
            String[] at = WHERE.get(e.getKey());
            if (at != null) ((Map<String, Object>) tree.get(at[0])).put(at[1], e.getValue());
        }
        return new VadeConfig(as(tree, "method", VadeConfig.Method.class), as(tree, "k", Integer.class), as(tree, "seed", Long.class),
                as(tree, "network", VadeConfig.Network.class), as(tree, "loss", VadeConfig.Loss.class),
                as(tree, "training", VadeConfig.Training.class), as(tree, "pretraining", VadeConfig.Pretraining.class),
                as(tree, "mixture", VadeConfig.Mixture.class), as(tree, "main", VadeConfig.Main.class),
                as(tree, "branch", VadeConfig.Branch.class));
    }

    private static <T> T as(Map<String, Object> tree, String key, Class<T> type) {
        return MAPPER.convertValue(tree.get(key), type);
    }
}
