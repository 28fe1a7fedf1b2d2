package org.ordersweep.train;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.graph.dataset.DataSetToMultiDataSetFn;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.data.EpochBatches;
import org.ordersweep.model.Network;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Data-parallel: each epoch is fitted by DL4J's parameter averaging over that epoch's minibatches, which the
 * executors draw from their own copy of the data ({@link SweepData}, {@link EpochBatches}): the same minibatches a
 * trial-parallel run of the trial draws, and nothing shipped from the driver. Public so that the bench measures
 * exactly this path.
 */
public final class AveragingEpochTrainer implements EpochTrainer {

    /** The storage level DL4J's Direct training approach persists with. */
    static final StorageLevel STORAGE = StorageLevel.MEMORY_ONLY();

    private final JavaSparkContext sc;
    private final Broadcast<byte[]> data;
    private final int trainExamples;
    private final int partitions;
    private final ParameterAveragingTrainingMaster master;
    /** One of the two is set: DL4J's Spark trainer for a stack of layers, or for a graph. */
    private final SparkDl4jMultiLayer stack;
    private final SparkComputationGraph graph;
    private final int batchSize;
    private final long seed;

    AveragingEpochTrainer(JavaSparkContext sc, Broadcast<byte[]> data, int trainExamples, int partitions,
                          Network net, SweepConfig.Train t, long seed) {
        this.sc = sc;
        this.data = data;
        this.trainExamples = trainExamples;
        this.partitions = partitions;
        this.batchSize = t.batchSize();
        this.seed = seed;
        this.master = new ParameterAveragingTrainingMaster.Builder(t.batchSize())
                .batchSizePerWorker(t.batchSize())
                .averagingFrequency(t.averagingFrequency())
                .workerPrefetchNumBatches(t.prefetch())
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .storageLevel(STORAGE)
                // The epoch's partitions are already balanced: a repartition would only shuffle copies around.
                .repartionData(Repartition.Never)
                .rngSeed(seed)
                .collectTrainingStats(false)
                .build();
        this.stack = net instanceof Network.Sequential s ? new SparkDl4jMultiLayer(sc, s.net(), master) : null;
        this.graph = net instanceof Network.Graph g ? new SparkComputationGraph(sc, g.graph(), master) : null;
    }

    /** For the bench: a trainer on this data alone, and what releases it. */
    public static AveragingEpochTrainer forBench(JavaSparkContext sc, SweepConfig config, DataLoader.TrainTest data,
                                                 Network net, int partitions, List<Runnable> closers) {
        SweepData recipe = SweepData.of(config, data, sc.hadoopConfiguration(), data.hash());
        recipe.shareWithLocalTasks(data);
        Broadcast<byte[]> shipped = sc.broadcast(JavaBytes.of(recipe));
        closers.add(() -> {
            recipe.forget();
            shipped.destroy();
        });
        return new AveragingEpochTrainer(sc, shipped, data.train().size(), partitions, net, config.train(),
                config.sweep().masterSeed());
    }

    /** The epoch's minibatches, in their order, drawn on the executors: partition i holds a run of them. */
    JavaRDD<DataSet> draw(int epoch) {
        int count = (trainExamples + batchSize - 1) / batchSize;
        return sc.parallelize(IntStream.range(0, count).boxed().toList(), partitions)
                .mapPartitions(new DrawBatches(data, batchSize, seed, epoch)).setName("minibatches of epoch " + epoch);
    }

    @Override
    public double fitEpoch(int epoch) {
        JavaRDD<DataSet> batches = draw(epoch);
        EpochLoss loss = new EpochLoss(sc.sc().doubleAccumulator("training loss, epoch " + epoch),
                sc.sc().longAccumulator("training examples, epoch " + epoch));
        master.setTrainingHookList(new ArrayList<>(List.of(new DropoutSeeder(seed, epoch), loss)));
        if (stack != null) {
            try {
                stack.fit(batches);
                // DL4J persisted the epoch's minibatches and every task of the epoch has ended: free their arrays
                // now. Not after a failed job: Spark does not interrupt its other tasks, which may still train on them.
                batches.foreach(EpochBatches::release);
            } finally {
                batches.unpersist(false);
            }
        } else {
            // A graph trains on MultiDataSets. Given DataSets, DL4J would convert them into an RDD of its own, persist
            // that and never unpersist it; converted here, the RDD it persists is this one, released as above.
            JavaRDD<MultiDataSet> converted = batches.map(new DataSetToMultiDataSetFn())
                    .setName("minibatches of epoch " + epoch + " for a graph");
            try {
                graph.fitMultiDataSet(converted);
                converted.foreach(EpochBatches::release);
            } finally {
                converted.unpersist(false);
            }
        }
        return loss.mean();
    }

    @Override
    public Network network() {
        return stack != null ? Network.of(stack.getNetwork()) : Network.of(graph.getNetwork());
    }

    /** Executor side: the epoch's minibatches with these numbers, from this JVM's copy of the data. */
    private record DrawBatches(Broadcast<byte[]> data, int batchSize, long seed, int epoch)
            implements FlatMapFunction<Iterator<Integer>, DataSet> {
        @Override
        public Iterator<DataSet> call(Iterator<Integer> numbers) {
            SweepData recipe = JavaBytes.from(data.value());
            EpochBatches batches = new EpochBatches(recipe.get().train(), batchSize, seed, epoch);
            List<DataSet> out = new ArrayList<>();
            numbers.forEachRemaining(b -> out.add(batches.batch(b)));
            return out.iterator();
        }
    }
}
