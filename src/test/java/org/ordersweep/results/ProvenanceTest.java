package org.ordersweep.results;

import com.fasterxml.jackson.core.type.TypeReference;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProvenanceTest {

    private static List<Path> committed() throws Exception {
        try (Stream<Path> files = Files.walk(Path.of("docs", "experiments"))) {
            return files.filter(f -> f.getFileName().toString().equals("provenance.json")).sorted().toList();
        }
    }

    @Test
    void theCommittedRunsKeepTheirTestSetSize() throws Exception {
        List<Path> files = committed();
        assertFalse(files.isEmpty());
        for (Path f : files) {
            String text = Files.readString(f);
            if (text.contains("\"test_examples\"")) {
                int expected = f.toString().contains("quickstart") ? 1000 : 10000;
                // A string in runs recorded before numbers were written as numbers, a number since.
                assertTrue(text.contains("\"test_examples\": \"" + expected + "\"")
                        || text.contains("\"test_examples\": " + expected + ","), f.toString());
                assertEquals(expected, Provenance.testExamples(text), f.toString());
            } else {
                // A run from before the size was recorded: the analysis then derives no margin from it.
                assertEquals(0, Provenance.testExamples(text), f.toString());
            }
            // Written again, every field of these files comes out byte for byte as it was.
            Map<String, Object> fields = Json.mapper().readValue(text, new TypeReference<LinkedHashMap<String, Object>>() {
            });
            assertEquals(text, Provenance.toJson(fields), f.toString());
        }
    }

    @Test
    void numbersAreWrittenAsNumbersAndReadBack() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("sweep_id", "abc");
        p.put("test_examples", 10000);
        p.put("class_names", "T-shirt/top, Trouser");
        String text = Provenance.toJson(p);
        assertEquals("{\n  \"sweep_id\": \"abc\",\n  \"test_examples\": 10000,\n"
                + "  \"class_names\": \"T-shirt/top, Trouser\"\n}\n", text);
        assertEquals(10000, Provenance.testExamples(text));
    }

    @Test
    void aMissingOrUnreadableSizeIsZero() {
        assertEquals(0, Provenance.testExamples("{\n  \"sweep_id\": \"abc\"\n}\n"));
        assertEquals(0, Provenance.testExamples("{\"test_examples\": \"many\"}"));
        assertEquals(0, Provenance.testExamples("not json"));
    }
}
