package org.softcluster.cli;

import org.junit.jupiter.api.Test;
import org.softcluster.data.Dataset;
import org.softcluster.data.Mnist;
import org.softcluster.neural.vade.VadeConfig;

import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench's per-phase step profile, run as a stage of the training loop. */
class BenchCommandTest {

    @Test
    void theProfileTimesEveryPhaseOfTheLoopsSteps() {
        Dataset train = Mnist.load(Path.of(CliTest.SUBSET.toString())).train();
        VadeConfig c = VadeConfig.builder().encoderDims(32, 32, 64).batchSize(128).build();
        // 10 warm-up and 10 timed steps: more than the subset's 16 batches, so the epoch wraps around the data
        double[] ms = BenchCommand.profile(train, c, 10);
        assertEquals(3, ms.length);
        for (double v : ms) assertTrue(v > 0 && Double.isFinite(v), Arrays.toString(ms));
    }

    @Test
    void scoringMultiplyAddsCountTheTrunkAndTheHeadThatScores() {
        // the paper network: 784·500 + 500·500 + 500·2000 trunk, then the branch head 2000·10
        assertEquals(1_662_000L, BenchCommand.scoringMacsPerSample(VadeConfig.builder().build(), 784));
        // plain VaDE scores γ* from μ and ln σ²: two 2000·10 heads
        assertEquals(1_682_000L, BenchCommand.scoringMacsPerSample(VadeConfig.builder().method(VadeConfig.Method.VADE).build(), 784));
        assertEquals(4L * 8 + 8L * 3, BenchCommand.scoringMacsPerSample(VadeConfig.builder().encoderDims(8).k(3).build(), 4));
    }
}
