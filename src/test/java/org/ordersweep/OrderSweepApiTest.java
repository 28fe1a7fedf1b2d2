package org.ordersweep;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ordersweep.config.ConfigError;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.plan.SweepPlan;
import org.ordersweep.results.SweepLock;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The programmatic API as a notebook uses it: a session that already exists, with Spark's defaults (FIFO scheduling,
 * Java serialisation; none of the settings the command line gives its own sessions), kept alive across calls.
 */
class OrderSweepApiTest extends SparkTestBase {

    @TempDir
    Path dir;

    @Override
    protected SparkConf sessionConf() {
        return new SparkConf().setMaster("local[2]");
    }

    /** The Zeppelin note's own call, OrderSweep.config(...) as its paragraph writes it, with output.dir here. */
    private SweepConfig config() throws Exception {
        var note = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Path.of("notebooks",
                "ordersweep.zpln").toFile());
        String text = "";
        for (var p : note.get("paragraphs")) {
            if (p.get("text").asText().contains("OrderSweep.run(spark, config)")) {
                text = p.get("text").asText();
            }
        }
        java.util.regex.Matcher call = java.util.regex.Pattern.compile("OrderSweep\\.config\\(([^)]*)\\)",
                java.util.regex.Pattern.DOTALL).matcher(text);
        assertTrue(call.find(), "the note runs a sweep through OrderSweep.config(...) and OrderSweep.run");
        java.util.List<String> args = new java.util.ArrayList<>();
        java.util.regex.Matcher quoted = java.util.regex.Pattern.compile("\"([^\"]*)\"").matcher(call.group(1));
        while (quoted.find()) {
            args.add(quoted.group(1));
        }
        args.replaceAll(a -> a.startsWith("output.dir=") ? "output.dir=" + dir.resolve("results") : a);
        args.add("output.record-every=0");
        return OrderSweep.config(args.get(0), args.subList(1, args.size()).toArray(String[]::new));
    }

    @Test
    void aNotebookSessionPlansRunsResumesAndAnalyses() throws Exception {
        SweepConfig c = config();
        SweepPlan plan = OrderSweep.plan(spark, c);
        // conv, bn and act: 6 orderings; relu commutes with neither, so 6 classes at 2 seeds.
        assertEquals(12, plan.trials().size());
        OrderSweep.Run first = OrderSweep.run(spark, c);
        assertEquals(12, first.summary().trainedNow());
        assertTrue(first.allOk());
        assertEquals(6, first.ranking().size());
        assertTrue(Files.exists(Path.of(first.analysis().reportPath().replace("file:", ""))));
        assertFalse(spark.sparkContext().isStopped(), "the caller's session is never stopped");

        OrderSweep.Run again = OrderSweep.run(spark, c);
        assertEquals(first.summary().sweepId(), again.summary().sweepId());
        assertEquals(0, again.summary().trainedNow());
        assertEquals(12, again.summary().skipped());
        assertEquals(first.analysis().findings().size(), OrderSweep.analyze(spark, c, null).findings().size());
        assertFalse(spark.sparkContext().isStopped());
    }

    @Test
    void errorsAreTheCommandLinesOneLineMessages() {
        ConfigError bad = assertThrows(ConfigError.class, () -> OrderSweep.config("conf/quickstart.conf",
                "sweep.seeds=0"));
        assertEquals("sweep.seeds = 0 (--set): must be an integer >= 1", bad.getMessage());
        ConfigError missing = assertThrows(ConfigError.class, () -> OrderSweep.analyze(spark,
                OrderSweep.config(null, "output.dir=" + dir.resolve("nothing-here")), null));
        assertTrue(missing.getMessage().contains("nothing-here"), missing.getMessage());
        // Another run holds the folder: refused before anything is written, the lock left with its holder.
        String out = dir.resolve("locked").toString();
        try (SweepLock held = SweepLock.acquire(out, spark.sparkContext().hadoopConfiguration())) {
            SweepConfig c = OrderSweep.config("conf/quickstart.conf", "output.dir=" + out);
            assertThrows(SweepLock.Held.class, () -> OrderSweep.run(spark, c));
            held.check();
        }
        assertFalse(Files.exists(dir.resolve("locked").resolve("trials")));
        assertFalse(spark.sparkContext().isStopped());
    }
}
