package org.ordersweep.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ordersweep.ConsoleCapture;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as users and schedulers see it: exit codes, stdout and one-line errors. */
class MainTest {

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @TempDir
    Path dir;

    /** ordersweep's own lines: Spark's logging may print first, depending on which test initialised it. */
    private String reported() {
        return String.join("\n", console.err().lines().filter(l -> l.startsWith("ordersweep: ")).toList());
    }

    @Test
    void planPrintsOneJsonLine() {
        assertEquals(0, Main.execute("plan", "--conf", "conf/quickstart.conf", "--format", "json"));
        String[] lines = console.out().strip().split("\n");
        assertEquals(1, lines.length);
        assertTrue(lines[0].startsWith("{") && lines[0].endsWith("}"));
        assertTrue(lines[0].contains("\"orderings\":120,"), lines[0]);
        // relu commutes with max-pooling and with inverted dropout: 72 classes, one trial each.
        assertTrue(lines[0].contains("\"classes\":72,"), lines[0]);
        assertTrue(lines[0].contains("\"trials\":72,"), lines[0]);
    }

    @Test
    void planWithoutDedupeTrainsEveryOrdering() {
        assertEquals(0, Main.execute("plan", "--conf", "conf/quickstart.conf", "--format", "json", "--set",
                "sweep.dedupe=false"));
        assertTrue(console.out().contains("\"orderings\":120,"), console.out());
        assertTrue(console.out().contains("\"classes\":120,"), console.out());
        assertTrue(console.out().contains("\"trials\":120,"), console.out());
    }

    @Test
    void planCountsConstraintsActivationsAndSeeds() {
        assertEquals(0, Main.execute("plan", "--conf", "conf/quickstart.conf", "--format", "json",
                "--set", "sweep.constraints=[conv first]", "--set", "sweep.activations=[relu,tanh]",
                "--set", "sweep.seeds=3"));
        assertTrue(console.out().contains("\"orderings\":24,"), console.out());
        // conv first: relu 12 classes (bn, pool, dropout in 6 orders x act before or after bn), tanh 18 (act swaps
        // only with pool); 3 seeds each. Orderings equivalent under both activations: tanh's 18 classes.
        assertTrue(console.out().contains("\"combinations\":144,"), console.out());
        assertTrue(console.out().contains("\"trials\":" + (12 + 18) * 3 + ","), console.out());
        assertTrue(console.out().contains("\"classes\":18,"), console.out());
    }

    @Test
    void planCountsBlocksAndLearningRates() {
        assertEquals(0, Main.execute("plan", "--conf", "conf/ablation-lr.conf", "--format", "json"));
        String out = console.out();
        assertTrue(out.contains("\"blocks\":[[\"conv\",\"bn\",\"act\",\"pool\",\"dropout\"],[\"conv\",\"act\","
                + "\"pool\",\"dropout\"]]"), out);
        assertTrue(out.contains("\"learning_rates\":[0.0003,0.003,0.03]"), out);
        // conv first, dropout last: 6 orderings with bn, 2 without; for relu 4 + 1 classes; 3 rates x 6 seeds.
        assertTrue(out.contains("\"orderings\":8,"), out);
        assertTrue(out.contains("\"combinations\":144,"), out);
        assertTrue(out.contains("\"trials\":90,"), out);
        // Without dedupe every ordering trains at every rate and seed: more compute, never less.
        double with = Double.parseDouble(out.replaceAll(".*\"train_tflop\":([0-9.]+).*\\s*", "$1"));
        double without = Double.parseDouble(out.replaceAll(".*\"train_tflop_without_dedupe\":([0-9.]+).*\\s*",
                "$1"));
        assertTrue(without > with, out);
    }

    @Test
    void planOfTheExperimentCountsEachActivationsOwnOrderingsAndItsCoreHours() {
        assertEquals(0, Main.execute("plan", "--conf", "conf/experiment-fashion-mnist.conf", "--format", "json",
                "--set", "data.path=", "--core-gflops", "20"));
        String out = console.out();
        // relu: 24 conv-first orderings in 12 classes; mish: conv>bn then 6 orders, 6 classes; 10 seeds at most
        assertTrue(out.contains("\"orderings\":24,"), out);
        assertTrue(out.contains("\"orderings_per_activation\":{\"relu\":24,\"mish\":6}"), out);
        assertTrue(out.contains("\"combinations\":" + (24 + 6) * 10 + ","), out);
        assertTrue(out.contains("\"trials\":" + 18 * 10 + ","), out);
        double tflop = Double.parseDouble(out.replaceAll(".*\"train_tflop\":([0-9.]+).*\\s*", "$1"));
        double hours = Double.parseDouble(out.replaceAll(".*\"core_hours\":([0-9.]+).*\\s*", "$1"));
        assertEquals(tflop * 1e3 / 20 / 3600, hours, 0.05 + 1e-9, out);
        assertEquals(2, Main.execute("plan", "--conf", "conf/quickstart.conf", "--core-gflops", "0"));
        assertEquals("ordersweep: --core-gflops = 0.0: must be a number > 0", reported());
    }

    @Test
    void forumExamplePlansItsTwoOrderings() {
        assertEquals(0, Main.execute("plan", "--conf", "conf/forum-example-1d.conf", "--format", "json"));
        assertTrue(console.out().contains("\"orderings\":2,"), console.out());
        assertTrue(console.out().contains("\"ordering_list\":[\"conv>act>pool>dropout>bn\",\"conv>bn>act>pool>dropout\"]"),
                console.out());
    }

    @Test
    void badConfigurationExitsTwoWithOneLineAndNoStackTrace() {
        assertEquals(2, Main.execute("plan", "--conf", "conf/quickstart.conf", "--set", "sweep.activations=[relu,foo]"));
        String e = console.err().strip();
        assertEquals(1, e.split("\n").length, e);
        assertTrue(e.startsWith("ordersweep: sweep.activations = [relu,foo] (--set): must be a non-empty list"), e);
        assertFalse(e.contains("Exception"));
        assertEquals("", console.out());
    }

    @Test
    void runRefusesBadOutputBeforeStartingSpark() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "precious");
        assertEquals(2, Main.execute("run", "--conf", "conf/quickstart.conf", "--master", "local[1]",
                "--set", "output.dir=" + file));
        assertEquals("ordersweep: output.dir = " + file + ": is a file; it must be a folder (or not exist yet)",
                reported());
        assertEquals("precious", Files.readString(file));
    }

    @Test
    void runRefusesMissingDataBeforeStartingSpark() {
        assertEquals(2, Main.execute("run", "--conf", "conf/quickstart.conf", "--master", "local[1]",
                "--set", "data.path=" + dir.resolve("nothing-here"), "--set", "output.dir=" + dir.resolve("o")));
        assertEquals("ordersweep: " + dir.resolve("nothing-here") + ": data.path does not exist", reported());
    }

    @Test
    void replayRefusesAnUnknownRuleBeforeStartingSpark() {
        assertEquals(2, Main.execute("replay", "--conf", "conf/quickstart.conf", "--master", "local[1]",
                "--rule", "welch", "--set", "output.dir=" + dir.resolve("none")));
        assertEquals("ordersweep: --rule = welch: allowed paired, pooled", reported());
    }

    @Test
    void unknownOptionExitsTwo() {
        assertEquals(2, Main.execute("plan", "--nope"));
        assertTrue(console.err().startsWith("ordersweep: Unknown option: '--nope'"), console.err());
    }

    @Test
    void keysPrintsTheReference() {
        assertEquals(0, Main.execute("keys"));
        assertTrue(console.out().contains("| `sweep.block` |"));
    }

    @Test
    void benchIsListedAndSaysHowToRunItOutsideTheApplicationJar() {
        assertEquals(0, Main.execute("--help"));
        assertTrue(console.out().contains("  bench "), console.out());
        for (String[] args : new String[][]{{"bench"}, {"bench", "--help"}, {"bench", "--repeats", "3"}}) {
            console.reset();
            assertEquals(2, Main.execute(args));
            assertEquals("ordersweep: bench: not part of the application jar; run it from a checkout with "
                    + "jobs/ordersweep bench (jobs/ordersweep bench --help lists its options)", console.err().strip());
            assertEquals("", console.out());
        }
    }

    @Test
    void aRunStoppedWithSparkSaysSoInsteadOfFailed() {
        IllegalStateException stopped = new IllegalStateException("Cannot call methods on a stopped SparkContext.\n"
                + "This stopped SparkContext was created at: ...");
        assertTrue(Main.stoppedWithSpark(stopped));
        assertTrue(Main.stoppedWithSpark(new RuntimeException("closing the trial executor", stopped)));
        RuntimeException suppressing = new RuntimeException("recording a batch");
        suppressing.addSuppressed(stopped);
        assertTrue(Main.stoppedWithSpark(suppressing));
        assertFalse(Main.stoppedWithSpark(new IllegalStateException("Cannot call methods on a broken pipe")));
        assertFalse(Main.stoppedWithSpark(new RuntimeException("disk full", new java.io.IOException("No space"))));
    }
}
