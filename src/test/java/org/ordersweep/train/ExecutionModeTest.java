package org.ordersweep.train;

import org.junit.jupiter.api.Test;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.domain.InputShape;
import org.ordersweep.plan.SweepPlan;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** auto picks trial-parallel whenever every core can train whole trials, and averaging only for idle cores. */
class ExecutionModeTest {

    private static final InputShape MNIST = new InputShape(1, 28, 28, 10);

    private static ExecutionMode auto(List<String> sets, int trials, int cores) {
        SweepConfig c = ConfigLoader.load(null, sets);
        SweepPlan plan = SweepRunner.plan(c, MNIST);
        return ExecutionMode.choose(c, plan, MNIST, trials, cores).mode();
    }

    @Test
    void enoughTrialsForEveryCoreMeansTrialParallelWhateverTheModelSize() {
        // The reference CNN (32/64 filters, dense 128, batch 64): ~1.3 GFLOP per minibatch, well above the threshold.
        List<String> reference = List.of("train.batch-size=64");
        assertEquals(ExecutionMode.TRIAL_PARALLEL, auto(reference, 72, 2));
        assertEquals(ExecutionMode.TRIAL_PARALLEL, auto(reference, 2, 2));
        // Fewer trials than cores: a large model averages across the idle ones, a small one still does not.
        assertEquals(ExecutionMode.DATA_PARALLEL, auto(reference, 3, 16));
        assertEquals(ExecutionMode.TRIAL_PARALLEL, auto(List.of("model.filters=[4,8]", "model.dense=16",
                "train.batch-size=8"), 3, 16));
    }

    @Test
    void anExplicitModeIsKept() {
        assertEquals(ExecutionMode.DATA_PARALLEL, auto(List.of("train.mode=data-parallel"), 72, 2));
        assertEquals(ExecutionMode.TRIAL_PARALLEL, auto(List.of("train.mode=trial-parallel"), 1, 64));
    }
}
