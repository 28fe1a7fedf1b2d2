package org.ordersweep.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the cluster tests share: waiting for a submitted sweep, and a clean folder to start from. */
final class Submissions {

    private Submissions() {
    }

    /** Waits (at most 10 minutes) for a spark-submit to end, kills it if it does not, and requires exit 0. */
    static String runToEnd(Process p, Path log) throws Exception {
        try {
            assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the sweep did not end within 10 minutes");
        } finally {
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> "spark-submit failed:\n" + out);
        return out;
    }

    /** Debian's real Fashion-MNIST files (package dataset-fashion-mnist, installed by jobs/test). */
    static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    /** A real HDFS under {@code dir} holding Fashion-MNIST's four files in /data/fashion-mnist. */
    static org.apache.hadoop.hdfs.MiniDFSCluster hdfsWithFashionMnist(Path dir) throws IOException {
        org.apache.hadoop.hdfs.MiniDFSCluster hdfs = org.ordersweep.MiniHdfs.start(dir);
        org.apache.hadoop.fs.FileSystem fs = hdfs.getFileSystem();
        fs.mkdirs(new org.apache.hadoop.fs.Path("/data/fashion-mnist"));
        try (var files = Files.list(FASHION_MNIST)) {
            for (Path f : files.toList()) {
                fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(f.toUri()),
                        new org.apache.hadoop.fs.Path("/data/fashion-mnist/" + f.getFileName()));
            }
        }
        return hdfs;
    }

    /**
     * After an executor was killed mid-trial: each planned trial recorded exactly once, finished, with exactly its
     * epochs (the lost attempt left no epoch rows behind), and the task lost with the executor counted.
     */
    static void assertEachTrialOnceDespiteTheKill(List<org.apache.spark.sql.Row> rows, long epochRows, int trials,
                                                  int epochs) {
        assertEquals(trials, rows.size(), rows::toString);
        assertEquals(trials, rows.stream().map(r -> (String) r.getAs("trial_id")).distinct().count());
        int failedTasks = 0;
        for (org.apache.spark.sql.Row r : rows) {
            assertEquals("ok", r.getAs("status"), () -> r.getAs("ordering") + ": " + r.getAs("reason"));
            assertEquals(epochs, (int) r.getAs("epochs"));
            failedTasks += (int) r.getAs("failed_tasks");
        }
        assertTrue(failedTasks >= 1, "no trial records the task lost with the executor: " + rows);
        assertEquals((long) trials * epochs, epochRows);
    }

    static void deleteRecursively(Path p) throws IOException {
        if (Files.exists(p)) {
            try (var s = Files.walk(p)) {
                List<Path> all = new ArrayList<>(s.toList());
                java.util.Collections.reverse(all);
                for (Path x : all) {
                    Files.delete(x);
                }
            }
        }
    }
}
