package org.ordersweep.bench;

import org.junit.jupiter.api.Test;
import org.ordersweep.train.ExecutionMode;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UtilisationTest {

    @Test
    void trialParallelTrialsHoldOneCoreEach() {
        // Four trials of 10 s training on 2 cores in 25 s of wall time: 40 of 50 core-seconds trained.
        Utilisation u = Utilisation.of(ExecutionMode.TRIAL_PARALLEL, List.of(10.0, 10.0, 10.0, 10.0), 25, 2, 1, 45);
        assertEquals(4, u.trials());
        assertEquals(40, u.busyCoreSeconds(), 1e-12);
        assertEquals(0.8, u.coreUtilisation(), 1e-12);
        assertEquals(0.9, u.cpuUtilisation(), 1e-12);
    }

    @Test
    void dataParallelTrialsHoldEveryWorker() {
        Utilisation u = Utilisation.of(ExecutionMode.DATA_PARALLEL, List.of(6.0, 4.0, Double.NaN), 40, 2, 2,
                Double.NaN);
        assertEquals(10, u.trainSeconds(), 1e-12);
        assertEquals(20, u.busyCoreSeconds(), 1e-12);
        assertEquals(0.25, u.coreUtilisation(), 1e-12);
        assertTrue(Double.isNaN(u.cpuUtilisation()));
    }

    @Test
    void noWallTimeMeansNoUtilisation() {
        Utilisation u = Utilisation.of(ExecutionMode.TRIAL_PARALLEL, List.of(1.0), 0, 2, 1, 1);
        assertTrue(Double.isNaN(u.coreUtilisation()));
    }
}
