package org.ordersweep.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ordersweep.ConsoleCapture;
import org.ordersweep.results.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The soak as it runs for hours, in short: real worker JVMs training real sweeps in both execution modes, their
 * memory read from /proc, their results compared with their first run's to the last bit; and a worker that dies in
 * native code is named from its JVM error report and replaced.
 */
class SoakTest {

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @TempDir
    Path dir;

    private JsonNode soak(String... extra) throws Exception {
        String[] base = {"--soak-dir", dir.toString(), "--sweep-trials", "2", "--sweep-samples", "256",
                "--sweep-epochs", "1", "--soak-sample-seconds", "1", "--format", "json", "--skip-torch"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        assertEquals(0, BenchMain.execute(args), console.err());
        return Json.read(console.out().strip());
    }

    @Test
    void aShortSoakInBothModesTrainsAgainAndAgainWithTheSameResults() throws Exception {
        JsonNode r = soak("--soak", "0.75", "--soak-settle-minutes", "0");
        assertEquals(2, r.get("soak").size());
        for (JsonNode m : r.get("soak")) {
            String mode = m.get("mode").asText();
            assertTrue(m.get("sweeps").asInt() >= 2, mode + ": " + m);
            // 2 classes x 2 seeds per sweep, every one trained again in each sweep's fresh folder.
            assertEquals(4 * m.get("sweeps").asInt(), m.get("trainings").asInt(), mode);
            assertEquals(0, m.get("not_ok").asInt(), mode);
            assertEquals(0, m.get("native_crashes").asInt(), mode + ": " + m.get("crashes"));
            assertEquals(1, m.get("worker_jvms").asInt(), mode);
            assertEquals(0, m.get("differing_results").asInt(), mode + ": " + m.get("differing"));
            assertTrue(m.get("rss_mb").size() >= 10, mode);
            assertTrue(m.get("rss_peak_mb").asDouble() > 100, mode + ": a JVM training with Spark: "
                    + m.get("rss_peak_mb"));
            assertTrue(Files.exists(dir.resolve(mode).resolve("reference.json")), mode);
            // Settled after every sweep (a full collection and a trim first): a reading per sweep, of a live JVM.
            assertEquals(m.get("sweeps").asInt(), m.get("settled_rss_mb").size(), mode);
            for (var sample : m.get("settled_rss_mb")) {
                assertTrue(sample.get(1).asDouble() > 100, mode + ": " + sample);
            }
            // Every sweep tells the JVM's own memory beside the heap (native memory tracking, on in the worker)
            // from the C heap's: something, and less than the whole process.
            assertEquals(m.get("sweeps").asInt(), m.get("jvm_native_mb").size(), mode);
            for (var sample : m.get("jvm_native_mb")) {
                assertTrue(sample.get(1).asDouble() > 0 && sample.get(1).asDouble() < m.get("rss_peak_mb").asDouble(),
                        mode + ": " + sample);
            }
        }
        assertEquals("trial-parallel", r.get("soak").get(0).get("mode").asText());
        assertEquals("data-parallel", r.get("soak").get(1).get("mode").asText());
    }

    @Test
    void aWorkerThatDiesInNativeCodeIsNamedAndReplaced() throws Exception {
        JsonNode m = soak("--soak", "0.6", "--soak-modes", "trial-parallel", "--soak-crash-after", "1")
                .get("soak").get(0);
        assertEquals(1, m.get("native_crashes").asInt(), m.toString());
        JsonNode crash = m.get("crashes").get(0);
        assertTrue(crash.get("exit_code").asInt() != 0, crash.toString());
        // The frame the JVM's error report names: the write to address 0.
        assertTrue(crash.get("frame").asText().contains("Unsafe_Put"), crash.toString());
        assertTrue(crash.get("thread").asText().startsWith("Current thread"), crash.toString());
        assertTrue(Files.exists(Path.of(crash.get("error_file").asText())), crash.toString());
        assertTrue(m.get("worker_jvms").asInt() >= 2, "started again after the crash: " + m);
        assertTrue(m.get("sweeps").asInt() >= 1, m.toString());
        assertEquals(0, m.get("differing_results").asInt(), m.get("differing").toString());
    }

    @Test
    void badSoakSettingsAreRefusedWithOneLine() {
        assertEquals(2, BenchMain.execute("--soak", "0"));
        assertEquals("ordersweep: --soak = 0.0: must be minutes in (0, 10080]", console.err().strip());
        console.reset();
        assertEquals(2, BenchMain.execute("--soak", "1", "--soak-modes", "trial-parallel,auto"));
        assertEquals("ordersweep: --soak-modes = trial-parallel,auto: each must be trial-parallel or data-parallel",
                console.err().strip());
        console.reset();
        assertEquals(2, BenchMain.execute("--soak", "1", "--soak-settle-minutes", "-1"));
        assertEquals("ordersweep: --soak-settle-minutes = -1.0: must be minutes in [0, 1440]", console.err().strip());
    }

    @Test
    void theSlopeIsLeastSquaresInMegabytesAnHourFromTheGivenMinute() {
        // 2 MB a minute from minute 6 on (120 MB/hour); what comes before, the warm-up, is left out.
        List<Soak.Sample> samples = List.of(new Soak.Sample(0, 900), new Soak.Sample(5, 100), new Soak.Sample(6, 1000),
                new Soak.Sample(8, 1004), new Soak.Sample(10, 1008), new Soak.Sample(16, 1020));
        assertEquals(120, Soak.slopeMbPerHour(samples, 6), 1e-9);
        // Symmetric noise about a flat level: no slope.
        assertEquals(0, Soak.slopeMbPerHour(List.of(new Soak.Sample(1, 10), new Soak.Sample(2, 12),
                new Soak.Sample(3, 10)), 0), 1e-9);
        assertTrue(Double.isNaN(Soak.slopeMbPerHour(samples.subList(0, 4), 6)), "fewer than three samples");
        assertTrue(Double.isNaN(Soak.slopeMbPerHour(List.of(new Soak.Sample(7, 1), new Soak.Sample(7, 2),
                new Soak.Sample(7, 3)), 6)), "no spread in time");
    }
}
