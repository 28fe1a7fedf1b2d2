package org.ordersweep.config;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run's config.conf, read back by the analysis, gives the values the run was configured with. */
class RecordedConfigTest {

    /** The same HOCON value, whatever its spacing. */
    private static void assertSameValue(String expected, String actual, String where) {
        assertEquals(ConfigFactory.parseString("v = " + expected).getValue("v"),
                ConfigFactory.parseString("v = " + actual).getValue("v"), where);
    }

    @Test
    void everyCommittedRunReadsBackLineByLine() throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("docs", "experiments"))) {
            files = walk.filter(f -> f.getFileName().toString().equals("config.conf")).sorted().toList();
        }
        assertFalse(files.isEmpty());
        for (Path f : files) {
            String text = Files.readString(f);
            Map<String, String> recorded = SweepConfig.parseRendered(text);
            List<String> lines = text.lines().filter(l -> l.contains(" = ")).toList();
            assertEquals(lines.size(), recorded.size(), f.toString());
            for (String line : lines) {
                String key = line.substring(0, line.indexOf(" = "));
                String value = line.substring(line.indexOf(" = ") + 3);
                assertTrue(recorded.containsKey(key), f + ": " + key);
                // Numbers may come back in another spelling (0.0 as 0), strings quoted as they were.
                assertSameValue(value, recorded.get(key), f + ": " + key);
                if (value.startsWith("\"")) {
                    assertEquals(value, recorded.get(key), f + ": " + key);
                }
            }
        }
    }

    @Test
    void aRenderedConfigurationReadsBackAsItsResolvedValues() {
        SweepConfig c = ConfigLoader.load(null, List.of("sweep.seeds=5", "sweep.racing.enabled=true",
                "sweep.racing.min-seeds=2", "model.dropout=0.3", "sweep.learning-rates=[0.01,0.001]",
                "spark.master=local[2]", "spark.conf.\"spark.executor.memory\"=4g", "analysis.control=\"\""));
        Map<String, String> recorded = SweepConfig.parseRendered(c.render());
        assertEquals(c.resolved().keySet(), recorded.keySet());
        c.resolved().forEach((k, v) -> assertSameValue(v, recorded.get(k), k));
        assertEquals("\"local[2]\"", recorded.get("spark.master"));
        assertEquals("0.3", recorded.get("model.dropout"));
        assertEquals(new SweepConfig.Racing(2, 5, ComparisonRule.PAIRED), SweepConfig.racing(recorded));
        Map<String, String> pooled = SweepConfig.parseRendered(ConfigLoader.load(null, List.of(
                "sweep.seeds=4", "sweep.racing.enabled=true", "sweep.racing.rule=pooled")).render());
        assertEquals(ComparisonRule.POOLED, SweepConfig.racing(pooled).rule());
    }

    @Test
    void aRaceRecordedBeforeRulesExistedRanWithThePooledRule() throws Exception {
        // The committed Fashion-MNIST sweep raced before sweep.racing.rule existed: it is replayed as it ran.
        Path conf;
        try (var files = Files.walk(Path.of("docs", "experiments", "fashion-mnist", "runs"))) {
            conf = files.filter(f -> f.getFileName().toString().equals("config.conf")).sorted().toList().get(0);
        }
        Map<String, String> recorded = SweepConfig.parseRendered(Files.readString(conf));
        assertFalse(recorded.containsKey("sweep.racing.rule"));
        assertEquals(new SweepConfig.Racing(9, 12, ComparisonRule.POOLED), SweepConfig.racing(recorded));
    }

    @Test
    void aDamagedRecordIsAnError() {
        ConfigError e = assertThrows(ConfigError.class, () -> SweepConfig.parseRendered("sweep.seeds = [1,"));
        assertTrue(e.getMessage().startsWith("recorded config.conf: "), e.getMessage());
    }
}
