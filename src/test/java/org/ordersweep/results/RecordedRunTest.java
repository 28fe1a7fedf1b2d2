package org.ordersweep.results;

import org.junit.jupiter.api.Test;
import org.ordersweep.config.ComparisonRule;
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
        assertEquals(new RecordedRun(0.005, 0.1, new SweepConfig.Racing(2, 5, ComparisonRule.PAIRED), false, 10000, "the swept block x2 "
                + "(sizes 32, 64, dropout 0.1) -> dense 128 ReLU -> softmax output"), run);
    }

    @Test
    void keysAnOldRecordLacksAreTheCurrentRateAndDropoutWithoutRacingOrHalving() {
        RecordedRun run = RecordedRun.of(Map.of("sweep.seeds", "4"), CURRENT, 0);
        assertEquals(new RecordedRun(0.01, 0.3, null, false, 0, CURRENT.model().describe()), run);
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

    /** The network a report names is the recorded one, stages and head included, not the one analysed with. */
    @Test
    void theRecordedNetworkIsDescribedStageByStage() {
        SweepConfig ran = ConfigLoader.load(new java.io.File("conf/fc-block.conf"), List.of());
        RecordedRun run = RecordedRun.of(SweepConfig.parseRendered(ran.render()), CURRENT, 0);
        assertEquals("conv>bn>act>pool x2 (sizes 16, 32) -> the swept block (sizes 64, dropout 0.5) -> "
                + "softmax output", run.network());
        assertEquals(0.5, run.dropout());
        // A record with a key this version does not read: the current network, not an error.
        assertEquals(CURRENT.model().describe(), RecordedRun.of(Map.of("model.retired", "3"), CURRENT, 0)
                .network());
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
