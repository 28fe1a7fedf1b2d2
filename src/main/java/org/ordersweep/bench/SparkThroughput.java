package org.ordersweep.bench;

import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.train.TrainingData;

/**
 * The sweep's data-parallel path: the minibatches as the persisted RDD TrainingData prepares, fitted by DL4J's
 * parameter averaging with the training master settings of train.AveragingEpochTrainer (package-private there, so
 * repeated here; keep the two in step). Each timed pass is one epoch after an untimed first one, the steady state of a
 * trial's later epochs. Executor threads keep the process's native thread settings (OMP_NUM_THREADS, 1 from the
 * launcher): one thread per task.
 */
final class SparkThroughput implements AutoCloseable {

    private final TrainingData data;
    private final SparkDl4jMultiLayer spark;
    private final int samples;

    SparkThroughput(JavaSparkContext sc, BenchModel model, int workers) {
        SweepConfig.Train t = model.config().train();
        this.data = TrainingData.prepare(sc, model.train(), model.train().limit(1), t.batchSize(), workers);
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(t.batchSize())
                .batchSizePerWorker(t.batchSize())
                .averagingFrequency(t.averagingFrequency())
                .workerPrefetchNumBatches(t.prefetch())
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .storageLevel(TrainingData.STORAGE)
                .rngSeed(model.config().sweep().masterSeed())
                .collectTrainingStats(false)
                .build();
        this.spark = new SparkDl4jMultiLayer(sc, model.newNetwork(), master);
        this.samples = model.train().size();
    }

    /** Training samples per second over one epoch. */
    double train() {
        long t0 = System.nanoTime();
        spark.fit(data.train());
        return samples / ((System.nanoTime() - t0) / 1e9);
    }

    @Override
    public void close() {
        data.release();
    }
}
