package org.ordersweep.train;

import org.apache.spark.util.SerializableConfiguration;
import org.nd4j.linalg.dataset.DataSet;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataError;
import org.ordersweep.data.DataLoader;
import org.ordersweep.data.LabelledData;

import java.io.Serializable;
import java.util.List;
import java.util.stream.IntStream;

/**
 * How an executor gets the sweep's data: not the data itself, but what it takes to load it - the configuration, the
 * session's Hadoop settings and the hash the driver saw. Each executor JVM loads the data once from the same source
 * the driver read (a folder on a shared filesystem, or the embedded subset inside the application jar), checks the
 * hash, and keeps it for every trial and epoch it runs. Nothing but this small recipe travels from the driver, so the
 * data's size is bounded by an executor's heap, not by a broadcast or the driver's memory.
 *
 * @param validationFraction share held out for halving decisions, 0 for none
 */
record SweepData(SweepConfig config, double validationFraction, SerializableConfiguration hadoop, String dataHash)
        implements Serializable {

    static final int HOLDOUT_BATCH = 256;

    /** The data as one executor JVM holds it: examples for training, the held-out sets batched once. */
    record Loaded(DataLoader.TrainTest data, TrialRunner.Holdout holdout) {
        LabelledData train() {
            return data.train();
        }
    }

    /** The one sweep's data this JVM holds; a new sweep replaces it (an application may run several in turn). */
    private static final Object LOCK = new Object();
    private static String heldKey;
    private static Loaded held;

    static SweepData of(SweepConfig config, DataLoader.TrainTest data, org.apache.hadoop.conf.Configuration hadoop,
                        String dataHash) {
        double fraction = data.validation() == null ? 0 : config.train().halving().validationFraction();
        return new SweepData(config, fraction, new SerializableConfiguration(hadoop), dataHash);
    }

    private String key() {
        return dataHash + "|" + validationFraction + "|" + config.model().layout().key();
    }

    /**
     * Hands the driver's copy to tasks that run in the driver's own JVM (local mode), so that JVM holds the data once.
     */
    void shareWithLocalTasks(DataLoader.TrainTest data) {
        synchronized (LOCK) {
            heldKey = key();
            held = loaded(data);
        }
    }

    /** This JVM's copy, loaded on first use. */
    Loaded get() {
        synchronized (LOCK) {
            if (!key().equals(heldKey)) {
                held = null; // let the previous sweep's data go before loading the next
                DataLoader.TrainTest data = DataLoader.load(config, hadoop.value());
                String hash = data.hash();
                if (!hash.equals(dataHash)) {
                    throw new DataError(data.source(), "the data an executor read differs from what the driver "
                            + "read when the sweep started (hash " + hash.substring(0, 12) + " vs "
                            + dataHash.substring(0, 12) + "): was it changed during the run?");
                }
                if (validationFraction > 0) {
                    data = data.withValidation(validationFraction);
                }
                held = loaded(data);
                heldKey = key();
            }
            return held;
        }
    }

    /** Drops this JVM's copy when it belongs to this sweep. */
    void forget() {
        forget(key());
    }

    /**
     * Drops the copy every executor holds of this sweep's data, when the sweep ends: one tiny task per registered
     * core, which Spark hands to every idle executor at once. Without it an executor kept the data of a finished sweep
     * until the next sweep replaced it or the application ended (a notebook's session runs several). An executor
     * that gets no task here (one that joined as the sweep ended) keeps its copy until then, as before.
     */
    void forgetOnExecutors(org.apache.spark.api.java.JavaSparkContext sc) {
        String key = key();
        int tasks = Math.max(1, sc.defaultParallelism());
        try {
            sc.parallelize(IntStream.range(0, tasks).boxed().toList(), tasks)
                    .foreach(i -> forget(key));
        } catch (RuntimeException e) {
            // the results are recorded; an executor that could not be reached frees its copy when it ends
            org.slf4j.LoggerFactory.getLogger(SweepData.class).warn("Could not drop the sweep's data on every "
                    + "executor: {}", e.getMessage());
        }
    }

    private static void forget(String key) {
        synchronized (LOCK) {
            if (key.equals(heldKey)) {
                heldKey = null;
                held = null;
                org.slf4j.LoggerFactory.getLogger(SweepData.class).info("Dropped this JVM's copy of the sweep's "
                        + "data (hash {}): the sweep has ended", key.substring(0, Math.min(12, key.length())));
            }
        }
    }

    private static Loaded loaded(DataLoader.TrainTest data) {
        List<DataSet> validation = data.validation() == null ? List.of() : data.validation().batches(HOLDOUT_BATCH);
        return new Loaded(data, new TrialRunner.Holdout(data.test().batches(HOLDOUT_BATCH), validation));
    }
}
