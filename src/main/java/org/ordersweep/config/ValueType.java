package org.ordersweep.config;

import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** How one configuration key's value is read and checked; {@link #describe()} is what the user is told is allowed. */
public interface ValueType {

    /** Reads a HOCON value; throws IllegalArgumentException with the reason when the value is not allowed. */
    Object read(ConfigValue value);

    /** Reads the text given to {@code --set KEY=VALUE}. */
    Object readText(String text);

    String describe();

    static ValueType integer(int min) {
        return new Scalar("an integer >= " + min, v -> {
            long n = parseLong(v);
            if (n < min || n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException();
            }
            return (int) n;
        });
    }

    static ValueType longValue() {
        return new Scalar("an integer", ValueType::parseLong);
    }

    /** A number in [min, max) (or [min, max] when maxInclusive). */
    static ValueType number(double min, double max, boolean maxInclusive) {
        String range = "a number in [" + fmt(min) + ", " + fmt(max) + (maxInclusive ? "]" : ")");
        return new Scalar(range, v -> {
            double d;
            try {
                d = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException();
            }
            if (!(d >= min && (maxInclusive ? d <= max : d < max))) {
                throw new IllegalArgumentException();
            }
            return d;
        });
    }

    static ValueType bool() {
        return new Scalar("true or false", v -> switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException();
        });
    }

    static ValueType string() {
        return new Scalar("a string", v -> v);
    }

    static ValueType oneOf(String... allowed) {
        return new Scalar("one of " + String.join(", ", allowed), v -> {
            for (String a : allowed) {
                if (a.equals(v)) {
                    return v;
                }
            }
            throw new IllegalArgumentException();
        });
    }

    /** A list whose items are read by {@code item}; {@code nonEmpty} rejects []. */
    static ValueType list(ValueType item, boolean nonEmpty) {
        return new ListType(item, nonEmpty);
    }

    /** An object of string values, passed through (used for Spark properties). */
    static ValueType stringMap() {
        return new ValueType() {
            @Override
            public Object read(ConfigValue value) {
                if (value.valueType() != ConfigValueType.OBJECT) {
                    throw new IllegalArgumentException();
                }
                Map<String, String> out = new TreeMap<>();
                flatten("", (com.typesafe.config.ConfigObject) value, out);
                return out;
            }

            @Override
            public Object readText(String text) {
                throw new IllegalArgumentException();
            }

            @Override
            public String describe() {
                return "an object of string properties";
            }
        };
    }

    /** Quoted keys ("spark.a.b" = x) and nested ones (spark.a.b = x) both become the dotted property name. */
    private static void flatten(String prefix, com.typesafe.config.ConfigObject object, Map<String, String> out) {
        object.forEach((k, v) -> {
            if (v.valueType() == ConfigValueType.OBJECT) {
                flatten(prefix + k + ".", (com.typesafe.config.ConfigObject) v, out);
            } else if (v.valueType() == ConfigValueType.LIST || v.valueType() == ConfigValueType.NULL) {
                throw new IllegalArgumentException();
            } else {
                out.put(prefix + k, String.valueOf(v.unwrapped()));
            }
        });
    }

    private static long parseLong(String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException();
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    /** A single value; numbers, booleans and strings in HOCON are all read from their text. */
    record Scalar(String describe, Function<String, Object> parse) implements ValueType {
        @Override
        public Object read(ConfigValue value) {
            if (value.valueType() == ConfigValueType.OBJECT || value.valueType() == ConfigValueType.LIST
                    || value.valueType() == ConfigValueType.NULL) {
                throw new IllegalArgumentException();
            }
            return parse.apply(String.valueOf(value.unwrapped()));
        }

        @Override
        public Object readText(String text) {
            return parse.apply(text.trim());
        }
    }

    record ListType(ValueType item, boolean nonEmpty) implements ValueType {
        @Override
        public Object read(ConfigValue value) {
            if (value.valueType() != ConfigValueType.LIST) {
                throw new IllegalArgumentException();
            }
            List<Object> out = new ArrayList<>();
            for (ConfigValue v : (com.typesafe.config.ConfigList) value) {
                out.add(item.read(v));
            }
            return check(out);
        }

        @Override
        public Object readText(String text) {
            String t = text.trim();
            if (t.startsWith("[") && t.endsWith("]")) {
                t = t.substring(1, t.length() - 1);
            }
            List<Object> out = new ArrayList<>();
            for (String part : t.split(",")) {
                if (!part.isBlank()) {
                    out.add(item.readText(unquote(part.trim())));
                }
            }
            return check(out);
        }

        private List<Object> check(List<Object> out) {
            if (nonEmpty && out.isEmpty()) {
                throw new IllegalArgumentException();
            }
            return List.copyOf(out);
        }

        private static String unquote(String s) {
            return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
        }

        @Override
        public String describe() {
            return (nonEmpty ? "a non-empty list" : "a list") + ", each item " + item.describe();
        }
    }
}
