package org.ordersweep.train;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ordersweep.SparkTestBase;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.plan.SweepPlan;
import org.ordersweep.plan.TrialSpec;
import org.ordersweep.results.ResultStore;
import org.ordersweep.results.TrialRow;
import org.ordersweep.results.TrialStatus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Resumed and changed runs in one folder: decisions kept, failures retried, no trial recorded twice. */
class ResumeTest extends SparkTestBase {

    @TempDir
    Path out;

    private SweepConfig config(String dir, String... sets) {
        List<String> all = new ArrayList<>(List.of("sweep.block=[conv,act,pool]", "model.filters=[4,8]",
                "model.dense=16", "data.train-limit=300", "data.test-limit=100", "train.epochs=1",
                "train.batch-size=20", "train.mode=trial-parallel", "output.dir=" + out.resolve(dir)));
        all.addAll(List.of(sets));
        return ConfigLoader.load(null, all);
    }

    private SweepRunner.Summary run(SweepConfig c, SweepRunner.Failed failed) {
        DataLoader.TrainTest data = DataLoader.load(c, spark.sparkContext().hadoopConfiguration());
        return SweepRunner.run(spark, c, data, SweepIdentity.of(c, data), failed, () -> { });
    }

    @Test
    void theExecutionDecidedAtTheFirstRunIsKeptWhenFewTrialsAreLeft() {
        // The reference CNN: averaging pays off for it when there are fewer trials than cores.
        SweepConfig c = config("decide", "model.filters=[32,64]", "model.dense=128", "train.batch-size=64",
                "train.mode=auto", "sweep.orderings=[\"conv>act>pool\",\"act>conv>pool\"]");
        DataLoader.TrainTest data = DataLoader.load(c, spark.sparkContext().hadoopConfiguration());
        SweepPlan plan = SweepRunner.plan(c, data.shape());
        assertEquals(2, plan.trials().size());
        SweepIdentity id = SweepIdentity.of(c, data);
        ResultStore store = new ResultStore(spark, c.output().dir());
        Execution first = ExecutionDecision.once(store, id, c, plan, data.shape(), 2);
        assertEquals(ExecutionMode.TRIAL_PARALLEL, first.mode());
        // With 8 cores a new sweep would average; this one keeps what it decided.
        Execution later = ExecutionDecision.once(store, id, c, plan, data.shape(), 8);
        assertEquals(ExecutionMode.TRIAL_PARALLEL, later.mode());
        assertEquals(1, later.workers());
        assertTrue(later.reason().startsWith("decided at the sweep's first run: auto: 2 trials to train on 2 cores"),
                later.reason());
        ResultStore other = new ResultStore(spark, out.resolve("decide-8").toString());
        Execution fresh = ExecutionDecision.once(other, id, c, plan, data.shape(), 8);
        assertEquals(ExecutionMode.DATA_PARALLEL, fresh.mode());
        assertEquals(8, fresh.workers());
    }

    @Test
    void failedTrialsAreTrainedAgainOnResumeWithTheirAttemptsAddedUp() {
        SweepConfig c = config("failed");
        assertEquals(4, run(c, SweepRunner.Failed.RETRY).trainedNow());
        ResultStore store = new ResultStore(spark, c.output().dir());
        Row trained = store.trials().where(col("representative")).orderBy("ordering").first();
        String id = trained.getAs("trial_id");
        TrialFixtures.markFailed(spark, c, id, 2);
        assertEquals("failed", store.trials().where(col("trial_id").equalTo(id)).first().getAs("status"));

        SweepRunner.Summary kept = run(c, SweepRunner.Failed.KEEP);
        assertEquals(0, kept.trainedNow());
        assertEquals(1, kept.notOk());

        SweepRunner.Summary retried = run(c, SweepRunner.Failed.RETRY);
        assertEquals(1, retried.trainedNow());
        assertEquals(0, retried.notOk());
        Row now = store.trials().where(col("trial_id").equalTo(id)).first();
        assertEquals("ok", now.getAs("status"));
        assertEquals(3, (int) now.getAs("attempts"));
        assertEquals((double) trained.getAs("test_accuracy"), (double) now.getAs("test_accuracy"), 0.0);
        // Three rows of that trial in the files (ok, failed, ok again); one in every reading of them.
        assertEquals(3, spark.read().parquet(store.trialsPath()).where(col("trial_id").equalTo(id)).count());
        assertEquals(6, store.trials().count());
        assertEquals(6, store.trials().select("trial_id").distinct().count());
    }

    @Test
    void changingConstraintsOrderingsDedupeAndModeNeverRecordsATrialTwice() {
        String dir = "space";
        ResultStore store = new ResultStore(spark, out.resolve(dir).toString());
        // 1. conv first: conv>pool>act and conv>act>pool are one class; the cheaper conv>pool>act trains.
        assertEquals(1, run(config(dir, "sweep.constraints=[\"conv first\"]"), SweepRunner.Failed.RETRY)
                .trainedNow());
        assertEquals(false, store.trials().where(col("ordering").equalTo("conv>act>pool")).first()
                .getAs("representative"));
        // 2. Only conv>act>pool: now its own class, so it trains; its trained row supersedes the inherited one.
        assertEquals(1, run(config(dir, "sweep.orderings=[\"conv>act>pool\"]"), SweepRunner.Failed.RETRY)
                .trainedNow());
        assertEquals(true, store.trials().where(col("ordering").equalTo("conv>act>pool")).first()
                .getAs("representative"));
        // 3. The whole block with dedupe: act>conv>pool, pool>conv>act and pool>act>conv (which act>pool>conv
        //    inherits) train; conv>pool>act's class is done, and conv>act>pool gets no inherited row again.
        assertEquals(3, run(config(dir), SweepRunner.Failed.RETRY).trainedNow());
        // 4. Dedupe off: act>pool>conv, until now only inherited, trains.
        assertEquals(1, run(config(dir, "sweep.dedupe=false"), SweepRunner.Failed.RETRY).trainedNow());
        // 5. Data-parallel: another way to train, so other trials under other ids.
        assertEquals(4, run(config(dir, "train.mode=data-parallel"), SweepRunner.Failed.RETRY).trainedNow());

        List<Row> latest = store.trials().collectAsList();
        Set<String> ids = new HashSet<>();
        latest.forEach(r -> assertTrue(ids.add(r.getAs("trial_id")), "twice: " + r));
        assertEquals(12, ids.size());
        Map<String, Long> byMode = new java.util.HashMap<>();
        latest.forEach(r -> byMode.merge(String.valueOf((Object) r.getAs("execution_mode")), 1L, Long::sum));
        assertEquals(Map.of("trial-parallel", 6L, "data-parallel", 6L), byMode);
        // Every ordering has its own trained row in trial-parallel; dedupe was on for data-parallel.
        assertEquals(6, latest.stream().filter(r -> r.getAs("execution_mode").equals("trial-parallel")
                && (boolean) r.getAs("representative")).count());
        assertFalse(latest.stream().anyMatch(r -> r.getAs("status").equals("failed")));
        // In the files: 2 + 1 + 4 + 1 + 6 rows; only the two orderings first recorded as inheritors have two.
        Map<String, Long> rowsPerId = new java.util.HashMap<>();
        spark.read().parquet(store.trialsPath()).collectAsList()
                .forEach(r -> rowsPerId.merge(r.getAs("trial_id"), 1L, Long::sum));
        assertEquals(14, rowsPerId.values().stream().mapToLong(Long::longValue).sum());
        assertEquals(2, rowsPerId.values().stream().filter(n -> n == 2).count());
    }
}
