package org.ordersweep.train;

import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Runs on the executors after every minibatch update of a data-parallel epoch: adds the minibatch's loss, weighted
 * by its examples, to Spark accumulators, so the driver records the epoch's mean training loss (as trial-parallel
 * training does) instead of the last minibatch's.
 */
final class EpochLoss implements TrainingHook {

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
    public void postUpdate(DataSet minibatch, Model model) {
        lossSum.add(model.score() * minibatch.numExamples());
        examples.add(minibatch.numExamples());
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
    }

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
    }

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
    }
}
