package org.ordersweep.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ordersweep.results.Json;
import org.ordersweep.train.ExecutionMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Endurance: the same small sweep trained again and again for a set time in each execution mode, in a worker JVM
 * ({@link SoakWorker}) this process starts and watches, as a long sweep's driver would live. It counts the trainings
 * done, samples the worker's resident memory, collects every trial whose accuracy or loss differs from its first run,
 * and, when the worker dies, names the crash from the JVM's error report (the problematic frame and thread) and starts
 * it again until the time is up: one crash does not end the soak, and none goes unreported.
 */
final class Soak {

    private static final Logger LOG = LoggerFactory.getLogger(Soak.class);
    /** Workers started again after dying, at most, per mode: a worker that cannot start at all ends the mode. */
    private static final int MAX_STARTS = 20;

    /**
     * @param minutes       each mode's time
     * @param sweepSets     the soak sweep's --set overrides (the worker adds output.dir and train.mode)
     * @param sampleSeconds how often the worker's resident memory is read
     * @param settleMinutes how often the worker collects, trims and reads its resident memory between sweeps
     * @param crashAfter    a deliberate native crash of the first worker after this many sweeps; 0 = never
     */
    record Options(double minutes, List<ExecutionMode> modes, Path dir, File conf, List<String> sweepSets,
                   String master, double sampleSeconds, double settleMinutes, int crashAfter) {
    }

    /** A worker that died: its exit code and, from the JVM's error report, what it was running. */
    record Crash(int exitCode, String frame, String thread, String errorFile) {
    }

    /** Memory of the worker at a time (minutes since the mode started): resident, or as the worker reports it. */
    record Sample(double minutes, double rssMb) {
    }

    /** One mode's soak. */
    record ModeReport(ExecutionMode mode, double minutes, int workers, int sweeps, int trainings, int notOk,
                      List<Crash> crashes, List<JsonNode> differing, List<Sample> rss, List<Sample> heap,
                      List<Sample> offHeap, List<Sample> jvmNative, List<Sample> settled) {

        /** Least-squares slope of resident memory after the first tenth of the time (start-up, warm-up), MB/hour. */
        double rssSlopeMbPerHour() {
            return slopeMbPerHour(rss, minutes / 10);
        }

        /** The same slope over the settled readings: memory retained, the collector's saw taken out. */
        double settledSlopeMbPerHour() {
            return slopeMbPerHour(settled, minutes / 10);
        }

        double rssMaxMb() {
            return rss.stream().mapToDouble(Sample::rssMb).max().orElse(Double.NaN);
        }

        /** The median of the samples in the first (or last) fifth after the first tenth. */
        double rssMedianMb(boolean last) {
            List<Double> late = rss.stream().filter(s -> s.minutes() >= minutes / 10).map(Sample::rssMb).toList();
            if (late.isEmpty()) {
                return Double.NaN;
            }
            int n = Math.max(1, late.size() / 5);
            List<Double> part = new ArrayList<>(last ? late.subList(late.size() - n, late.size()) : late.subList(0, n));
            Collections.sort(part);
            return part.get(part.size() / 2);
        }
    }

    /** Least-squares slope of the samples from minute {@code from} on, in MB/hour; NaN with fewer than three. */
    static double slopeMbPerHour(List<Sample> samples, double from) {
        List<Sample> late = samples.stream().filter(s -> s.minutes() >= from).toList();
        if (late.size() < 3) {
            return Double.NaN;
        }
        double mx = late.stream().mapToDouble(Sample::minutes).average().orElse(0);
        double my = late.stream().mapToDouble(Sample::rssMb).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (Sample s : late) {
            sxy += (s.minutes() - mx) * (s.rssMb() - my);
            sxx += (s.minutes() - mx) * (s.minutes() - mx);
        }
        return sxx == 0 ? Double.NaN : sxy / sxx * 60;
    }

    private Soak() {
    }

    static List<ModeReport> run(Options o) throws IOException, InterruptedException {
        List<ModeReport> out = new ArrayList<>();
        for (ExecutionMode mode : o.modes()) {
            out.add(mode(o, mode));
        }
        return out;
    }

    private static ModeReport mode(Options o, ExecutionMode mode) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(o.dir().resolve(mode.key()));
        Files.deleteIfExists(dir.resolve("reference.json")); // each soak compares with its own first run
        long start = System.currentTimeMillis();
        long deadline = start + (long) (o.minutes() * 60_000);
        List<Sample> rss = Collections.synchronizedList(new ArrayList<>());
        List<Sample> heap = new ArrayList<>();
        List<Sample> offHeap = new ArrayList<>();
        List<Sample> jvmNative = new ArrayList<>();
        List<Sample> settled = new ArrayList<>();
        List<Crash> crashes = new ArrayList<>();
        List<JsonNode> differing = new ArrayList<>();
        int sweeps = 0;
        int trainings = 0;
        int notOk = 0;
        int workers = 0;
        while (System.currentTimeMillis() < deadline && workers < MAX_STARTS) {
            workers++;
            List<String> sets = new ArrayList<>(o.sweepSets());
            sets.add("train.mode=" + mode.key());
            Path log = dir.resolve("worker-" + workers + ".log");
            Process p = start(o, dir, deadline, sets, workers == 1 ? o.crashAfter() : 0, log.toFile());
            LOG.info("Soak, {}: worker {} (pid {}) started, {} min left", mode.key(), workers, p.pid(),
                    String.format(Locale.ROOT, "%.1f", (deadline - System.currentTimeMillis()) / 60_000.0));
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> {
                double mb = rssMb(p.pid());
                if (!Double.isNaN(mb)) {
                    rss.add(new Sample((System.currentTimeMillis() - start) / 60_000.0, mb));
                }
            }, 0, (long) (o.sampleSeconds() * 1000), TimeUnit.MILLISECONDS);
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    JsonNode n;
                    try {
                        n = Json.read(line);
                    } catch (IOException e) {
                        continue; // not a sweep line
                    }
                    sweeps++;
                    trainings += n.path("trainings").asInt();
                    notOk += n.path("not_ok").asInt();
                    n.path("differ").forEach(differing::add);
                    double now = (System.currentTimeMillis() - start) / 60_000.0;
                    heap.add(new Sample(now, n.path("heap_committed_mb").asDouble()));
                    offHeap.add(new Sample(now, n.path("offheap_mb").asDouble()));
                    if (n.path("jvm_native_mb").isNumber()) {
                        jvmNative.add(new Sample(now, n.path("jvm_native_mb").asDouble()));
                    }
                    if (n.path("settled_rss_mb").isNumber()) {
                        settled.add(new Sample(now, n.path("settled_rss_mb").asDouble()));
                    }
                    LOG.info(String.format(Locale.ROOT, "Soak, %s: sweep %d of worker %d: %d trainings in %.1f s, %d "
                                    + "differing, RSS %.0f MB (heap %.0f MB committed, %.0f used; beside it %.0f MB)",
                            mode.key(), n.path("sweep").asInt(), workers, n.path("trainings").asInt(),
                            n.path("seconds").asDouble(), n.path("differ").size(), rssMb(p.pid()),
                            n.path("heap_committed_mb").asDouble(), n.path("heap_used_mb").asDouble(),
                            n.path("offheap_mb").asDouble()));
                }
            }
            int exit = p.waitFor();
            sampler.shutdownNow();
            if (exit != 0) {
                Crash c = crash(exit, dir, p.pid(), log);
                crashes.add(c);
                LOG.warn("Soak, {}: worker {} died with exit code {}: {} in {}", mode.key(), workers, exit,
                        c.frame(), c.thread());
            }
        }
        return new ModeReport(mode, (System.currentTimeMillis() - start) / 60_000.0, workers, sweeps, trainings, notOk,
                crashes, differing, List.copyOf(rss), heap, offHeap, jvmNative, settled);
    }

    /** A worker JVM with this JVM's settings, its error report written into the soak's folder. */
    private static Process start(Options o, Path dir, long deadline, List<String> sets, int crashAfter, File log)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-XX:ErrorFile") && !a.startsWith("-agentlib:jdwp") && !a.startsWith("-D" + SoakWorker
                    .CRASH_AFTER) && !a.startsWith("-D" + SoakWorker.SETTLE_MINUTES)) {
                cmd.add(a);
            }
        }
        cmd.add("-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"));
        cmd.add("-XX:-CreateCoredumpOnCrash");
        if (cmd.stream().noneMatch(a -> a.startsWith("-XX:NativeMemoryTracking"))) {
            cmd.add("-XX:NativeMemoryTracking=summary"); // to tell the JVM's own memory from the C heap's
        }
        if (crashAfter > 0) {
            cmd.add("-D" + SoakWorker.CRASH_AFTER + "=" + crashAfter);
        }
        cmd.add("-D" + SoakWorker.SETTLE_MINUTES + "=" + o.settleMinutes());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(SoakWorker.class.getName());
        cmd.add(dir.toString());
        cmd.add(Long.toString(deadline));
        cmd.add(o.master());
        cmd.add(o.conf().getPath());
        cmd.addAll(sets);
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log)).start();
    }

    /**
     * What the JVM's error report says about the crash: the line after "Problematic frame:" and the current thread.
     * Without a report (the worker ended with an error of its own, not in native code), the last line of its log.
     */
    static Crash crash(int exit, Path dir, long pid, Path log) throws IOException {
        Path report = dir.resolve("hs_err_pid" + pid + ".log");
        if (!Files.exists(report)) {
            List<String> tail = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.ISO_8859_1) : List.of();
            return new Crash(exit, "no JVM error report (not a native crash): " + (tail.isEmpty() ? ""
                    : tail.get(tail.size() - 1).strip()), "", log.toString());
        }
        List<String> lines = Files.readAllLines(report, StandardCharsets.ISO_8859_1);
        String frame = "";
        String thread = "";
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("# Problematic frame:") && i + 1 < lines.size()) {
                frame = lines.get(i + 1).replaceFirst("^#\\s*", "").strip();
            }
            if (lines.get(i).startsWith("Current thread") && thread.isEmpty()) {
                thread = lines.get(i).strip();
            }
        }
        return new Crash(exit, frame, thread, report.toString());
    }

    /** VmRSS of a process from /proc, in MB; NaN when it is gone or /proc is not there. */
    static double rssMb(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    static String text(List<ModeReport> reports, Options o) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Soak: %s with %s, %.1f min per mode, "
                + "master %s, resident memory every %.0f s%n", o.conf().getPath(), String.join(" ", o.sweepSets()),
                o.minutes(), o.master(), o.sampleSeconds()));
        for (ModeReport r : reports) {
            sb.append(String.format(Locale.ROOT, "  %s: %.1f min, %d sweeps, %d trainings (%d not ok), "
                            + "%d worker JVM(s), %d native crash(es), %d trial result(s) differing from their first "
                            + "run%n", r.mode().key(), r.minutes(), r.sweeps(), r.trainings(), r.notOk(), r.workers(),
                    r.crashes().size(), r.differing().size()));
            sb.append(String.format(Locale.ROOT, "    resident memory: median %.0f MB early, %.0f MB at the end, "
                            + "peak %.0f MB, slope %+.1f MB/hour after the first tenth (%d samples)%n",
                    r.rssMedianMb(false), r.rssMedianMb(true), r.rssMaxMb(), r.rssSlopeMbPerHour(), r.rss().size()));
            if (!r.heap().isEmpty()) {
                sb.append(String.format(Locale.ROOT, "    after the first and the last sweep: heap committed %.0f "
                                + "and %.0f MB, resident beside the heap %.0f and %.0f MB%n", r.heap().get(0).rssMb(),
                        r.heap().get(r.heap().size() - 1).rssMb(), r.offHeap().get(0).rssMb(),
                        r.offHeap().get(r.offHeap().size() - 1).rssMb()));
            }
            if (!r.jvmNative().isEmpty()) {
                sb.append(String.format(Locale.ROOT, "    of that, the JVM's own (native memory tracking: metaspace, "
                                + "threads, code, collector): %.0f and %.0f MB; the rest is the C heap (libnd4j, "
                                + "oneDNN, OpenBLAS)%n",
                        r.jvmNative().get(0).rssMb(), r.jvmNative().get(r.jvmNative().size() - 1).rssMb()));
            }
            if (!r.settled().isEmpty()) {
                sb.append(String.format(Locale.ROOT, "    settled (a full collection and a trim of the C heap "
                                + "between sweeps, every %.0f min): %d readings, %.0f MB first, %.0f MB last; "
                                + "slope %+.1f MB/hour after the first tenth%n", o.settleMinutes(), r.settled().size(),
                        r.settled().get(0).rssMb(), r.settled().get(r.settled().size() - 1).rssMb(),
                        r.settledSlopeMbPerHour()));
            }
            r.crashes().forEach(c -> sb.append("    crash: exit ").append(c.exitCode()).append(", ").append(c.frame())
                    .append(c.thread().isEmpty() ? "" : "; " + c.thread()).append(c.errorFile().isEmpty() ? ""
                            : " (" + c.errorFile() + ")").append('\n'));
            r.differing().stream().limit(10).forEach(d -> sb.append("    differs: ").append(d).append('\n'));
        }
        return sb.toString();
    }

    static String json(List<ModeReport> reports, Options o) {
        ArrayNode modes = Json.array();
        for (ModeReport r : reports) {
            ObjectNode m = Json.object().put("mode", r.mode().key()).put("minutes", r.minutes())
                    .put("worker_jvms", r.workers()).put("sweeps", r.sweeps()).put("trainings", r.trainings())
                    .put("not_ok", r.notOk()).put("native_crashes", r.crashes().size())
                    .put("differing_results", r.differing().size()).put("rss_early_mb", r.rssMedianMb(false))
                    .put("rss_end_mb", r.rssMedianMb(true)).put("rss_peak_mb", r.rssMaxMb())
                    .put("rss_slope_mb_per_hour", r.rssSlopeMbPerHour())
                    .put("settled_rss_slope_mb_per_hour", r.settledSlopeMbPerHour());
            ArrayNode crashes = Json.array();
            r.crashes().forEach(c -> crashes.add(Json.object().put("exit_code", c.exitCode()).put("frame", c.frame())
                    .put("thread", c.thread()).put("error_file", c.errorFile())));
            m.set("crashes", crashes);
            ArrayNode differing = Json.array();
            r.differing().forEach(differing::add);
            m.set("differing", differing);
            m.set("rss_mb", series(r.rss()));
            m.set("heap_committed_mb", series(r.heap()));
            m.set("offheap_mb", series(r.offHeap()));
            m.set("jvm_native_mb", series(r.jvmNative()));
            m.set("settled_rss_mb", series(r.settled()));
            modes.add(m);
        }
        ObjectNode root = Json.object().put("conf", o.conf().getPath()).put("minutes_per_mode", o.minutes())
                .put("master", o.master())
                .put("settle_minutes", o.settleMinutes());
        root.set("sweep_sets", Json.node(o.sweepSets()));
        root.set("soak", modes);
        return Json.line(root);
    }

    /** [minutes, MB] pairs. */
    private static ArrayNode series(List<Sample> samples) {
        ArrayNode out = Json.array();
        samples.forEach(s -> out.add(Json.node(List.of(s.minutes(), s.rssMb()))));
        return out;
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", root, e.getMessage());
        }
    }
}
