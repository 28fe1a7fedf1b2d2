package org.ordersweep.bench;

import org.apache.spark.api.java.JavaSparkContext;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.train.AveragingEpochTrainer;
import org.ordersweep.train.TrainingData;

/**
 * The sweep's data-parallel path: the minibatches as the persisted RDD TrainingData prepares, fitted by the sweep's
 * own AveragingEpochTrainer (DL4J parameter averaging, dropout masks seeded per minibatch). Each timed pass is one
 * epoch after an untimed first one, the steady state of a trial's later epochs. Executor threads keep the process's native thread settings (OMP_NUM_THREADS, 1 from the
 * launcher): one thread per task.
 */
final class SparkThroughput implements AutoCloseable {

    private final TrainingData data;
    private final AveragingEpochTrainer trainer;
    private final int samples;
    private int epoch;

    SparkThroughput(JavaSparkContext sc, BenchModel model, int workers) {
        SweepConfig.Train t = model.config().train();
        this.data = TrainingData.prepare(sc, model.train(), model.train().limit(1), t.batchSize(), workers);
        this.trainer = new AveragingEpochTrainer(sc, data.train(), model.newNetwork(), t,
                model.config().sweep().masterSeed());
        this.samples = model.train().size();
    }

    /** Training samples per second over one epoch. */
    double train() {
        long t0 = System.nanoTime();
        trainer.fitEpoch(++epoch);
        return samples / ((System.nanoTime() - t0) / 1e9);
    }

    @Override
    public void close() {
        data.release();
    }
}
