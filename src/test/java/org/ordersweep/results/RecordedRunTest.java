package org.ordersweep.results;

import org.junit.jupiter.api.Test;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a sweep ran with, read from its recorded configuration: its own values, and for keys it lacks, as before. */
class RecordedRunTest {

    private static final SweepConfig CURRENT = ConfigLoader.load(null, List.of("train.learning-rate=0.01",
            "model.dropout=0.3", "sweep.seeds=6", "sweep.racing.enabled=true", "train.halving.enabled=false"));

    @Test
    void aRecordedRunIsJudgedByItsOwnConfiguration() {
        SweepConfig ran = ConfigLoader.load(null, List.of("sweep.seeds=5", "sweep.racing.enabled=true",
                "sweep.racing.min-seeds=2", "model.dropout=0.1", "train.learning-rate=0.005"));
        RecordedRun run = RecordedRun.of(SweepConfig.parseRendered(ran.render()), CURRENT, 10000);
        assertEquals(new RecordedRun(0.005, 0.1, new SweepConfig.Racing(2, 5), false, 10000), run);
    }

    @Test
    void keysAnOldRecordLacksAreTheCurrentRateAndDropoutWithoutRacingOrHalving() {
        RecordedRun run = RecordedRun.of(Map.of("sweep.seeds", "4"), CURRENT, 0);
        assertEquals(new RecordedRun(0.01, 0.3, null, false, 0), run);
    }

    @Test
    void theCommittedQuickstartRecordReadsAsItRan() throws Exception {
        Path conf;
        try (var files = Files.walk(Path.of("docs", "experiments", "quickstart-8-seeds", "runs"))) {
            conf = files.filter(f -> f.getFileName().toString().equals("config.conf")).sorted().toList().get(0);
        }
        RecordedRun run = RecordedRun.of(SweepConfig.parseRendered(Files.readString(conf)), CURRENT, 0);
        assertEquals(0.001, run.learningRate());
        assertEquals(0.25, run.dropout());
        assertNull(run.racing());
        assertFalse(run.halving());
    }

    @Test
    void withoutARecordTheSweepRanWithTheCurrentConfiguration() {
        RecordedRun run = RecordedRun.of(CURRENT.resolved(), CURRENT, 0);
        assertEquals(0.01, run.learningRate());
        assertEquals(0.3, run.dropout());
        assertEquals(CURRENT.racing(), run.racing());
        assertTrue(run.racing() != null);
    }
}
