package org.ordersweep.train;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.ordersweep.SparkTestBase;
import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.Ordering;
import org.ordersweep.plan.TrialSpec;
import org.ordersweep.results.EpochRow;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Epochs of a trial running in a task reach the driver while the task runs, through the executor's heartbeats. */
class EpochProgressTest extends SparkTestBase {

    @Override
    protected org.apache.spark.SparkConf sessionConf() {
        return super.sessionConf().set("spark.executor.heartbeatInterval", "200ms");
    }

    private static final TrialSpec SPEC = new TrialSpec(Ordering.parse("conv>bn>act>pool>dropout"),
            ActivationKind.RELU, 1e-3, 1, 7L, "c", List.of());

    @Test
    void aRunningTasksEpochsAreToldOnceEachBeforeItEnds() {
        List<String> lines = new CopyOnWriteArrayList<>();
        List<Long> when = new CopyOnWriteArrayList<>();
        EpochProgress progress = new EpochProgress(line -> {
            lines.add(line);
            when.add(System.nanoTime());
        });
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        sc.sc().addSparkListener(progress);
        try {
            EpochProgress.Latest latest = progress.watch(sc.sc(), SPEC, 3);
            sc.parallelize(List.of(0), 1).map(x -> {
                for (int e = 1; e <= 3; e++) {
                    latest.add(new EpochRow("t", e, 1.0 / e, 0.5 + e / 10.0, 0.9, 2.5, 0.5));
                    Thread.sleep(1500); // several heartbeats per epoch
                }
                return x;
            }).collect();
            long ended = System.nanoTime();
            progress.forget(latest);
            assertEquals(List.of(
                    "  conv>bn>act>pool>dropout relu lr 0.001 seed 1: epoch 1/3, training loss 1.0000, test accuracy "
                            + "0.6000, 2.5 s",
                    "  conv>bn>act>pool>dropout relu lr 0.001 seed 1: epoch 2/3, training loss 0.5000, test accuracy "
                            + "0.7000, 2.5 s",
                    "  conv>bn>act>pool>dropout relu lr 0.001 seed 1: epoch 3/3, training loss 0.3333, test accuracy "
                            + "0.8000, 2.5 s"), lines);
            // told while the task ran, not from its result: at least a second apart, the last before the job ended
            assertTrue(when.get(1) - when.get(0) > 1e9 && when.get(2) - when.get(1) > 1e9, when.toString());
            assertTrue(when.get(2) < ended);
        } finally {
            sc.sc().removeSparkListener(progress);
        }
    }

    @Test
    void anEpochEndingOnTheDriverIsToldAtOnce() {
        List<String> lines = new CopyOnWriteArrayList<>();
        new EpochProgress(lines::add).told(SPEC, 2, new EpochRow("t", 2, 0.25, 0.875, 0.4, 12.25, 1.5));
        assertEquals(List.of("  conv>bn>act>pool>dropout relu lr 0.001 seed 1: epoch 2/2, training loss 0.2500, "
                + "test accuracy 0.8750, 12.3 s"), lines);
    }
}
