package org.ordersweep.train;

import org.ordersweep.results.TrialOutcome;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.InputShape;
import org.ordersweep.domain.Ordering;
import org.ordersweep.model.Network;
import org.ordersweep.model.NetworkFactory;
import org.ordersweep.plan.TrialSpec;
import org.ordersweep.results.EpochRow;

import java.nio.file.Files;
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
        assertEquals(false, Files.exists(Path.of(at)));
    }

    /**
     * A checkpoint saved before evaluations were timed (the fixture was written by that version's classes) continues
     * with its epochs' evaluation time unrecorded (NaN, null in epochs/), not 0; everything else as saved. A
     * progress saved now keeps its evaluation times.
     */
    @Test
    void aCheckpointFromBeforeEvaluationTimesWereRecordedReadsThemAsUnrecorded() throws Exception {
        Checkpoint.Progress old;
        try (var in = getClass().getResourceAsStream("/checkpoints/progress-without-eval-seconds.ser")) {
            old = Checkpoint.readProgress(in);
        }
        assertEquals(new Checkpoint.Progress(2, List.of(
                new EpochRow("t1", 1, 1.25, 0.5, 1.5, 2.0, Double.NaN),
                new EpochRow("t1", 2, 0.75, 0.625, 1.0, 2.5, Double.NaN)), 4.5, 0), old);

        Checkpoint.Progress now = new Checkpoint.Progress(1,
                List.of(new EpochRow("t1", 1, 1.25, 0.5, 1.5, 2.0, 0.25)), 2.0, 0);
        String at = dir.resolve("checkpoints/s/t").toString();
        SweepConfig c = ConfigLoader.load(null, List.of("model.filters=[4,8]", "model.dense=8"));
        Network net = NetworkFactory.network(Ordering.parse("conv>bn>act>pool>dropout"), ActivationKind.RELU,
                c.model(), 1e-3, new InputShape(1, 28, 28, 10), 1);
        new Checkpoint(at, false, true).write(new Configuration(), net, now);
        try (var in = Files.newInputStream(Path.of(at, "progress.ser"))) {
            assertEquals(now, Checkpoint.readProgress(in));
        }
    }
}
