package org.ordersweep.cluster;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ordersweep.SparkTestBase;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.train.SweepRunner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sweeps submitted with jobs/ordersweep-submit (the application jar) to a real standalone cluster - master, two
 * workers and their executors each in their own JVM - reading Fashion-MNIST from a real HDFS (NameNode and DataNode
 * in this JVM) and writing trials, summary and report back to it: resumed there, and surviving a killed executor.
 * Credentials given to the sweep reach no log, recorded file or HDFS block.
 */
class ClusterSweepIT extends SparkTestBase {

    private static final Path DIR = Path.of("target", "cluster-it").toAbsolutePath();
    private static final String SECRET = "CLUSTER-SECRET-4711";

    private MiniDFSCluster hdfs;
    private String hdfsUri;
    private StandaloneCluster cluster;

    @BeforeAll
    void startHdfsAndCluster() throws Exception {
        Submissions.deleteRecursively(DIR);
        hdfs = Submissions.hdfsWithFashionMnist(DIR);
        hdfsUri = org.ordersweep.MiniHdfs.uri(hdfs);
        cluster = StandaloneCluster.start(DIR.resolve("cluster"));
    }

    @AfterAll
    void stopClusterAndHdfs() throws IOException {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (hdfs != null) {
                hdfs.shutdown();
            }
        }
    }

    /** A small sweep: three conv-first orderings, one epoch on 1,000 of the 60,000 training images. */
    private String[] sweep(String output, String orderings, int epochs) {
        return new String[]{"run", "--conf", "conf/quickstart.conf",
                "--set", "sweep.orderings=" + orderings,
                "--set", "train.epochs=" + epochs,
                "--set", "data.path=" + hdfsUri + "/data/fashion-mnist",
                "--set", "data.train-limit=1000", "--set", "data.test-limit=500",
                "--set", "output.dir=" + hdfsUri + output,
                "--set", "spark.conf.\"spark.hadoop.fs.s3a.secret.key\"=" + SECRET,
                "--set", "spark.conf.\"spark.hadoop.fs.s3a.access.key\"=AKIA-" + SECRET};
    }

    private List<Row> trials(String output) {
        return spark.read().parquet(hdfsUri + output + "/trials").orderBy("ordering").collectAsList();
    }

    @Test
    void sweepReadsAndWritesHdfsOnTheClusterAndResumesThere() throws Exception {
        String orderings = "[\"conv>bn>act>pool>dropout\",\"conv>act>bn>pool>dropout\",\"conv>pool>bn>act>dropout\"]";
        Path log = DIR.resolve("sweep.log");
        Set<Path> before = new HashSet<>(cluster.executorLogs());
        String out = Submissions.runToEnd(cluster.submit(log, sweep("/results/cluster", orderings, 1)), log);

        assertTrue(out.contains("Data: " + hdfsUri + "/data/fashion-mnist"), out);
        List<Row> rows = trials("/results/cluster");
        assertEquals(3, rows.size());
        for (Row r : rows) {
            assertEquals("ok", r.getAs("status"), () -> r.getAs("ordering") + ": " + r.getAs("reason"));
            // Ten classes: chance is 0.1; one epoch on 1,000 images reaches well above it.
            assertTrue((double) r.getAs("test_accuracy") > 0.3, () -> r.getAs("ordering") + " " + r);
        }
        assertEquals(3, spark.read().parquet(hdfsUri + "/results/cluster/epochs").count());
        FileSystem fs = hdfs.getFileSystem();
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/results/cluster/summary/orderings")));
        String sweepId = rows.get(0).getAs("sweep_id");
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/results/cluster/report/" + sweepId + ".html")));

        // Both executors, each its own JVM under its own worker, trained.
        List<Path> executorLogs = cluster.executorLogs().stream().filter(l -> !before.contains(l)).toList();
        assertEquals(2, executorLogs.size(), executorLogs::toString);
        for (Path l : executorLogs) {
            String executorLog = Files.readString(l);
            assertTrue(executorLog.contains("Running task"), l::toString);
            // ... and dropped the sweep's data when it ended (in a notebook's session executors outlive a sweep)
            assertTrue(executorLog.contains("Dropped this JVM's copy of the sweep's data"), l::toString);
        }

        // The same sweep in this JVM's local Spark computes the very same numbers: every trial trains on one native
        // thread wherever it runs (OMP_NUM_THREADS=1). Until ND4J's count of 4 on the thread that started it was
        // undone (model.OpenMpThreads), executors trained on four and their trials differed from local ones.
        String[] args = sweep("/results/local", orderings, 1); // run --conf FILE, then --set KEY=VALUE pairs
        List<String> sets = new ArrayList<>();
        for (int i = 4; i < args.length; i += 2) {
            sets.add(args[i]);
        }
        SweepConfig local = ConfigLoader.load(new java.io.File("conf/quickstart.conf"), sets);
        SweepRunner.run(spark, local, DataLoader.load(local, spark.sparkContext().hadoopConfiguration()));
        List<Row> localRows = trials("/results/local");
        assertEquals(3, localRows.size());
        for (int i = 0; i < 3; i++) {
            for (String column : List.of("trial_id", "ordering", "test_accuracy", "test_loss")) {
                assertEquals((Object) rows.get(i).getAs(column), localRows.get(i).getAs(column),
                        rows.get(i).getAs("ordering") + " " + column + " on the cluster and in local Spark");
            }
        }

        // The same command again resumes the recorded sweep on HDFS: nothing is trained, nothing is rewritten.
        Path again = DIR.resolve("resume.log");
        String second = Submissions.runToEnd(cluster.submit(again, sweep("/results/cluster", orderings, 1)), again);
        assertTrue(second.contains("3 already recorded in " + hdfsUri + "/results/cluster, 0 to train now"), second);
        assertEquals(rows, trials("/results/cluster"));

        // Every file of the run - driver, master, worker and executor logs, and HDFS's blocks (the recorded
        // configuration, provenance, report, tables) - is free of the credentials.
        List<String> leaks = new ArrayList<>();
        try (var files = Files.walk(DIR)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes;
                try {
                    bytes = f.toFile().length() < 50_000_000 ? Files.readAllBytes(f) : new byte[0];
                } catch (java.nio.file.NoSuchFileException deletedMeanwhile) {
                    continue; // HDFS removes replaced blocks in the background; a deleted file leaks nothing
                }
                if (new String(bytes, StandardCharsets.ISO_8859_1).contains(SECRET)) {
                    leaks.add(f.toString());
                }
            }
        }
        assertTrue(leaks.isEmpty(), () -> "the secret is in " + leaks);
        org.apache.hadoop.fs.FileStatus[] runs = hdfs.getFileSystem().globStatus(
                new org.apache.hadoop.fs.Path("/results/cluster/runs/" + sweepId + "/run-*/config.conf"));
        assertTrue(runs.length >= 1);
        for (org.apache.hadoop.fs.FileStatus run : runs) {
            assertTrue(new String(hdfs.getFileSystem().open(run.getPath()).readAllBytes(), StandardCharsets.UTF_8)
                    .contains("\"spark.hadoop.fs.s3a.secret.key\" = \"***\""));
        }
    }

    @Test
    void sweepSurvivesAnExecutorKilledMidTrial() throws Exception {
        String orderings = "[\"conv>bn>act>pool>dropout\",\"conv>act>bn>pool>dropout\",\"conv>pool>bn>act>dropout\","
                + "\"conv>dropout>bn>act>pool\"]";
        Path log = DIR.resolve("kill.log");
        Set<Path> before = new HashSet<>(cluster.executorLogs());
        Process sweep = cluster.submit(log, sweep("/results/kill", orderings, 2));
        try {
            // Wait until an executor of this application builds a trial's network: it is then mid-trial.
            long victim = -1;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (victim < 0 && System.nanoTime() < deadline && sweep.isAlive()) {
                for (Path l : cluster.executorLogs()) {
                    if (!before.contains(l) && Files.readString(l).contains("Starting MultiLayerNetwork")) {
                        victim = pidOfExecutorLoggingTo(l);
                    }
                }
                Thread.sleep(200);
            }
            assertTrue(victim > 0, "no executor started training");
            // kill -9: no shutdown hooks, no goodbye to the driver.
            assertTrue(ProcessHandle.of(victim).orElseThrow().destroyForcibly());
        } catch (Throwable t) {
            sweep.destroyForcibly();
            throw t;
        }
        Submissions.runToEnd(sweep, log);

        Submissions.assertEachTrialOnceDespiteTheKill(trials("/results/kill"), spark.read().parquet(hdfsUri
                + "/results/kill/epochs").count(), 4, 2);
        assertTrue(cluster.workerLogs().contains("exitStatus 137"), "no worker saw an executor killed by SIGKILL");
    }

    /** The executor whose stderr is this file: its JVM runs in the folder that holds the file. */
    private long pidOfExecutorLoggingTo(Path stderr) throws IOException {
        Path workDir = stderr.getParent();
        String executorId = workDir.getFileName().toString();
        String appId = workDir.getParent().getFileName().toString();
        for (ProcessHandle h : cluster.executors()) {
            String cmd = h.info().commandLine().orElse("");
            if (cmd.contains("--executor-id " + executorId + " ") && cmd.contains("--app-id " + appId)) {
                return h.pid();
            }
        }
        return -1;
    }
}
