package org.ordersweep.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Spark standalone master and two workers on 127.0.0.1, each its own JVM, started and stopped with
 * jobs/spark-cluster; sweeps go to it through jobs/ordersweep-submit, as docs/operations.md shows ("A real cluster on
 * one machine"). Everything it starts is stopped by PID on {@link #close()}, and by a shutdown hook if the test JVM
 * ends first.
 */
final class StandaloneCluster implements AutoCloseable {

    private final Path dir;
    private final String master;
    private final Path sparkHome;
    private final Thread stopOnExit;

    private StandaloneCluster(Path dir, String master, Path sparkHome) {
        this.dir = dir;
        this.master = master;
        this.sparkHome = sparkHome;
        this.stopOnExit = new Thread(this::stop, "stop-spark-cluster");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    static StandaloneCluster start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path out = dir.resolve("start.out");
        Path log = dir.resolve("start.log");
        Process p = new ProcessBuilder("jobs/spark-cluster", "start", dir.toString(), "--port",
                String.valueOf(freePort()), "--workers", "2", "--worker-cores", "1", "--worker-memory", "2g")
                .redirectOutput(out.toFile()).redirectError(log.toFile()).start();
        boolean ended = p.waitFor(5, TimeUnit.MINUTES);
        try {
            if (!ended || p.exitValue() != 0) {
                throw new IllegalStateException("jobs/spark-cluster start failed: " + Files.readString(log));
            }
            // stdout carries only the KEY=VALUE lines; build output and progress go to stderr.
            List<String> lines = Files.readAllLines(out);
            return new StandaloneCluster(dir, value(lines, "MASTER="), Path.of(value(lines, "SPARK_HOME=")));
        } catch (RuntimeException e) {
            p.destroyForcibly();
            new ProcessBuilder("jobs/spark-cluster", "stop", dir.toString()).inheritIO().start().waitFor();
            throw e;
        }
    }

    String master() {
        return master;
    }

    /** Submits {@code ordersweep args} in client mode; the driver's output goes to {@code log}. */
    Process submit(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("jobs/ordersweep-submit", "--master", master,
                "--driver-memory", "1g", "--executor-memory", "1g", "--"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }

    /** The executor JVMs the workers have started and that are still alive. */
    List<ProcessHandle> executors() throws IOException {
        List<ProcessHandle> found = new ArrayList<>();
        for (long worker : daemonPids()) {
            ProcessHandle.of(worker).ifPresent(w -> w.descendants()
                    .filter(h -> h.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                    .forEach(found::add));
        }
        return found;
    }

    /** The stderr logs of every executor the workers have started, live or not (work/worker-N/app-ID/EXEC/stderr). */
    List<Path> executorLogs() throws IOException {
        try (Stream<Path> s = Files.walk(dir.resolve("work"))) {
            return s.filter(p -> p.getFileName().toString().equals("stderr")).sorted().toList();
        }
    }

    String workerLogs() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> s = Files.list(dir.resolve("logs"))) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("worker-")).sorted().toList()) {
                all.append(Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }

    private List<Long> daemonPids() throws IOException {
        List<Long> pids = new ArrayList<>();
        Path pidDir = dir.resolve("pids");
        if (Files.isDirectory(pidDir)) {
            try (Stream<Path> s = Files.list(pidDir)) {
                for (Path p : s.toList()) {
                    pids.add(Long.parseLong(Files.readString(p).trim()));
                }
            }
        }
        return pids;
    }

    /** Stops the cluster and checks that no process it started (daemons, executors) is left running. */
    @Override
    public void close() throws IOException {
        List<ProcessHandle> started = new ArrayList<>(executors());
        daemonPids().forEach(pid -> ProcessHandle.of(pid).ifPresent(started::add));
        stop();
        List<Long> left = started.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
        if (!left.isEmpty()) {
            left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            throw new IllegalStateException("jobs/spark-cluster stop left processes running: " + left);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private void stop() {
        try {
            new ProcessBuilder("jobs/spark-cluster", "stop", dir.toString()).inheritIO().start()
                    .waitFor(1, TimeUnit.MINUTES);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String value(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + prefix + " in " + lines));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
