package org.ordersweep.results;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The project's one JSON writer: an ordered object rendered on one line (plan, bench, progress, replay) or with one
 * field per line (provenance.json). Values: strings, numbers (six significant digits; NaN and infinities become null,
 * so a missing measurement reads as null rather than breaking parsers), booleans, null, lists, maps, nested objects
 * and anything {@link Renderable}.
 */
public final class JsonObject {

    /** A value that knows its JSON form (e.g. the bench's spreads). */
    public interface Renderable {
        /** The value to render instead: a JsonObject, a number, null, ... */
        Object json();
    }

    private final Map<String, Object> fields = new LinkedHashMap<>();

    public JsonObject put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    public Object get(String key) {
        return fields.get(key);
    }

    /** Every field of a map of strings, in its order. */
    public static JsonObject of(Map<String, String> fields) {
        JsonObject o = new JsonObject();
        fields.forEach(o::put);
        return o;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        fields.forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(quote(k)).append(':').append(value(v));
        });
        return sb.append('}').toString();
    }

    /** One top-level field per line, for files people read (provenance.json). */
    public String pretty() {
        StringBuilder sb = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            sb.append("  ").append(quote(e.getKey())).append(": ").append(value(e.getValue()))
                    .append(++i < fields.size() ? ",\n" : "\n");
        }
        return sb.append("}\n").toString();
    }

    static String value(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return quote(s);
        }
        if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
            return v.toString();
        }
        if (v instanceof Number n) {
            return number(n.doubleValue());
        }
        if (v instanceof JsonObject o) {
            return o.toString();
        }
        if (v instanceof Renderable r) {
            return value(r.json());
        }
        if (v instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            for (Object item : list) {
                if (sb.length() > 1) {
                    sb.append(',');
                }
                sb.append(value(item));
            }
            return sb.append(']').toString();
        }
        if (v instanceof Map<?, ?> map) {
            JsonObject o = new JsonObject();
            map.forEach((k, x) -> o.put(String.valueOf(k), x));
            return o.toString();
        }
        throw new IllegalArgumentException("no JSON form for " + v.getClass().getName());
    }

    /** Six significant digits: measurements are far noisier than that, and the line stays readable. */
    static String number(double d) {
        if (!Double.isFinite(d)) {
            return "null";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return new BigDecimal(d).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /** A JSON string literal. */
    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
