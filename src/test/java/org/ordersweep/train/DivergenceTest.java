package org.ordersweep.train;

import org.ordersweep.results.TrialOutcome;

import org.apache.hadoop.conf.Configuration;
import org.ordersweep.model.Network;
import org.junit.jupiter.api.Test;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.plan.TrialSpec;
import org.ordersweep.results.TrialStatus;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A network whose parameters become NaN is recorded as diverged at that epoch, not thrown out of the trial (DL4J's
 * evaluation refuses NaN predictions with an exception, which made such a trial "failed" and retried). Seen on the
 * full-size experiment: a mish trial whose third epoch left NaN parameters behind a finite mean training loss.
 */
class DivergenceTest {

    private static final SweepConfig CONFIG = ConfigLoader.load(null, List.of("sweep.block=[conv,act,pool]",
            "model.filters=[4,8]", "model.dense=16", "data.train-limit=200", "data.test-limit=100",
            "train.batch-size=20"));
    private static final DataLoader.TrainTest DATA = DataLoader.load(CONFIG, new Configuration());

    /** Trains for real; from epoch {@code from} on, the epoch ends with NaN parameters and reports {@code loss}. */
    private static Function<Network, EpochTrainer> breaksAt(TrialSpec spec, int from, double loss) {
        return net -> new EpochTrainer() {
            private final LocalEpochTrainer real = new LocalEpochTrainer(net, DATA.train(),
                    CONFIG.train().batchSize(), spec.rngSeed());

            @Override
            public double fitEpoch(int epoch) {
                double l = real.fitEpoch(epoch);
                if (epoch < from) {
                    return l;
                }
                net.params().assign(Double.NaN);
                return loss;
            }

            @Override
            public Network network() {
                return net;
            }
        };
    }

    private static TrialOutcome run(int from, double loss) {
        TrialSpec spec = SweepRunner.plan(CONFIG, DATA.shape()).trials().get(0);
        TrialRunner.Holdout holdout = new TrialRunner.Holdout(DATA.test().batches(SweepData.HOLDOUT_BATCH),
                List.of());
        return TrialRunner.run("s", "t", spec, 3, CONFIG, DATA.shape(), holdout, breaksAt(spec, from, loss));
    }

    @Test
    void nanPredictionsBehindAFiniteTrainingLossAreDivergence() {
        TrialOutcome o = run(2, 0.75);
        assertEquals(TrialStatus.DIVERGED, o.trial().status());
        assertEquals("test predictions became NaN in epoch 2 (training loss 0.75)", o.trial().reason());
        assertEquals(2, o.trial().epochs());
        assertTrue(Double.isNaN(o.trial().testAccuracy()), String.valueOf(o.trial().testAccuracy()));
        double sps = o.trial().inferenceSamplesPerSecond();
        assertTrue(sps > 0 && Double.isFinite(sps), "inference speed from the forward passes up to the NaN batch: " + sps);
        // The first epoch was measured; the second's row says what happened.
        assertTrue(o.epochs().get(0).testAccuracy() > 0.1, String.valueOf(o.epochs().get(0)));
        assertTrue(Double.isNaN(o.epochs().get(1).testAccuracy()));
        assertEquals(0.75, o.epochs().get(1).trainLoss());
    }

    @Test
    void aNanTrainingLossIsDivergenceAtThatEpoch() {
        TrialOutcome o = run(1, Double.NaN);
        assertEquals(TrialStatus.DIVERGED, o.trial().status());
        assertEquals("training loss became NaN in epoch 1", o.trial().reason());
        assertEquals(1, o.trial().epochs());
        assertTrue(Double.isNaN(o.trial().testAccuracy()));
    }
}
