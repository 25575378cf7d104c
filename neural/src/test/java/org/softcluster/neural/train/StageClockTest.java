package org.softcluster.neural.train;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StageClockTest {

    @Test
    void timesEachStageAddsRepeatsAndPassesEveryEventOn() {
        long[] now = {0};
        List<String> seen = new ArrayList<>();
        TrainingListener next = new TrainingListener() {
            @Override public void onStageStart(String stage, int epochs, int batches) { seen.add("start " + stage); }
            @Override public void onBatch(String stage, int epoch, int batch, double loss) { seen.add("batch " + stage); }
            @Override public void onStageEnd(String stage) { seen.add("end " + stage); }
            @Override public void onMessage(String message) { seen.add(message); }
        };
        StageClock clock = new StageClock(next, () -> now[0]);
        clock.onStageStart("pretrain", 2, 3);
        now[0] += 5_000_000_000L;
        clock.onBatch("pretrain", 1, 0, 1.0);
        clock.onStageEnd("pretrain");
        clock.onStageStart("init", 1, 1);
        now[0] += 250_000_000L;
        clock.onStageEnd("init");
        clock.onMessage("collapse: re-initialising");
        clock.onStageStart("init", 1, 1);          // a second start after a collapse adds up
        now[0] += 750_000_000L;
        clock.onStageEnd("init");
        clock.onStageStart("branch", 0, 4);        // no epochs: passed on, not a stage that ran
        clock.onStageEnd("branch");
        clock.onStageStart("train", 1, 1);         // still open: counts nothing yet
        now[0] += 1_000_000_000L;
        assertEquals(Map.of("pretrain", 5.0, "init", 1.0, "train", 0.0), clock.seconds());
        assertEquals(List.of("pretrain", "init", "train"), new ArrayList<>(clock.seconds().keySet()), "the order stages first started");
        assertEquals(List.of("start pretrain", "batch pretrain", "end pretrain", "start init", "end init", "collapse: re-initialising",
                "start init", "end init", "start branch", "end branch", "start train"), seen);
    }
}
