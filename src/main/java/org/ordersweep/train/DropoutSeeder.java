package org.ordersweep.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ordersweep.plan.Seeds;

/**
 * Runs on the executors before every minibatch update: seeds ND4J's random generator from the trial's seed, the
 * epoch and the minibatch itself. Dropout masks then depend on what is trained, not on which executor thread ran
 * what before, so a trial gives the same numbers every time it runs.
 */
final class DropoutSeeder extends MinibatchHook {

    private final long epochSeed;

    DropoutSeeder(long trialSeed, int epoch) {
        this.epochSeed = Seeds.derive(trialSeed, 1_000_003L * epoch);
    }

    @Override
    void before(INDArray features, INDArray labelArray) {
        // The minibatch's content identifies it within an epoch (its position does not survive Spark's scheduling).
        double sum = features.sumNumber().doubleValue();
        long labels = Double.doubleToLongBits(labelArray.argMax(1).castTo(
                org.nd4j.linalg.api.buffer.DataType.DOUBLE).sumNumber().doubleValue());
        Nd4j.getRandom().setSeed(Seeds.derive(epochSeed ^ Double.doubleToLongBits(sum), labels));
    }

}
