package org.ordersweep.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.ordersweep.bench.Spread;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonObjectTest {

    @Test
    void rendersOneOrderedLineThatParses() throws Exception {
        Map<String, Object> byMode = new LinkedHashMap<>();
        byMode.put("trial-parallel", 0.5);
        byMode.put("data-parallel", Double.NaN);
        String json = new JsonObject()
                .put("name", "a \"quoted\"\nname")
                .put("count", 3)
                .put("big", 12_345_678_901L)
                .put("ratio", 1.0 / 3)
                .put("missing", null)
                .put("nan", Double.NaN)
                .put("flag", true)
                .put("list", Arrays.asList(1, "two", null))
                .put("nested", new JsonObject().put("x", 1.5))
                .put("map", byMode)
                .put("spread", Spread.of(List.of(3.0, 1.0, 2.0)))
                .put("no_spread", Spread.NONE)
                .toString();
        assertFalse(json.contains("\n"));
        assertTrue(json.startsWith("{\"name\":"));
        JsonNode root = new ObjectMapper().readTree(json);
        assertEquals("a \"quoted\"\nname", root.get("name").asText());
        assertEquals(3, root.get("count").asInt());
        assertEquals(12_345_678_901L, root.get("big").asLong());
        assertEquals(0.333333, root.get("ratio").asDouble(), 1e-12);
        assertTrue(root.get("missing").isNull());
        assertTrue(root.get("nan").isNull());
        assertTrue(root.get("flag").asBoolean());
        assertEquals("two", root.get("list").get(1).asText());
        assertEquals(1.5, root.get("nested").get("x").asDouble());
        assertEquals(0.5, root.get("map").get("trial-parallel").asDouble());
        assertTrue(root.get("map").get("data-parallel").isNull());
        assertEquals(2.0, root.get("spread").get("median").asDouble());
        assertEquals(1.0, root.get("spread").get("min").asDouble());
        assertEquals(3, root.get("spread").get("runs").size());
        assertTrue(root.get("no_spread").isNull());
    }

    @Test
    void numbersKeepSixSignificantDigitsAndIntegralValuesStayIntegral() {
        assertEquals("1234.57", JsonObject.number(1234.5678));
        assertEquals("0.0712346", JsonObject.number(0.07123456));
        assertEquals("2000", JsonObject.number(2000.0));
        assertEquals("-2.5", JsonObject.number(-2.5));
        assertEquals("null", JsonObject.number(Double.POSITIVE_INFINITY));
    }

    @Test
    void prettyPutsOneFieldPerLine() throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("sweep_id", "abc");
        p.put("note", "two\nlines");
        String text = JsonObject.of(p).pretty();
        assertEquals("{\n  \"sweep_id\": \"abc\",\n  \"note\": \"two\\nlines\"\n}\n", text);
        assertEquals("two\nlines", new ObjectMapper().readTree(text).get("note").asText());
    }
}
