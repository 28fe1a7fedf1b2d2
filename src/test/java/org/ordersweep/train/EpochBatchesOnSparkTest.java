package org.ordersweep.train;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.ordersweep.SparkTestBase;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.data.EpochBatches;
import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.Ordering;
import org.ordersweep.domain.Placement;
import org.ordersweep.model.Network;
import org.ordersweep.model.NetworkFactory;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
        Network net = NetworkFactory.network(Ordering.parse("conv>act>pool"), ActivationKind.RELU, c.model(), 1e-3,
                data.shape(), 1L);
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

    /** One-worker averaging beside local training: a small trial of {@code ordering}, its data shared locally. */
    private record OneWorker(SweepConfig c, DataLoader.TrainTest data, JavaSparkContext sc, SweepData recipe,
                             Broadcast<byte[]> shipped, String ordering) {
        Network fresh() {
            return NetworkFactory.network(Ordering.parse(ordering), ActivationKind.RELU, c.model(), 1e-2,
                    data.shape(), 1L);
        }

        void close() {
            recipe.forget();
            shipped.destroy();
        }
    }

    private OneWorker oneWorker(String block, String filters, String ordering) {
        return oneWorker(List.of("sweep.block=" + block, "model.filters=" + filters, "model.dense=4"), ordering);
    }

    private OneWorker oneWorker(List<String> network, String ordering) {
        List<String> sets = new java.util.ArrayList<>(network);
        sets.addAll(List.of("data.train-limit=160", "data.test-limit=10", "train.batch-size=32",
                "train.averaging-frequency=100", "train.prefetch=0"));
        SweepConfig c = ConfigLoader.load(null, sets);
        DataLoader.TrainTest data = DataLoader.load(c, spark.sparkContext().hadoopConfiguration());
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SweepData recipe = SweepData.of(c, data, sc.hadoopConfiguration(), data.hash());
        recipe.shareWithLocalTasks(data);
        return new OneWorker(c, data, sc, recipe, sc.broadcast(JavaBytes.of(recipe)), ordering);
    }

    /**
     * The epoch's training loss is the mean over its minibatches in both modes. With one worker averaging once per
     * epoch, parameter averaging is plain training on the same minibatches in the same order, so a dropout-free trial
     * gives the same loss both ways; and it is the mean of the minibatch losses, not the last one.
     */
    @Test
    void bothModesRecordTheMeanMinibatchLossOfTheEpoch() {
        OneWorker w = oneWorker("[conv,act,pool]", "[2,2]", "conv>act>pool");
        SweepConfig c = w.c();
        DataLoader.TrainTest data = w.data();
        JavaSparkContext sc = w.sc();
        Broadcast<byte[]> shipped = w.shipped();
        long seed = 5L;
        java.util.function.Supplier<Network> fresh = w::fresh;
        double averaged = new AveragingEpochTrainer(sc, shipped, data.train().size(), 1, fresh.get(), c.train(),
                seed).fitEpoch(1);
        double local = new LocalEpochTrainer(fresh.get(), data.train(), 32, seed).fitEpoch(1);
        // By hand: the same network, the same minibatches, the loss of each.
        Network byHand = fresh.get();
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
        w.close();
    }

    /**
     * ordersweep's own layers (fused batch norm, copy-free ReLU, the cached conv forward) go through DL4J's parameter
     * averaging as DL4J's do (their configuration travels to the workers, their running statistics with the
     * parameters): with one worker averaging once per epoch, the averaged trial has the same epoch loss as the same
     * training without Spark, and the two networks predict alike.
     */
    @Test
    void theTrainingStepsOwnLayersTrainTheSameUnderParameterAveraging() {
        // Batch norm first and after pooling, each fused layer once on one channel and once on several.
        OneWorker w = oneWorker("[bn,conv,act,pool]", "[2,3]", "bn>conv>act>pool");
        Network averagedNet = w.fresh();
        assertTrue(((Network.Sequential) averagedNet).net().getLayerWiseConfigurations().getConf(0).getLayer()
                instanceof org.ordersweep.model.FusedBatchNorm);
        AveragingEpochTrainer averaging = new AveragingEpochTrainer(w.sc(), w.shipped(),
                w.data().train().size(), 1, averagedNet, w.c().train(), 5L);
        double averaged = averaging.fitEpoch(1);
        LocalEpochTrainer localTrainer = new LocalEpochTrainer(w.fresh(), w.data().train(), 32, 5L);
        double local = localTrainer.fitEpoch(1);
        assertEquals(local, averaged, 1e-5);
        // Parameters are not compared one by one: Adam turns rounding differences in near-zero gradients (the
        // input batch norm's gamma here) into full steps. What the trial is judged on must agree.
        DataSet all = w.data().train().batches(w.data().train().size()).get(0);
        INDArray pa = averaging.network().output(all.getFeatures(), false).argMax(1);
        INDArray pl = localTrainer.network().output(all.getFeatures(), false).argMax(1);
        double agree = pa.eq(pl).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).meanNumber().doubleValue();
        assertTrue(agree >= 0.95, "predictions agree on " + agree);
        // The running statistics travelled back from the worker with the parameters, moved.
        assertNotEquals(0.0, ((Network.Sequential) averaging.network()).net().getParam("0_mean").amaxNumber().doubleValue());
        w.close();
    }

    /** A small residual network: a stem, a full pre-activation unit, then max pooling and dropout. */
    private static List<String> residual(double dropout) {
        return List.of("model.stages=[{elements = [conv, bn, act], sizes = [3]}, {placements = [full-preact], "
                + "sizes = [3], swept = true}, {elements = [pool, dropout], dropout = " + dropout + "}]",
                "model.head=global-average");
    }

    /**
     * A graph trains under parameter averaging as a stack does: with one worker averaging once per epoch, the
     * data-parallel epoch loss (summed on the executors by the hooks, which DL4J calls with MultiDataSets for a
     * graph) equals the trial-parallel one. And the epoch's minibatches are released: no RDD stays persisted (DL4J
     * would persist a converted copy of its own and never let it go).
     */
    @Test
    void aResidualNetworkTrainsTheSameInBothModesAndLeavesNothingPersisted() {
        OneWorker w = oneWorker(residual(0), Placement.FULL_PREACT.unit().key());
        assertTrue(w.fresh() instanceof Network.Graph);
        java.util.Set<Integer> persisted = new java.util.HashSet<>(w.sc().getPersistentRDDs().keySet());
        AveragingEpochTrainer averaging = new AveragingEpochTrainer(w.sc(), w.shipped(), w.data().train().size(), 1,
                w.fresh(), w.c().train(), 5L);
        double averaged = averaging.fitEpoch(1);
        double local = new LocalEpochTrainer(w.fresh(), w.data().train(), 32, 5L).fitEpoch(1);
        assertTrue(Double.isFinite(averaged) && averaged > 0, "the hooks summed the loss: " + averaged);
        assertEquals(local, averaged, 1e-5);
        assertEquals(persisted, w.sc().getPersistentRDDs().keySet());
        averaging.fitEpoch(2);
        assertEquals(persisted, w.sc().getPersistentRDDs().keySet());
        w.close();
    }

    /**
     * Dropout masks are seeded per minibatch in a data-parallel graph as in a stack: the same trial gives the same
     * loss twice, and another trial seed other masks (with the same initial weights, so only the masks differ).
     */
    @Test
    void aResidualNetworksDropoutMasksAreSeededUnderParameterAveraging() {
        OneWorker w = oneWorker(residual(0.5), Placement.FULL_PREACT.unit().key());
        java.util.function.LongFunction<Double> epoch = seed -> new AveragingEpochTrainer(w.sc(), w.shipped(),
                w.data().train().size(), 1, w.fresh(), w.c().train(), seed).fitEpoch(1);
        double first = epoch.apply(5L);
        Nd4j.getRandom().setSeed(12345); // the generator's state before the epoch must not matter
        assertEquals(first, epoch.apply(5L), 0.0);
        assertNotEquals(first, epoch.apply(6L), 1e-6);
        w.close();
    }
}
