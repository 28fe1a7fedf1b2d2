package org.ordersweep.train;

import org.ordersweep.results.TrialOutcome;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.plan.TrialSpec;
import org.ordersweep.results.EpochRow;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A survivor of successive halving continues from its checkpoint: one epoch, saved, then two more from the saved
 * network and updater state give exactly what three epochs straight through give.
 */
class CheckpointTest {

    @TempDir
    Path dir;

    @Test
    void continuingFromACheckpointEqualsTrainingStraightThrough() {
        SweepConfig c = ConfigLoader.load(null, List.of("sweep.block=[conv,bn,act,pool,dropout]",
                "model.filters=[4,8]", "model.dense=16", "data.train-limit=300", "data.test-limit=200",
                "train.batch-size=20"));
        DataLoader.TrainTest data = DataLoader.load(c, new Configuration());
        TrialSpec spec = SweepRunner.plan(c, data.shape()).trials().get(0);
        TrialRunner.Holdout holdout = new TrialRunner.Holdout(data.test().batches(SweepData.HOLDOUT_BATCH), List.of());
        java.util.function.Function<org.ordersweep.model.Network, EpochTrainer> local =
                net -> new LocalEpochTrainer(net, data.train(), c.train().batchSize(), spec.rngSeed());

        TrialOutcome straight = TrialRunner.run("s", "t", spec, 3, c, data.shape(), holdout, local);
        String at = dir.resolve("checkpoints/s/t").toString();
        Configuration hadoop = new Configuration();
        TrialOutcome first = TrialRunner.run("s", "t", spec, 1, c, data.shape(), holdout, local,
                new Checkpoint(at, false, true), hadoop);
        assertEquals(1, first.epochs().size());
        TrialOutcome continued = TrialRunner.run("s", "t", spec, 3, c, data.shape(), holdout, local,
                new Checkpoint(at, true, false), hadoop);

        assertEquals(List.of(1, 2, 3), continued.epochs().stream().map(EpochRow::epoch).toList());
        for (int e = 0; e < 3; e++) {
            assertEquals(straight.epochs().get(e).testAccuracy(), continued.epochs().get(e).testAccuracy(), 0,
                    "epoch " + (e + 1));
            assertEquals(straight.epochs().get(e).trainLoss(), continued.epochs().get(e).trainLoss(), 0,
                    "epoch " + (e + 1));
        }
        assertEquals(straight.trial().testAccuracy(), continued.trial().testAccuracy(), 0);
        assertEquals(3, continued.trial().epochs());
        Checkpoint.delete(hadoop, at);
        assertEquals(false, java.nio.file.Files.exists(Path.of(at)));
    }
}
