package org.ordersweep.train;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.plan.TrialSpec;

import java.util.List;

/** Runs one trial on the cluster in the sweep's execution mode; holds the sweep's data for it. */
interface TrialExecutor extends AutoCloseable {

    /** @param epochs the trial's budget (successive halving gives smaller ones first) */
    TrialOutcome run(String sweepId, String trialId, TrialSpec spec, int epochs);

    @Override
    void close();

    static TrialExecutor create(ExecutionMode mode, JavaSparkContext sc, SweepConfig config,
                                DataLoader.TrainTest data) {
        return mode == ExecutionMode.DATA_PARALLEL ? dataParallel(sc, config, data) : trialParallel(sc, config, data);
    }

    /** The training minibatches as one persisted RDD; each trial averages over all executors. */
    private static TrialExecutor dataParallel(JavaSparkContext sc, SweepConfig config, DataLoader.TrainTest data) {
        int partitions = config.train().workers() > 0 ? config.train().workers() : sc.defaultParallelism();
        TrainingData training = TrainingData.prepare(sc, data.train(), data.test(), config.train().batchSize(),
                partitions);
        TrialRunner.Holdout holdout = new TrialRunner.Holdout(training.testBatches(), data.validation() == null
                ? List.of() : data.validation().batches(256));
        return new TrialExecutor() {
            @Override
            public TrialOutcome run(String sweepId, String trialId, TrialSpec spec, int epochs) {
                return TrialRunner.run(sweepId, trialId, spec, epochs, config, training.shape(), holdout,
                        net -> new AveragingEpochTrainer(sc, training.train(), net, config.train(), spec.rngSeed()));
            }

            @Override
            public void close() {
                training.release();
            }
        };
    }

    /** The data broadcast once; each trial is one task that trains it whole on one executor core. */
    private static TrialExecutor trialParallel(JavaSparkContext sc, SweepConfig config, DataLoader.TrainTest data) {
        Broadcast<byte[]> shipped = sc.broadcast(JavaBytes.of(new TrialTask.SweepData(data.train(), data.test(),
                data.validation(), config.train().batchSize())));
        return new TrialExecutor() {
            @Override
            public TrialOutcome run(String sweepId, String trialId, TrialSpec spec, int epochs) {
                return JavaBytes.from(sc.parallelize(List.of(0), 1)
                        .map(new TrialTask(sweepId, trialId, spec, epochs, config, shipped)).collect().get(0));
            }

            @Override
            public void close() {
                TrialTask.forget(shipped.id());
                shipped.destroy();
            }
        };
    }
}
