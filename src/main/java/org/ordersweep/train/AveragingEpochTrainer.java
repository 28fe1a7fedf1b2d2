package org.ordersweep.train;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.ordersweep.config.SweepConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * Data-parallel: each epoch is fitted by DL4J's parameter averaging over the persisted training RDD. Public so that
 * the bench measures exactly this path.
 */
public final class AveragingEpochTrainer implements EpochTrainer {

    private final JavaRDD<DataSet> train;
    private final ParameterAveragingTrainingMaster master;
    private final SparkDl4jMultiLayer spark;
    private final long seed;

    public AveragingEpochTrainer(JavaSparkContext sc, JavaRDD<DataSet> train, MultiLayerNetwork net, SweepConfig.Train t,
                          long seed) {
        this.train = train;
        this.seed = seed;
        this.master = new ParameterAveragingTrainingMaster.Builder(t.batchSize())
                .batchSizePerWorker(t.batchSize())
                .averagingFrequency(t.averagingFrequency())
                .workerPrefetchNumBatches(t.prefetch())
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .storageLevel(TrainingData.STORAGE)
                .rngSeed(seed)
                .collectTrainingStats(false)
                .build();
        this.spark = new SparkDl4jMultiLayer(sc, net, master);
    }

    @Override
    public double fitEpoch(int epoch) {
        master.setTrainingHookList(new ArrayList<>(List.of(new DropoutSeeder(seed, epoch))));
        spark.fit(train);
        return spark.getScore();
    }

    @Override
    public MultiLayerNetwork network() {
        return spark.getNetwork();
    }
}
