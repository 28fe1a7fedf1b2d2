package org.ordersweep.train;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.ordersweep.data.EpochBatches;
import org.ordersweep.data.LabelledData;
import org.ordersweep.model.Network;
import org.ordersweep.plan.Seeds;

/**
 * Trial-parallel: the whole trial trains inside one executor task, on minibatches drawn anew every epoch
 * ({@link EpochBatches}); each minibatch's arrays are freed as soon as it is fitted.
 */
final class LocalEpochTrainer implements EpochTrainer {

    private final Network net;
    private final LabelledData train;
    private final int batchSize;
    private final long seed;

    LocalEpochTrainer(Network net, LabelledData train, int batchSize, long seed) {
        this.net = net;
        this.train = train;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    @Override
    public double fitEpoch(int epoch) {
        EpochBatches batches = new EpochBatches(train, batchSize, seed, epoch);
        Nd4j.getRandom().setSeed(Seeds.derive(seed, 1_000_003L * epoch));
        double lossSum = 0;
        long examples = 0;
        for (int b = 0; b < batches.count(); b++) {
            ResidentCeiling.check();
            DataSet batch = batches.batch(b);
            try {
                net.fit(batch);
                // The epoch's training loss is the mean over its minibatches (by examples), not the last one's.
                lossSum += net.score() * batch.numExamples();
                examples += batch.numExamples();
            } finally {
                EpochBatches.release(batch);
            }
        }
        return examples == 0 ? Double.NaN : lossSum / examples;
    }

    @Override
    public Network network() {
        return net;
    }
}
