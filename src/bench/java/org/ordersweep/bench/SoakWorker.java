package org.ordersweep.bench;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.results.Json;
import org.ordersweep.results.ResultStore;
import org.ordersweep.results.TrialStatus;
import org.ordersweep.train.SweepIdentity;
import org.ordersweep.train.SweepRunner;

import javax.management.JMException;
import javax.management.ObjectName;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak's worker, a JVM of its own that the soak ({@link Soak}) starts and watches: one Spark session for its
 * whole life, as a long sweep's driver has, running the same small sweep again and again (verification, concurrent
 * training, evaluation, inference timing, results written to Parquet) until the deadline. Every trial's accuracy and
 * loss are compared with the first run's, kept in {@code reference.json} so that a worker started again after a
 * crash compares with the same numbers. One JSON line per sweep on stdout; everything else goes to stderr.
 */
public final class SoakWorker {

    /** A deliberate native crash after this many sweeps (the soak's own test of its crash report); 0 = never. */
    static final String CRASH_AFTER = "ordersweep.soak.crash-after";
    /** Minutes between settled readings of resident memory ({@link #settledRssMb}); 0 = after every sweep. */
    static final String SETTLE_MINUTES = "ordersweep.soak.settle-minutes";
    /** The default of the soak's --soak-settle-minutes, and of a worker started without the setting. */
    static final String DEFAULT_SETTLE_MINUTES = "5";

    private static final Pattern TOTAL_COMMITTED = Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB");
    private static final Pattern HEAP_COMMITTED = Pattern.compile("Java Heap \\(reserved=\\d+KB, committed=(\\d+)KB");

    private SoakWorker() {
    }

    /**
     * Arguments: the soak folder, the deadline (epoch milliseconds), the Spark master, the configuration file, then
     * --set overrides.
     */
    public static void main(String[] args) throws IOException {
        PrintStream out = System.out;
        System.setOut(System.err); // stdout carries only the sweep lines
        Path dir = Path.of(args[0]);
        long deadline = Long.parseLong(args[1]);
        String master = args[2];
        File conf = new File(args[3]);
        List<String> sets = Arrays.asList(args).subList(4, args.length);
        int crashAfter = Integer.getInteger(CRASH_AFTER, 0);
        long settleMillis = (long) (Double.parseDouble(System.getProperty(SETTLE_MINUTES, DEFAULT_SETTLE_MINUTES))
                * 60_000);
        long settledAt = System.currentTimeMillis();
        SweepConfig base = ConfigLoader.load(conf, sets);
        SparkSession spark = SparkSession.builder().config(BenchRunner.sparkConf(base, master))
                .getOrCreate();
        try {
            DataLoader.TrainTest data = DataLoader.load(base, spark.sparkContext().hadoopConfiguration());
            Path referenceFile = dir.resolve("reference.json");
            Map<String, double[]> reference = Files.exists(referenceFile) ? read(referenceFile) : null;
            for (int sweep = 1; System.currentTimeMillis() < deadline; sweep++) {
                Path output = Files.createDirectories(dir.resolve("sweep"));
                SweepConfig config = ConfigLoader.load(conf, concat(sets, "output.dir=" + output));
                long t0 = System.nanoTime();
                SweepRunner.Summary s = SweepRunner.run(spark, config, data,
                        SweepIdentity.of(config, data), SweepRunner.Failed.RETRY, () -> { });
                double seconds = (System.nanoTime() - t0) / 1e9;
                Map<String, double[]> results = results(spark, output.toString(), s.sweepId());
                if (reference == null) {
                    reference = results;
                    Files.writeString(referenceFile, json(results) + "\n");
                }
                Runtime rt = Runtime.getRuntime();
                // Where resident memory goes: the Java heap (committed, used) and everything beside it (ND4J's
                // arrays and workspaces, which JavaCPP's own counters do not see, code, metaspace, thread stacks).
                double heapMb = rt.totalMemory() / 1048576.0;
                double rssMb = Soak.rssMb(ProcessHandle.current().pid());
                ObjectNode line = Json.object().put("sweep", sweep).put("trainings", s.trainedNow())
                        .put("not_ok", s.notOk()).put("seconds", seconds)
                        .put("heap_committed_mb", heapMb)
                        .put("heap_used_mb", (rt.totalMemory() - rt.freeMemory()) / 1048576.0)
                        .put("offheap_mb", rssMb - heapMb);
                double jvmNative = jvmNativeMb();
                if (Double.isFinite(jvmNative)) {
                    // Beside the heap, what is the JVM's own (its native memory tracking): the rest of offheap_mb is
                    // the C heap of libnd4j, oneDNN and OpenBLAS, which the JVM does not see.
                    line.put("jvm_native_mb", jvmNative);
                }
                if (System.currentTimeMillis() - settledAt >= settleMillis) {
                    line.put("settled_rss_mb", settledRssMb());
                    settledAt = System.currentTimeMillis();
                }
                line.set("differ", differences(reference, results));
                out.println(Json.line(line));
                out.flush();
                Soak.deleteTree(output);
                if (crashAfter > 0 && sweep >= crashAfter) {
                    NativeCrash.now();
                }
            }
        } finally {
            spark.stop();
        }
    }

    /**
     * Resident memory with nothing waiting to be freed, in MB: between sweeps no trial holds arrays, so after a full
     * collection, time for ND4J's and JavaCPP's deallocator threads to free what it found, and a trim of the C heap
     * (glibc keeps freed memory in its arenas until trimmed), what is still resident is retained. Off-heap arrays are
     * freed only once the collector finds them, so the plain samples saw up and down with the collections a sweep's
     * trials run on growth; these readings do not.
     */
    static double settledRssMb() {
        try {
            System.gc();
            Thread.sleep(1000);
            System.gc();
            Thread.sleep(1000);
            diagnosticCommand("systemTrimNativeHeap");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (JMException e) {
            // A JVM without the trim command: the reading then includes what glibc keeps.
        }
        return Soak.rssMb(ProcessHandle.current().pid());
    }

    private static Object diagnosticCommand(String name, String... args) throws JMException {
        return ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), name, new Object[]{args},
                new String[]{String[].class.getName()});
    }

    /**
     * The JVM's own memory beside the heap (metaspace, thread stacks, code, the collector's structures), committed, as
     * its native memory tracking counts it, in MB; NaN when tracking is off.
     */
    static double jvmNativeMb() {
        try {
            Object text = diagnosticCommand("vmNativeMemory", "summary");
            Matcher total = TOTAL_COMMITTED.matcher(String.valueOf(text));
            Matcher heap = HEAP_COMMITTED.matcher(String.valueOf(text));
            return total.find() && heap.find() ? (Long.parseLong(total.group(1)) - Long.parseLong(heap.group(1)))
                    / 1024.0 : Double.NaN;
        } catch (JMException e) {
            return Double.NaN;
        }
    }

    /** Trial id -> (test accuracy, test loss) of the sweep's trained trials that ended ok. */
    private static Map<String, double[]> results(SparkSession spark, String dir, String sweepId) {
        Map<String, double[]> out = new TreeMap<>();
        for (Row r : new ResultStore(spark, dir).trials().where(col("sweep_id").equalTo(sweepId)
                .and(col("representative")).and(col("status").equalTo(TrialStatus.OK.key())))
                .select("trial_id", "test_accuracy", "test_loss").collectAsList()) {
            out.put(r.getString(0), new double[]{r.getDouble(1), r.getDouble(2)});
        }
        return out;
    }

    /** The trials whose accuracy or loss is not the reference's to the last bit, or that one side lacks. */
    private static ArrayNode differences(Map<String, double[]> reference, Map<String, double[]> results) {
        ArrayNode out = Json.array();
        TreeMap<String, double[]> all = new TreeMap<>(reference);
        results.forEach(all::putIfAbsent);
        all.keySet().forEach(id -> {
            double[] a = reference.get(id);
            double[] b = results.get(id);
            if (a == null || b == null || Double.doubleToLongBits(a[0]) != Double.doubleToLongBits(b[0])
                    || Double.doubleToLongBits(a[1]) != Double.doubleToLongBits(b[1])) {
                ObjectNode d = Json.object().put("trial_id", id);
                d.set("reference", a == null ? null : Json.node(List.of(Double.toString(a[0]), Double.toString(a[1]))));
                d.set("now", b == null ? null : Json.node(List.of(Double.toString(b[0]), Double.toString(b[1]))));
                out.add(d);
            }
        });
        return out;
    }

    private static String json(Map<String, double[]> results) {
        ObjectNode o = Json.object();
        results.forEach((id, v) -> o.set(id, Json.node(List.of(Double.toString(v[0]), Double.toString(v[1])))));
        return Json.line(o);
    }

    /** Exact doubles, written as Java spells them (no rounding to six digits). */
    private static Map<String, double[]> read(Path file) throws IOException {
        Map<String, double[]> out = new TreeMap<>();
        Json.read(Files.readString(file)).fields().forEachRemaining(e -> out.put(e.getKey(), new double[]{
                Double.parseDouble(e.getValue().get(0).asText()), Double.parseDouble(e.getValue().get(1).asText())}));
        return out;
    }

    private static List<String> concat(List<String> a, String b) {
        List<String> out = new ArrayList<>(a);
        out.add(b);
        return out;
    }
}
