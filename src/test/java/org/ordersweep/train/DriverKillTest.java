package org.ordersweep.train;

import org.apache.spark.sql.Row;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.ordersweep.SparkTestBase;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A driver JVM killed with SIGKILL in the middle of a sweep: the rerun of the same command records every planned
 * trial exactly once, with nothing half-written, and a further rerun trains nothing.
 */
class DriverKillTest extends SparkTestBase {

    /** A sweep to kill: its command line's settings and the trials it plans. */
    enum Sweep {
        /** bn, conv, pool: 6 orderings, none equivalent, x 2 seeds. */
        PLAIN(12, "sweep.block=[bn,conv,pool]", "model.filters=[4,8]", "model.dense=16"),
        /** conf/residual.conf: 5 placements as DL4J graphs x 2 seeds. */
        RESIDUAL(10, "--conf", "conf/residual.conf");

        final int planned;
        final List<String> args;

        Sweep(int planned, String... args) {
            this.planned = planned;
            this.args = List.of(args);
        }
    }

    @TempDir
    Path dir;

    private ProcessBuilder sweep(Sweep which, Path out, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Files.readAllLines(Path.of("jobs", "jvm-flags")).stream().filter(l -> !l.isBlank()).toList());
        cmd.addAll(List.of("-Xmx2g", "-cp", System.getProperty("java.class.path"), "org.ordersweep.cli.Main", "run",
                "--master", "local[2]"));
        for (String a : which.args) {
            if (a.startsWith("--") || a.endsWith(".conf")) {
                cmd.add(a);
            } else {
                cmd.addAll(List.of("--set", a));
            }
        }
        cmd.addAll(List.of("--set", "sweep.seeds=2", "--set", "data.train-limit=400",
                "--set", "data.test-limit=100", "--set", "train.epochs=2", "--set", "train.batch-size=20",
                // One append per trial, so that the kill lands between trials' appends (batches only group them).
                "--set", "output.record-every=0",
                "--set", "output.dir=" + out));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb;
    }

    private static long committedTrialFiles(Path out) throws IOException {
        Path trials = out.resolve("trials");
        if (!Files.isDirectory(trials)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(trials)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).count();
        }
    }

    @ParameterizedTest
    @EnumSource(Sweep.class)
    void rerunAfterKillRecordsEveryTrialExactlyOnce(Sweep which) throws Exception {
        int planned = which.planned;
        Path out = dir.resolve("results");
        Process first = sweep(which, out, dir.resolve("first.log")).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (committedTrialFiles(out) < 3 && first.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(first.isAlive(), "the sweep ended before it could be killed: " + Files.readString(
                    dir.resolve("first.log")));
            long before = committedTrialFiles(out);
            assertTrue(before >= 3 && before < planned, "killed after " + before + " trials");
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
            first.waitFor(30, TimeUnit.SECONDS);
        }

        Process second = sweep(which, out, dir.resolve("second.log")).start();
        assertTrue(second.waitFor(5, TimeUnit.MINUTES));
        String log = Files.readString(dir.resolve("second.log"));
        assertEquals(0, second.exitValue(), log);

        List<Row> trials = spark.read().parquet(out.resolve("trials").toString()).collectAsList();
        Set<String> ids = new HashSet<>();
        trials.forEach(r -> ids.add(r.getAs("trial_id")));
        assertEquals(planned, trials.size());
        assertEquals(planned, ids.size());
        trials.forEach(r -> assertEquals("ok", r.getAs("status")));
        List<Row> epochs = spark.read().parquet(out.resolve("epochs").toString()).collectAsList();
        Set<String> epochKeys = new HashSet<>();
        epochs.forEach(e -> assertTrue(epochKeys.add(e.getAs("trial_id") + "/" + e.getAs("epoch")), "duplicate " + e));
        assertEquals(planned * 2, epochs.size());

        Process third = sweep(which, out, dir.resolve("third.log")).start();
        assertTrue(third.waitFor(3, TimeUnit.MINUTES));
        String again = Files.readString(dir.resolve("third.log"));
        assertEquals(0, third.exitValue(), again);
        assertTrue(again.contains("trained 0, already recorded " + planned), again);
        assertEquals(planned, spark.read().parquet(out.resolve("trials").toString()).count());
    }
}
