package org.ordersweep.results;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * Every JSON the project writes or reads goes through one Jackson {@link ObjectMapper}: objects built as trees
 * ({@link #object()}, {@link #array()}, {@link #node(Object)}), written on one line (plan, bench, progress, replay) or
 * with one top-level field per line (provenance.json), and read back ({@link #read(String)}).
 *
 * <p>Written numbers keep six significant digits (measurements are far noisier than that, and the lines stay
 * readable), integral values are written without a fraction, and NaN and infinities become null, so that a missing
 * measurement reads as null rather than breaking parsers.
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** The shared mapper, for reading into trees or types. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** Any value (list, map, number, string, tree, null) as a tree. */
    public static JsonNode node(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** One line, no line break. */
    public static String line(Object value) {
        return write(value, null);
    }

    /** One top-level field per line (nested values on one line each), ending with a line break: files people read. */
    public static String pretty(Object value) {
        return write(value, new TopLevelLines()) + "\n";
    }

    public static JsonNode read(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    private static String write(Object value, PrettyPrinter pretty) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.setCharacterEscapes(LowercaseControlEscapes.INSTANCE);
            if (pretty != null) {
                g.setPrettyPrinter(pretty);
            }
            MAPPER.writeValue(new SignificantDigits(g), value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Six significant digits; integral values (below 10^15) as integers; null for NaN and infinities. */
    static String number(double d) {
        if (!Double.isFinite(d)) {
            return "null";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return new BigDecimal(d).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /** Writes every floating-point number as {@link #number(double)} has it. */
    private static final class SignificantDigits extends JsonGeneratorDelegate {

        SignificantDigits(JsonGenerator g) {
            super(g, false);
        }

        @Override
        public void writeNumber(double v) throws IOException {
            if (Double.isFinite(v)) {
                delegate.writeNumber(number(v));
            } else {
                delegate.writeNull();
            }
        }

        @Override
        public void writeNumber(float v) throws IOException {
            writeNumber((double) v);
        }

        @Override
        public void writeNumber(BigDecimal v) throws IOException {
            if (v == null) {
                delegate.writeNull();
            } else {
                writeNumber(v.doubleValue());
            }
        }
    }

    /**
     * Control characters other than line feed, carriage return and tab as a backslash, u and four lowercase hex
     * digits, as the files written so far have them (Jackson's own escapes use \b, \f and uppercase digits).
     */
    private static final class LowercaseControlEscapes extends CharacterEscapes {

        static final LowercaseControlEscapes INSTANCE = new LowercaseControlEscapes();

        private final int[] codes = standardAsciiEscapesForJSON();

        private LowercaseControlEscapes() {
            for (int c = 0; c < 0x20; c++) {
                if (c != '\n' && c != '\r' && c != '\t') {
                    codes[c] = ESCAPE_CUSTOM;
                }
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return codes;
        }

        @Override
        public SerializableString getEscapeSequence(int c) {
            // Called for every character above ASCII as well: null leaves it as it is.
            return c < 0x20 ? new SerializedString(String.format(Locale.ROOT, "\\u%04x", c)) : null;
        }
    }

    /** {"a": 1, ...} with one top-level field per line and two spaces before it; nested values on one line. */
    private static final class TopLevelLines implements PrettyPrinter {

        private int depth;

        @Override
        public void writeRootValueSeparator(JsonGenerator g) {
        }

        @Override
        public void writeStartObject(JsonGenerator g) throws IOException {
            g.writeRaw('{');
            depth++;
        }

        @Override
        public void beforeObjectEntries(JsonGenerator g) throws IOException {
            if (depth == 1) {
                g.writeRaw("\n  ");
            }
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(depth == 1 ? ": " : ":");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(depth == 1 ? ",\n  " : ",");
        }

        @Override
        public void writeEndObject(JsonGenerator g, int entries) throws IOException {
            g.writeRaw(depth == 1 ? "\n}" : "}");
            depth--;
        }

        @Override
        public void writeStartArray(JsonGenerator g) throws IOException {
            g.writeRaw('[');
            depth++;
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) {
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(',');
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) throws IOException {
            g.writeRaw(']');
            depth--;
        }
    }
}
