package org.ordersweep.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.ordersweep.bench.Spread;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {

    @Test
    void rendersOneOrderedLineThatParses() throws Exception {
        Map<String, Object> byMode = new LinkedHashMap<>();
        byMode.put("trial-parallel", 0.5);
        byMode.put("data-parallel", Double.NaN);
        ObjectNode o = Json.object()
                .put("name", "a \"quoted\"\nname")
                .put("count", 3)
                .put("big", 12_345_678_901L)
                .put("ratio", 1.0 / 3)
                .put("missing", (String) null)
                .put("nan", Double.NaN)
                .put("flag", true);
        o.set("list", Json.node(Arrays.asList(1, "two", null)));
        o.set("nested", Json.object().put("x", 1.5));
        o.set("map", Json.node(byMode));
        o.set("spread", Spread.of(List.of(3.0, 1.0, 2.0)).json());
        o.set("no_spread", Spread.NONE.json());
        String json = Json.line(o);
        assertEquals("{\"name\":\"a \\\"quoted\\\"\\nname\",\"count\":3,\"big\":12345678901,\"ratio\":0.333333,"
                + "\"missing\":null,\"nan\":null,\"flag\":true,\"list\":[1,\"two\",null],\"nested\":{\"x\":1.5},"
                + "\"map\":{\"trial-parallel\":0.5,\"data-parallel\":null},"
                + "\"spread\":{\"median\":2,\"min\":1,\"max\":3,\"runs\":[3,1,2]},\"no_spread\":null}", json);
        JsonNode root = Json.read(json);
        assertEquals("a \"quoted\"\nname", root.get("name").asText());
        assertEquals(12_345_678_901L, root.get("big").asLong());
        assertTrue(root.get("map").get("data-parallel").isNull());
        assertEquals(3, root.get("spread").get("runs").size());
    }

    @Test
    void numbersKeepSixSignificantDigitsAndIntegralValuesStayIntegral() {
        assertEquals("1234.57", Json.number(1234.5678));
        assertEquals("0.0712346", Json.number(0.07123456));
        assertEquals("2000", Json.number(2000.0));
        assertEquals("-2.5", Json.number(-2.5));
        assertEquals("null", Json.number(Double.POSITIVE_INFINITY));
        assertEquals("[1234.57,0.0712346,2000,-2.5,null,0,100000000000000000000,0.000000123457,0.3]",
                Json.line(List.of(1234.5678, 0.07123456, 2000.0, -2.5f, Double.NEGATIVE_INFINITY, -0.0, 1e20,
                        1.234567e-7, 0.1 + 0.2)));
    }

    @Test
    void controlCharactersAreEscapedAsLowercaseUnicodeAndOtherTextIsLeftAlone() throws Exception {
        String text = "tab\there\r\n\b\f\u0001\u001f / é ✓ \uD83D\uDE00 \\";
        String json = Json.line(Json.object().put("k\u0007", text));
        assertEquals("{\"k\\u0007\":\"tab\\there\\r\\n\\u0008\\u000c\\u0001\\u001f / é ✓ \uD83D\uDE00 \\\\\"}", json);
        assertEquals(text, Json.read(json).get("k\u0007").asText());
    }

    @Test
    void prettyPutsOneTopLevelFieldPerLine() throws Exception {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("sweep_id", "abc");
        p.put("note", "two\nlines");
        p.put("test_examples", 10000);
        p.put("nested", Map.of("a", List.of(1, 2)));
        String text = Json.pretty(p);
        assertEquals("{\n  \"sweep_id\": \"abc\",\n  \"note\": \"two\\nlines\",\n  \"test_examples\": 10000,\n"
                + "  \"nested\": {\"a\":[1,2]}\n}\n", text);
        assertEquals("two\nlines", Json.read(text).get("note").asText());
        assertEquals("{\n}\n", Json.pretty(Map.of()));
    }
}
