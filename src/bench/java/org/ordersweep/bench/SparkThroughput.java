package org.ordersweep.bench;

import org.apache.spark.api.java.JavaSparkContext;
import org.ordersweep.train.AveragingEpochTrainer;

import java.util.ArrayList;
import java.util.List;

/**
 * The sweep's data-parallel path: the sweep's own AveragingEpochTrainer (minibatches drawn on the executors each
 * epoch, DL4J parameter averaging, dropout masks seeded per minibatch). Each timed pass is one epoch after an untimed
 * first one, the steady state of a trial's later epochs. Executor threads keep the process's native thread settings
 * (OMP_NUM_THREADS, 1 from the launcher): one thread per task.
 */
final class SparkThroughput implements AutoCloseable {

    private final List<Runnable> closers = new ArrayList<>();
    private final AveragingEpochTrainer trainer;
    private final int samples;
    private int epoch;

    SparkThroughput(JavaSparkContext sc, BenchModel model, int workers) {
        this.trainer = AveragingEpochTrainer.forBench(sc, model.config(), model.data(), model.newNetwork(), workers,
                closers);
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
        closers.forEach(Runnable::run);
    }
}
