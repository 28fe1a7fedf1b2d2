package org.ordersweep.train;

import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.api.Model;

/**
 * Runs on the executors after every minibatch update of a data-parallel epoch: adds the minibatch's loss, weighted
 * by its examples, to Spark accumulators, so the driver records the epoch's mean training loss (as trial-parallel
 * training does) instead of the last minibatch's.
 */
final class EpochLoss extends MinibatchHook {

    private final DoubleAccumulator lossSum;
    private final LongAccumulator examples;

    EpochLoss(DoubleAccumulator lossSum, LongAccumulator examples) {
        this.lossSum = lossSum;
        this.examples = examples;
    }

    /** The mean loss over the minibatches recorded so far, NaN before any. */
    double mean() {
        return examples.value() == 0 ? Double.NaN : lossSum.value() / examples.value();
    }

    @Override
    void after(long examples, Model model) {
        lossSum.add(model.score() * examples);
        this.examples.add(examples);
    }
}
