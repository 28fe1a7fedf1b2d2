package org.ordersweep.bench;

import org.nd4j.linalg.dataset.DataSet;
import org.ordersweep.data.EpochBatches;
import org.ordersweep.model.FencedOpExecutioner;
import org.ordersweep.model.Network;

import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Plain DL4J on this thread, no Spark: MultiLayerNetwork.fit over minibatches drawn anew each pass and freed after
 * fitting, as a trial-parallel task trains (LocalEpochTrainer), and inference through {@link Network#output} in batches
 * of {@value #INFERENCE_BATCH}, as the sweep evaluates. The network is kept across passes: later passes continue
 * training, which costs the same.
 */
final class PlainThroughput {

    /** The sweep's evaluation batch (TrainingData's test batches). */
    static final int INFERENCE_BATCH = 256;
    /** A thread count meaning: the caller has set the native threads (several trials at once, see PoolThroughput). */
    static final int CALLER_SETS_THREADS = 0;

    private final Network net;
    private final BenchModel model;
    private int pass;
    private final List<DataSet> inferenceBatches;
    private final int samples;
    private final int threads;
    private double opsPerStep = Double.NaN;

    PlainThroughput(BenchModel model, int threads) {
        this.net = model.newNetwork();
        this.model = model;
        this.inferenceBatches = model.train().batches(INFERENCE_BATCH);
        this.samples = model.train().size();
        this.threads = threads;
    }

    /** One untimed pass of each kind: JIT, native initialisation, oneDNN primitives, workspaces. */
    void warmUp() {
        train();
        infer();
    }

    /** Training samples per second over one pass. */
    double train() {
        return withThreads(() -> {
            long t0 = System.nanoTime();
            EpochBatches batches = new EpochBatches(model.train(), model.batchSize(),
                    model.config().sweep().masterSeed(), ++pass);
            long ops = FencedOpExecutioner.opsExecuted();
            for (int b = 0; b < batches.count(); b++) {
                DataSet batch = batches.batch(b);
                net.fit(batch);
                EpochBatches.release(batch);
            }
            double sps = samples / ((System.nanoTime() - t0) / 1e9);
            opsPerStep = (double) (FencedOpExecutioner.opsExecuted() - ops) / batches.count();
            return sps;
        });
    }

    /** Inference samples per second over one pass. */
    double infer() {
        return withThreads(() -> {
            long t0 = System.nanoTime();
            for (DataSet batch : inferenceBatches) {
                net.output(batch.getFeatures(), false).close();
            }
            return samples / ((System.nanoTime() - t0) / 1e9);
        });
    }

    /**
     * The ND4J ops one training step (minibatch: forward, backward, update) ran in the last pass. The count is the
     * JVM's, so it is this network's only when the pass ran alone (the bench's plain path, not a pool's trials).
     */
    double opsPerStep() {
        return opsPerStep;
    }

    Network network() {
        return net;
    }

    int samples() {
        return samples;
    }

    private double withThreads(DoubleSupplier work) {
        if (threads == CALLER_SETS_THREADS) {
            return work.getAsDouble();
        }
        NativeThreads.Setting before = NativeThreads.current();
        NativeThreads.use(threads);
        try {
            return work.getAsDouble();
        } finally {
            NativeThreads.apply(before);
        }
    }
}
