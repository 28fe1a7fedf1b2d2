package org.ordersweep.train;

import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.LabelledData;
import org.ordersweep.plan.TrialSpec;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Executor side of trial-parallel mode: trains one whole trial inside a Spark task. Small and serializable; the data
 * arrives once per executor JVM through a broadcast and is batched there once, then shared by every trial it runs.
 */
final class TrialTask implements Function<Integer, byte[]> {

    /** The sweep's data as shipped to executors. */
    record SweepData(LabelledData train, LabelledData test, LabelledData validation, int batchSize)
            implements java.io.Serializable {
    }

    private record Batched(org.ordersweep.model.InputShape shape, List<DataSet> train,
                           TrialRunner.Holdout holdout) {
    }

    /** Per executor JVM: batches built from each broadcast once. */
    private static final Map<Long, Batched> BATCHED = new ConcurrentHashMap<>();

    private final String sweepId;
    private final String trialId;
    private final TrialSpec spec;
    private final int epochs;
    private final SweepConfig config;
    private final Broadcast<byte[]> data;

    /** @param data a {@link SweepData} as {@link JavaBytes} */
    TrialTask(String sweepId, String trialId, TrialSpec spec, int epochs, SweepConfig config,
              Broadcast<byte[]> data) {
        this.sweepId = sweepId;
        this.trialId = trialId;
        this.spec = spec;
        this.epochs = epochs;
        this.config = config;
        this.data = data;
    }

    /**
     * The trial travels in this (Java-serialised) function rather than as the RDD's element: Kryo cannot carry records.
     *
     * @return the trial's {@link TrialOutcome} as {@link JavaBytes}
     */
    @Override
    public byte[] call(Integer ignored) {
        Batched b = BATCHED.computeIfAbsent(data.id(), id -> {
            SweepData d = JavaBytes.from(data.value());
            return new Batched(d.train().shape(), d.train().batches(d.batchSize()), new TrialRunner.Holdout(
                    d.test().batches(256), d.validation() == null ? List.of() : d.validation().batches(256)));
        });
        try {
            return JavaBytes.of(TrialRunner.run(sweepId, trialId, spec, epochs, config, b.shape(), b.holdout(),
                    net -> new LocalEpochTrainer(net, b.train(), spec.rngSeed())));
        } finally {
            // Many trials pass through one executor thread: give back what this one held.
            Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
        }
    }

    /** Drops this JVM's batches of a finished sweep (the driver's JVM also runs tasks in local mode). */
    static void forget(long broadcastId) {
        BATCHED.remove(broadcastId);
    }
}
