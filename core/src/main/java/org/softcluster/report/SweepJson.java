package org.softcluster.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.softcluster.data.DataLoader;

/**
 * What a sweep folder's {@code sweep.json} says, as the report and the sweep's own tables need it — above all whether
 * the sweep ran on MNIST, the only data beside which the paper's Table 2 ({@link PaperTable2}, the MNIST test set)
 * may stand.
 */
public final class SweepJson {
    /** File name of the sweep's description inside its folder. */
    public static final String FILE = "sweep.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SweepJson() {
    }

    /** Reads the sweep's {@code sweep.json}, empty when it is absent or unreadable. */
    static Optional<JsonNode> read(Path sweepDir) {
        Path p = sweepDir.resolve(FILE);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(p.toFile()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the sweep's data is MNIST: {@code data.kind} is {@code mnist} ({@code sweep} records the
     * {@link DataLoader.Kind}); in a sweep.json written before the kind was recorded, an evaluation on the
     * {@code test split}, which only an MNIST directory has. False without sweep.json: the paper's numbers are not set
     * beside data that is not known to be MNIST.
     */
    public static boolean onMnist(Path sweepDir) {
        return dataKind(sweepDir).equals(DataLoader.Kind.MNIST.id());
    }

    /**
     * The sweep's data kind ({@code mnist}, {@code table}, {@code array}; see {@link #onMnist} for older folders), or
     * {@code unknown} without sweep.json or its data.
     */
    public static String dataKind(Path sweepDir) {
        JsonNode data = read(sweepDir).map(j -> j.path("data")).orElse(null);
        if (data == null || !data.isObject()) {
            return "unknown";
        }
        if (data.hasNonNull("kind")) {
            return data.get("kind").asText();
        }
        return data.path("evaluated_on").asText().equals("test split") ? DataLoader.Kind.MNIST.id() : "unknown";
    }
}
