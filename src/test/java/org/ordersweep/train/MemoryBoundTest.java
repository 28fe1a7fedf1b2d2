package org.ordersweep.train;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.plan.TrialSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Memory is reused, not left to the garbage collector: a mid-sized model trained and evaluated again and again in
 * this JVM (6 GB of heap, so the collector has little reason to run) keeps its resident memory flat. With inference
 * outside workspaces, as before, the same four trials grew it by 541 MB.
 */
class MemoryBoundTest {

    private static final long BOUND = 150L << 20;

    @Test
    void residentMemoryStaysFlatOverRepeatedTrainingAndEvaluation() {
        SweepConfig c = ConfigLoader.load(null, List.of("model.filters=[16,32]", "model.dense=64",
                "data.train-limit=1000", "data.test-limit=1000", "train.batch-size=32"));
        DataLoader.TrainTest data = DataLoader.load(c, new Configuration());
        TrialSpec spec = SweepRunner.plan(c, data.shape()).trials().get(0);
        TrialRunner.Holdout holdout = new TrialRunner.Holdout(data.test().batches(SweepData.HOLDOUT_BATCH), List.of());
        Runnable trial = () -> {
            TrialOutcome o = TrialRunner.run("memory", "trial", spec, 2, c, data.shape(), holdout,
                    net -> new LocalEpochTrainer(net, data.train(), c.train().batchSize(), spec.rngSeed()));
            // Each trial: two epochs, an evaluation after each, one inference timing pass.
            assertEquals(2, o.epochs().size());
            assertTrue(o.trial().testAccuracy() > 0.3, "accuracy " + o.trial().testAccuracy());
        };
        trial.run(); // warm-up: workspaces grow to their size, oneDNN primitives, JIT
        long before = MemoryBudget.residentBytes();
        List<String> after = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            trial.run();
            after.add(String.format(Locale.ROOT, "%.0f", MemoryBudget.residentBytes() / 1e6));
        }
        long growth = MemoryBudget.residentBytes() - before;
        assertTrue(growth < BOUND, String.format(Locale.ROOT, "RSS grew by %.0f MB over 4 trials (12 passes over the "
                + "test set): from %.0f MB to %s MB", growth / 1e6, before / 1e6, after));
    }
}
