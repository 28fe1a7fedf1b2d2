package org.ordersweep.train;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.ordersweep.SparkTestBase;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.data.EpochBatches;
import org.ordersweep.model.NetworkFactory;
import org.ordersweep.plan.ActivationKind;
import org.ordersweep.plan.Ordering;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Data-parallel training draws each epoch's minibatches on the executors, and they are exactly the ones a
 * trial-parallel run of the same trial draws (LocalEpochTrainer): same examples together, same order.
 */
class EpochBatchesOnSparkTest extends SparkTestBase {

    @Test
    void executorsDrawTheSameMinibatchesAsATrialParallelTask() {
        SweepConfig c = ConfigLoader.load(null, List.of("sweep.block=[conv,act,pool]", "model.filters=[2,2]",
                "model.dense=4", "data.train-limit=250", "data.test-limit=10", "train.batch-size=32"));
        DataLoader.TrainTest data = DataLoader.load(c, spark.sparkContext().hadoopConfiguration());
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SweepData recipe = SweepData.of(c, data, sc.hadoopConfiguration(), data.hash());
        // Not shared with the driver's copy: the tasks load the data themselves, as remote executors do.
        recipe.forget();
        Broadcast<byte[]> shipped = sc.broadcast(JavaBytes.of(recipe));
        MultiLayerNetwork net = new MultiLayerNetwork(NetworkFactory.build(Ordering.parse("conv>act>pool"),
                ActivationKind.RELU, c.model(), 1e-3, data.shape(), 1L));
        net.init();
        long seed = 99L;
        AveragingEpochTrainer trainer = new AveragingEpochTrainer(sc, shipped, data.train().size(), 3, net, c.train(),
                seed);
        for (int epoch = 1; epoch <= 2; epoch++) {
            List<DataSet> drawn = trainer.draw(epoch).collect();
            EpochBatches local = new EpochBatches(data.train(), 32, seed, epoch);
            assertEquals(8, drawn.size());
            assertEquals(local.count(), drawn.size());
            for (int b = 0; b < drawn.size(); b++) {
                DataSet expected = local.batch(b);
                assertEquals(expected.getFeatures(), drawn.get(b).getFeatures(), "epoch " + epoch + " batch " + b);
                assertEquals(expected.getLabels(), drawn.get(b).getLabels());
            }
        }
        assertNotEquals(trainer.draw(1).first().getFeatures(), trainer.draw(2).first().getFeatures());
        shipped.destroy();
    }

    /**
     * The epoch's training loss is the mean over its minibatches in both modes. With one worker averaging once per
     * epoch, parameter averaging is plain training on the same minibatches in the same order, so a dropout-free trial
     * gives the same loss both ways; and it is the mean of the minibatch losses, not the last one.
     */
    @Test
    void bothModesRecordTheMeanMinibatchLossOfTheEpoch() {
        SweepConfig c = ConfigLoader.load(null, List.of("sweep.block=[conv,act,pool]", "model.filters=[2,2]",
                "model.dense=4", "data.train-limit=160", "data.test-limit=10", "train.batch-size=32",
                "train.averaging-frequency=100", "train.prefetch=0"));
        DataLoader.TrainTest data = DataLoader.load(c, spark.sparkContext().hadoopConfiguration());
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SweepData recipe = SweepData.of(c, data, sc.hadoopConfiguration(), data.hash());
        recipe.shareWithLocalTasks(data);
        Broadcast<byte[]> shipped = sc.broadcast(JavaBytes.of(recipe));
        long seed = 5L;
        java.util.function.Supplier<MultiLayerNetwork> fresh = () -> {
            MultiLayerNetwork n = new MultiLayerNetwork(NetworkFactory.build(Ordering.parse("conv>act>pool"),
                    ActivationKind.RELU, c.model(), 1e-2, data.shape(), 1L));
            n.init();
            return n;
        };
        double averaged = new AveragingEpochTrainer(sc, shipped, data.train().size(), 1, fresh.get(), c.train(),
                seed).fitEpoch(1);
        double local = new LocalEpochTrainer(fresh.get(), data.train(), 32, seed).fitEpoch(1);
        // By hand: the same network, the same minibatches, the loss of each.
        MultiLayerNetwork byHand = fresh.get();
        EpochBatches batches = new EpochBatches(data.train(), 32, seed, 1);
        double sum = 0;
        double last = Double.NaN;
        for (int b = 0; b < batches.count(); b++) {
            DataSet batch = batches.batch(b);
            byHand.fit(batch);
            last = byHand.score();
            sum += last * batch.numExamples();
        }
        double mean = sum / data.train().size();
        assertEquals(mean, local, 1e-9);
        assertEquals(mean, averaged, 1e-5);
        assertNotEquals(last, local, 1e-6);
        recipe.forget();
        shipped.destroy();
    }
}
