package org.ordersweep.bench;

import org.junit.jupiter.api.Test;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.config.TrainMode;
import org.ordersweep.train.ExecutionMode;

import java.io.File;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class SweepEfficiencyTest {

    private static final BenchOptions OPTIONS = new BenchOptions(1, 2000, 2, 2, 2048, true, true, false, 3, 500, 2,
            "python3", "text");

    /** The reduced sweep is a valid configuration of a few of the full plan's trials, on the embedded data. */
    @Test
    void reductionKeepsTheModelAndTrainsAFewPlannedTrials() {
        File quickstart = new File("conf/quickstart.conf");
        SweepEfficiency e = new SweepEfficiency(quickstart, List.of("model.dense=32"), OPTIONS);
        SweepConfig trial = ConfigLoader.load(quickstart, e.overrides(ExecutionMode.TRIAL_PARALLEL, "/tmp/x"));
        assertEquals(3, trial.sweep().orderings().size());
        assertEquals(32, trial.model().headUnits());
        assertEquals(List.of(16, 32), trial.model().swept().sizes());
        assertEquals(500, trial.data().trainLimit());
        assertEquals(2, trial.train().epochs());
        assertEquals(TrainMode.TRIAL_PARALLEL, trial.train().mode());
        assertEquals(1, trial.sweep().seeds());
        assertFalse(trial.train().halving().enabled());
        assertEquals("/tmp/x", trial.output().dir());
        SweepConfig data = ConfigLoader.load(quickstart, e.overrides(ExecutionMode.DATA_PARALLEL, "/tmp/y"));
        assertEquals(TrainMode.DATA_PARALLEL, data.train().mode());
        assertEquals(1, data.sweep().concurrentTrials());
        assertEquals(trial.sweep().orderings(), data.sweep().orderings());
    }
}
