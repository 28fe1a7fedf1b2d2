package org.ordersweep.cluster;

import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ordersweep.SparkTestBase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sweeps submitted with jobs/ordersweep-submit --master yarn to Hadoop's MiniYARNCluster (ResourceManager and
 * NodeManager in this JVM, the application master and executors in containers: processes of their own), reading
 * Fashion-MNIST from and writing results to a real HDFS: in cluster deploy mode (the driver in a container too),
 * resumed in client mode, and surviving an executor container killed mid-trial. No container outlives the test.
 */
class YarnSweepIT extends SparkTestBase {

    private static final Path DIR = Path.of("target", "yarn-it").toAbsolutePath();

    private MiniDFSCluster hdfs;
    private String hdfsUri;
    private YarnCluster yarn;
    private Path sparkHome;

    @BeforeAll
    void startHdfsAndYarn() throws Exception {
        Submissions.deleteRecursively(DIR);
        hdfs = Submissions.hdfsWithFashionMnist(DIR);
        hdfsUri = org.ordersweep.MiniHdfs.uri(hdfs);
        yarn = YarnCluster.start(DIR.resolve("yarn"), hdfsUri, 8192, 4);
        Process home = new ProcessBuilder("jobs/spark-cluster", "home").redirectError(
                ProcessBuilder.Redirect.INHERIT).start();
        sparkHome = Path.of(new String(home.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
        assertTrue(home.waitFor(10, TimeUnit.MINUTES) && home.exitValue() == 0, "jobs/spark-cluster home failed");
    }

    @AfterAll
    void stopYarnAndHdfs() {
        try {
            if (yarn != null) {
                yarn.close();
            }
        } finally {
            if (hdfs != null) {
                hdfs.shutdown();
            }
        }
    }

    /**
     * spark-submit --master yarn, exactly as docs/operations.md shows it ("YARN, as the tests run it"), with this
     * cluster's configuration folder.
     */
    private Process submit(String deployMode, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("jobs/ordersweep-submit", "--master", "yarn", "--deploy-mode",
                deployMode, "--num-executors", "2", "--executor-cores", "1", "--executor-memory", "1g",
                "--driver-memory", "1g", "--conf", "spark.yarn.jars=local:" + sparkHome + "/jars/*", "--"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("HADOOP_CONF_DIR", yarn.confDir().toString());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        // Containers are bookkept at heap + overhead; 1g of overhead each keeps three within the NodeManager.
        pb.environment().put("ORDERSWEEP_EXECUTOR_OVERHEAD", "1g");
        pb.environment().put("ORDERSWEEP_DRIVER_OVERHEAD", "1g");
        return pb.start();
    }

    private String[] sweep(String output, String orderings, int epochs) {
        return new String[]{"run", "--conf", "conf/quickstart.conf", "--set", "sweep.orderings=" + orderings,
                "--set", "train.epochs=" + epochs, "--set", "data.path=" + hdfsUri + "/data/fashion-mnist",
                "--set", "data.train-limit=1000", "--set", "data.test-limit=500",
                "--set", "output.dir=" + hdfsUri + output};
    }

    private List<Row> trials(String output) {
        return spark.read().parquet(hdfsUri + output + "/trials").orderBy("ordering").collectAsList();
    }

    /** The log files of one application's containers, and what they say. */
    private String containerLogs(String text, List<Path> logs) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Path l : logs) {
            if (l.toString().contains(text)) {
                sb.append(Files.readString(l, StandardCharsets.ISO_8859_1));
            }
        }
        return sb.toString();
    }

    private static String applicationId(String log) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("application_\\d+_\\d+").matcher(log);
        assertTrue(m.find(), "no YARN application id in the submit log:\n" + log);
        return m.group();
    }

    @Test
    void clusterModeSweepsHdfsInContainersAndClientModeResumesIt() throws Exception {
        String orderings = "[\"conv>bn>act>pool>dropout\",\"conv>act>bn>pool>dropout\",\"conv>pool>bn>act>dropout\"]";
        Path log = DIR.resolve("cluster-mode.log");
        String out = Submissions.runToEnd(submit("cluster", log, sweep("/results/yarn", orderings, 1)), log);
        String app = applicationId(out);
        assertTrue(out.contains("final status: SUCCEEDED"), out);

        List<Row> rows = trials("/results/yarn");
        assertEquals(3, rows.size());
        for (Row r : rows) {
            assertEquals("ok", r.getAs("status"), () -> r.getAs("ordering") + ": " + r.getAs("reason"));
            assertTrue((double) r.getAs("test_accuracy") > 0.3, r::toString);
        }
        String sweepId = rows.get(0).getAs("sweep_id");
        assertTrue(hdfs.getFileSystem().exists(new org.apache.hadoop.fs.Path("/results/yarn/report/" + sweepId
                + ".html")));
        // The driver ran in the application master's container (the first), the trials in executor containers.
        List<Path> logs = yarn.containerLogs().stream().filter(p -> p.toString().contains(app)).toList();
        String driver = containerLogs(app.replace("application_", "container_") + "_01_000001", logs);
        assertTrue(driver.contains("Data: " + hdfsUri + "/data/fashion-mnist"), driver);
        assertTrue(driver.contains("trained 3, already recorded 0"), driver);
        long executorsThatRanTasks = logs.stream().filter(p -> !p.toString().contains("_000001")).filter(p -> {
            try {
                return Files.readString(p, StandardCharsets.ISO_8859_1).contains("Running task");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).count();
        assertTrue(executorsThatRanTasks >= 1, logs::toString);

        // The same sweep in client mode: the driver here, nothing trained, nothing rewritten.
        Path again = DIR.resolve("client-mode.log");
        String second = Submissions.runToEnd(submit("client", again, sweep("/results/yarn", orderings, 1)), again);
        assertTrue(second.contains("3 already recorded in " + hdfsUri + "/results/yarn, 0 to train now"), second);
        assertEquals(rows, trials("/results/yarn"));
    }

    @Test
    void aSweepSurvivesAnExecutorContainerKilledMidTrial() throws Exception {
        String orderings = "[\"conv>bn>act>pool>dropout\",\"conv>act>bn>pool>dropout\",\"conv>pool>bn>act>dropout\","
                + "\"conv>dropout>bn>act>pool\"]";
        Path log = DIR.resolve("kill.log");
        Process sweep = submit("client", log, sweep("/results/yarn-kill", orderings, 2));
        long victim = -1;
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (victim < 0 && System.nanoTime() < deadline && sweep.isAlive()) {
                for (Path l : yarn.containerLogs()) {
                    if (l.getFileName().toString().equals("stderr") && !l.toString().contains("_000001")
                            && Files.readString(l, StandardCharsets.ISO_8859_1)
                            .contains("Starting MultiLayerNetwork")) {
                        victim = pidOfContainer(l.getParent());
                    }
                }
                Thread.sleep(200);
            }
            assertTrue(victim > 0, "no executor container started training");
            assertTrue(ProcessHandle.of(victim).orElseThrow().destroyForcibly()); // kill -9, no goodbye
        } catch (Throwable t) {
            sweep.destroyForcibly();
            throw t;
        }
        String out = Submissions.runToEnd(sweep, log);
        assertTrue(out.contains("Exit status: 137"), "the driver never heard of a container killed by SIGKILL");
        Submissions.assertEachTrialOnceDespiteTheKill(trials("/results/yarn-kill"), spark.read().parquet(hdfsUri
                + "/results/yarn-kill/epochs").count(), 4, 2);
    }

    /** The container's JVM: its command line names the container's log folder. */
    private static long pidOfContainer(Path containerLogDir) {
        String dir = containerLogDir.toString();
        for (ProcessHandle h : YarnCluster.sparkContainers()) {
            if (h.info().commandLine().orElse("").contains(dir)) {
                return h.pid();
            }
        }
        return -1;
    }
}
