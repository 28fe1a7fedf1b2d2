package org.ordersweep.train;

import org.ordersweep.results.TrialOutcome;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ordersweep.SparkTestBase;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.plan.TrialSpec;
import org.ordersweep.results.EpochRow;
import org.ordersweep.results.ResultStore;
import org.ordersweep.results.TrialRow;
import org.ordersweep.results.TrialStatus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Batched recording: one write per table per batch, nothing lost at flush and close, failures reach the caller. */
class RecorderTest extends SparkTestBase {

    private static final ResultStore.TrainedBy BY = new ResultStore.TrainedBy("trial-parallel", 1, "test", "1.0.0-M2");

    @TempDir
    Path dir;

    private List<TrialOutcome> outcomes(SweepConfig c, int n) {
        DataLoader.TrainTest data = DataLoader.load(c, spark.sparkContext().hadoopConfiguration());
        SweepIdentity id = SweepIdentity.of(c, data).decided(new Execution(ExecutionMode.TRIAL_PARALLEL, 1, "test"));
        List<TrialOutcome> out = new ArrayList<>();
        for (TrialSpec spec : SweepRunner.plan(c, data.shape()).trials().subList(0, n)) {
            String trialId = id.trialId(spec);
            TrialRow row = TrialRow.notTrained(id.sweepId(), trialId, spec, TrialStatus.FAILED, "fixture");
            out.add(new TrialOutcome(row, List.of(new EpochRow(trialId, 1, 0.5, 0.5, 0.5, 1.0, 0.25)),
                    List.of()));
        }
        return out;
    }

    private SweepConfig config() {
        return ConfigLoader.load(null, List.of("data.train-limit=200", "data.test-limit=100",
                "output.dir=" + dir.resolve("results")));
    }

    private long files(String table) throws Exception {
        Path p = dir.resolve("results").resolve(table);
        if (!Files.isDirectory(p)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(p)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".parquet")).count();
        }
    }

    @Test
    void aBatchIsOneWritePerTableAndFlushWritesWhatIsQueued() throws Exception {
        SweepConfig c = config();
        ResultStore store = new ResultStore(spark, c.output().dir());
        try (Recorder recorder = new Recorder(store, BY, Map.of(), 3600)) {
            for (TrialOutcome o : outcomes(c, 5)) {
                recorder.add(o);
            }
            assertEquals(0, files("trials")); // queued, not written
            recorder.flush();
            assertEquals(1, files("trials"));
            assertEquals(1, files("epochs"));
            assertEquals(5, store.trials().count());
            assertEquals(5, spark.read().parquet(dir.resolve("results/epochs").toString()).count());
            recorder.add(outcomes(c, 6).get(5));
        }
        // close wrote the last one, in a write of its own
        assertEquals(2, files("trials"));
        assertEquals(6, store.trials().count());
    }

    @Test
    void withoutADelayEveryTrialIsWrittenAtOnce() throws Exception {
        SweepConfig c = config();
        ResultStore store = new ResultStore(spark, c.output().dir());
        try (Recorder recorder = new Recorder(store, BY, Map.of(), 0)) {
            for (TrialOutcome o : outcomes(c, 3)) {
                recorder.add(o);
                assertEquals(store.trials().count(), files("trials"));
            }
            assertEquals(3, files("trials"));
        }
    }

    @Test
    void theWriterThreadWritesAfterTheDelay() throws Exception {
        SweepConfig c = config();
        ResultStore store = new ResultStore(spark, c.output().dir());
        try (Recorder recorder = new Recorder(store, BY, Map.of(), 1)) {
            outcomes(c, 2).forEach(recorder::add);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (files("trials") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(1, files("trials"));
            assertEquals(2, store.trials().count());
        }
    }

    @Test
    void aFailedWriteReachesTheCallerAndWhatWasWrittenStaysOnce() throws Exception {
        SweepConfig c = config();
        AtomicInteger writes = new AtomicInteger();
        ResultStore failing = new ResultStore(spark, c.output().dir(), () -> {
            if (writes.incrementAndGet() > 2) {
                throw new IllegalStateException("lock lost");
            }
        });
        List<TrialOutcome> all = outcomes(c, 3);
        Recorder recorder = new Recorder(failing, BY, Map.of(), 3600);
        recorder.add(all.get(0));
        recorder.flush(); // writes 1 and 2: epochs, trials
        recorder.add(all.get(1));
        IllegalStateException e = assertThrows(IllegalStateException.class, recorder::flush);
        assertEquals("lock lost", e.getMessage());
        assertThrows(IllegalStateException.class, () -> recorder.add(all.get(2)));
        assertThrows(IllegalStateException.class, recorder::close);
        assertEquals(1, failing.trials().count());
        assertEquals(1, files("trials"));
    }

    @Test
    void aWriteThatFailsOnTheWriterThreadIsThrownToTheNextAdd() throws Exception {
        SweepConfig c = config();
        ResultStore failing = new ResultStore(spark, c.output().dir(), () -> {
            throw new IllegalStateException("lock lost");
        });
        List<TrialOutcome> all = outcomes(c, 2);
        Recorder recorder = new Recorder(failing, BY, Map.of(), 1);
        recorder.add(all.get(0));
        IllegalStateException thrown = null;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (thrown == null && System.nanoTime() < deadline) {
            try {
                recorder.add(all.get(1));
                Thread.sleep(50);
            } catch (IllegalStateException e) {
                thrown = e;
            }
        }
        assertTrue(thrown != null && thrown.getMessage().equals("lock lost"), String.valueOf(thrown));
        assertEquals(0, files("trials"));
    }

    @Test
    void aTrialThatTrainedForAMinuteIsWrittenAtOnceWithWhatWasQueued() throws Exception {
        SweepConfig c = config();
        ResultStore store = new ResultStore(spark, c.output().dir());
        List<TrialOutcome> six = outcomes(c, 6);
        try (Recorder recorder = new Recorder(store, BY, Map.of(), 3600)) {
            recorder.add(six.get(0)); // trained 0 s: queued
            assertEquals(0, files("trials"));
            TrialRow r = six.get(1).trial();
            TrialRow long1 = new TrialRow(r.sweepId(), r.trialId(), r.spec(), TrialStatus.OK, null, true, null,
                    r.classMembers(), 3, 0.9, 0.3, 0.9, Recorder.AT_ONCE_SECONDS, Recorder.AT_ONCE_SECONDS / 3, 1,
                    1000, 10, Double.NaN, 0, null, 1, 0);
            recorder.add(new TrialOutcome(long1, six.get(1).epochs(), List.of()));
            // written by the adding thread itself, with the short trial queued before it
            assertEquals(1, files("trials"));
            assertEquals(2, store.trials().count());
        }
    }
}
