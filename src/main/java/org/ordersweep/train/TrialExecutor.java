package org.ordersweep.train;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.plan.TrialSpec;
import org.ordersweep.results.TrialOutcome;

import java.util.List;

/**
 * Runs one trial on the cluster in the sweep's execution mode. Executors load the sweep's data themselves
 * ({@link SweepData}); in local mode they share the driver's copy.
 */
interface TrialExecutor extends AutoCloseable {

    /**
     * @param epochs     the trial's budget (successive halving gives smaller ones first)
     * @param checkpoint where halving continues a survivor from and saves it to ({@link Checkpoint#NONE}: neither)
     */
    TrialOutcome run(String sweepId, String trialId, TrialSpec spec, int epochs, Checkpoint checkpoint);

    @Override
    void close();

    /** @param dataHash the hash of {@code data} as the sweep's identity recorded it */
    static TrialExecutor create(Execution execution, JavaSparkContext sc, SweepConfig config,
                                DataLoader.TrainTest data, String dataHash) {
        SweepData recipe = SweepData.of(config, data, sc.hadoopConfiguration(), dataHash);
        recipe.shareWithLocalTasks(data);
        Broadcast<byte[]> shipped = sc.broadcast(JavaBytes.of(recipe));
        EpochProgress progress = new EpochProgress();
        sc.sc().addSparkListener(progress);
        Runnable release = () -> {
            sc.sc().removeSparkListener(progress);
            recipe.forget();
            recipe.forgetOnExecutors(sc);
            shipped.destroy();
        };
        return execution.mode() == ExecutionMode.DATA_PARALLEL
                ? dataParallel(sc, config, execution.workers(), recipe, shipped, progress, release)
                : trialParallel(sc, config, shipped, progress, release);
    }

    /** Each trial averages over all executors; the driver evaluates it on its own copy of the held-out data. */
    private static TrialExecutor dataParallel(JavaSparkContext sc, SweepConfig config, int partitions,
                                              SweepData recipe, Broadcast<byte[]> shipped,
                                              EpochProgress progress, Runnable release) {
        SweepData.Loaded local = recipe.get();
        return new TrialExecutor() {
            @Override
            public TrialOutcome run(String sweepId, String trialId, TrialSpec spec, int epochs,
                                    Checkpoint checkpoint) {
                return TrialRunner.run(sweepId, trialId, spec, epochs, config, local.train().shape(), local.holdout(),
                        net -> new AveragingEpochTrainer(sc, shipped, local.train().size(), partitions, net,
                                config.train(), spec.rngSeed()), checkpoint, sc.hadoopConfiguration(),
                        row -> progress.told(spec, epochs, row));
            }

            @Override
            public void close() {
                release.run();
            }
        };
    }

    /** Each trial is one task that trains it whole on one executor core. */
    private static TrialExecutor trialParallel(JavaSparkContext sc, SweepConfig config, Broadcast<byte[]> shipped,
                                               EpochProgress progress, Runnable release) {
        return new TrialExecutor() {
            @Override
            public TrialOutcome run(String sweepId, String trialId, TrialSpec spec, int epochs,
                                    Checkpoint checkpoint) {
                EpochProgress.Latest latest = progress.watch(sc.sc(), spec, epochs);
                try {
                    return JavaBytes.from(sc.parallelize(List.of(0), 1).map(new TrialTask(sweepId, trialId, spec,
                            epochs, checkpoint, config, shipped, latest)).collect().get(0));
                } finally {
                    progress.forget(latest);
                }
            }

            @Override
            public void close() {
                release.run();
            }
        };
    }
}
