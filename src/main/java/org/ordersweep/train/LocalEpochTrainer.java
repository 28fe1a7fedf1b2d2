package org.ordersweep.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.ordersweep.plan.Seeds;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Trial-parallel: the whole trial trains inside one executor task, minibatches in a seeded shuffled order. */
final class LocalEpochTrainer implements EpochTrainer {

    private final MultiLayerNetwork net;
    private final List<DataSet> batches;
    private final long seed;

    LocalEpochTrainer(MultiLayerNetwork net, List<DataSet> batches, long seed) {
        this.net = net;
        this.batches = batches;
        this.seed = seed;
    }

    @Override
    public double fitEpoch(int epoch) {
        List<DataSet> order = new ArrayList<>(batches);
        Collections.shuffle(order, new Random(Seeds.derive(seed, epoch)));
        Nd4j.getRandom().setSeed(Seeds.derive(seed, 1_000_003L * epoch));
        double loss = Double.NaN;
        for (DataSet batch : order) {
            // fit() can transform its input in place (see model.Inference): give it a copy of the shared batch.
            net.fit(batch.copy());
            loss = net.score();
        }
        return loss;
    }

    @Override
    public MultiLayerNetwork network() {
        return net;
    }
}
