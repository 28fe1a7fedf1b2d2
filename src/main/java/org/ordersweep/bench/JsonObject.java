package org.ordersweep.bench;

import org.ordersweep.results.Json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered JSON object rendered on one line, for the bench's {@code --format json}. Values: strings, numbers
 * (NaN and infinities become null, so a missing measurement reads as null rather than breaking parsers), booleans,
 * null, lists, nested objects and {@link Spread}s.
 */
public final class JsonObject {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    public JsonObject put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    public Object get(String key) {
        return fields.get(key);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        fields.forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(Json.quote(k)).append(':').append(value(v));
        });
        return sb.append('}').toString();
    }

    static String value(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return Json.quote(s);
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
        if (v instanceof Spread s) {
            return s.isEmpty() ? "null" : new JsonObject().put("median", s.median()).put("min", s.min())
                    .put("max", s.max()).put("runs", s.runs()).toString();
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
}
