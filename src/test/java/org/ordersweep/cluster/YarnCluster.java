package org.ordersweep.cluster;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Hadoop's MiniYARNCluster (a ResourceManager and one NodeManager in this JVM; containers are processes of their
 * own) beside the test's HDFS, with its client configuration written to a folder that spark-submit reads as
 * HADOOP_CONF_DIR. Containers are this JVM's descendants: {@link #close()} stops YARN and then checks that none is
 * left, killing and naming any that is.
 */
final class YarnCluster implements AutoCloseable {

    private final MiniYARNCluster yarn;
    private final Path confDir;
    private final Path workDir;

    private YarnCluster(MiniYARNCluster yarn, Path confDir, Path workDir) {
        this.yarn = yarn;
        this.confDir = confDir;
        this.workDir = workDir;
    }

    /**
     * @param defaultFs the HDFS the applications stage their files on and read and write
     * @param memoryMb  what the NodeManager offers to containers (bookkeeping: memory checks are off, as
     *                  off-heap arrays and JIT code make a JVM's resident size differ from its heap)
     */
    static YarnCluster start(Path dir, String defaultFs, int memoryMb, int vcores) throws IOException {
        Configuration conf = new YarnConfiguration();
        conf.set("fs.defaultFS", defaultFs);
        conf.setInt(YarnConfiguration.NM_PMEM_MB, memoryMb);
        conf.setInt(YarnConfiguration.YARN_MINICLUSTER_NM_PMEM_MB, memoryMb); // the mini cluster's own key wins
        conf.setInt(YarnConfiguration.NM_VCORES, vcores);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, memoryMb);
        conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        // A nearly full disk must not take the only NodeManager out of service.
        conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99.9f);
        conf.setBoolean(YarnConfiguration.YARN_MINICLUSTER_FIXED_PORTS, false);
        // One queue with everything; an application master may take more than the default tenth of the memory
        // (a cluster-mode driver is one).
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.set("yarn.scheduler.capacity.root.default.capacity", "100");
        conf.set("yarn.scheduler.capacity.root.default.maximum-capacity", "100");
        conf.set("yarn.scheduler.capacity.maximum-am-resource-percent", "1.0");
        // Containers start java from $JAVA_HOME: this JVM's.
        conf.set(YarnConfiguration.NM_ADMIN_USER_ENV, "MALLOC_ARENA_MAX=4,JAVA_HOME="
                + System.getProperty("java.home"));
        conf.set(YarnConfiguration.RM_HOSTNAME, "127.0.0.1");
        MiniYARNCluster yarn = new MiniYARNCluster("ordersweep-yarn", 1, 1, 1);
        yarn.init(conf);
        yarn.start();
        Path confDir = Files.createDirectories(dir.resolve("hadoop-conf"));
        // The started cluster's configuration carries the ports it bound.
        try (OutputStream out = Files.newOutputStream(confDir.resolve("yarn-site.xml"))) {
            yarn.getConfig().writeXml(out);
        }
        Configuration core = new Configuration(false);
        core.set("fs.defaultFS", defaultFs);
        try (OutputStream out = Files.newOutputStream(confDir.resolve("core-site.xml"))) {
            core.writeXml(out);
        }
        // The mini cluster puts its NodeManager's local and log folders under its own work folder.
        return new YarnCluster(yarn, confDir, yarn.getTestWorkDir().toPath());
    }

    Path confDir() {
        return confDir;
    }

    /** Every container's log files (stdout, stderr), in the NodeManager's log folders, one folder per container. */
    List<Path> containerLogs() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(workDir)) {
            // Only the log folders: the local folders' application caches are removed while this looks.
            for (Path logDir : dirs.filter(d -> d.getFileName().toString().contains("logDir-nm")).toList()) {
                try (Stream<Path> s = Files.walk(logDir)) {
                    s.filter(Files::isRegularFile).filter(p -> p.getParent().getFileName().toString()
                            .startsWith("container_")).forEach(out::add);
                }
            }
        }
        return out.stream().sorted().toList();
    }

    /** The container JVMs of Spark (executors, application masters) still alive. */
    static List<ProcessHandle> sparkContainers() {
        return ProcessHandle.current().descendants().filter(h -> {
            String cmd = h.info().commandLine().orElse("");
            return cmd.contains("CoarseGrainedExecutorBackend") || cmd.contains("ApplicationMaster")
                    || cmd.contains("ExecutorLauncher");
        }).toList();
    }

    @Override
    public void close() {
        yarn.stop();
        List<Long> left = new ArrayList<>();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!sparkContainers().isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (ProcessHandle h : sparkContainers()) {
            left.add(h.pid());
            h.destroyForcibly();
        }
        if (!left.isEmpty()) {
            throw new IllegalStateException("YARN left container processes running: " + left);
        }
    }
}
