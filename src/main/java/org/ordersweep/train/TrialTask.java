package org.ordersweep.train;

import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.model.NativeMemory;
import org.ordersweep.model.OpenMpThreads;
import org.ordersweep.plan.TrialSpec;
import org.ordersweep.results.TrialOutcome;

/**
 * Executor side of trial-parallel mode: trains one whole trial inside a Spark task, on the executor JVM's own copy of
 * the sweep's data ({@link SweepData}), loaded once and shared by every trial that JVM runs. Small and serializable.
 */
final class TrialTask implements Function<Integer, byte[]> {

    private final String sweepId;
    private final String trialId;
    private final TrialSpec spec;
    private final int epochs;
    private final Checkpoint checkpoint;
    private final SweepConfig config;
    private final Broadcast<byte[]> data;
    private final EpochProgress.Latest progress;

    /**
     * @param data     a {@link SweepData} as {@link JavaBytes}
     * @param progress told of each epoch; the driver reads it from the executor's heartbeats
     */
    TrialTask(String sweepId, String trialId, TrialSpec spec, int epochs, Checkpoint checkpoint, SweepConfig config,
              Broadcast<byte[]> data, EpochProgress.Latest progress) {
        this.sweepId = sweepId;
        this.trialId = trialId;
        this.spec = spec;
        this.epochs = epochs;
        this.checkpoint = checkpoint;
        this.config = config;
        this.data = data;
        this.progress = progress;
    }

    /**
     * The trial travels in this (Java-serialised) function rather than as the RDD's element: Kryo cannot carry records.
     *
     * @return the trial's {@link TrialOutcome} as {@link JavaBytes}
     */
    @Override
    public byte[] call(Integer ignored) {
        // The task thread that touched ND4J first in this executor would otherwise train on four native threads.
        OpenMpThreads.onThisThread();
        SweepData recipe = JavaBytes.from(data.value());
        SweepData.Loaded d = recipe.get();
        try {
            return JavaBytes.of(TrialRunner.run(sweepId, trialId, spec, epochs, config, d.train().shape(),
                    d.holdout(), net -> new LocalEpochTrainer(net, d.train(), config.train().batchSize(),
                            spec.rngSeed()), checkpoint, recipe.hadoop().value(), progress::add));
        } finally {
            // Many trials pass through one executor thread: give back what this one held.
            NativeMemory.releaseForCurrentThread();
        }
    }
}
