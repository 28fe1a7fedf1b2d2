package org.ordersweep.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Keeps credentials out of everything ordersweep records: configuration dumps, provenance and logs. */
public final class Secrets {

    public static final String MASK = "***";
    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i).*(secret|password|passwd|token|credential|access\\.key|private|auth).*");

    private Secrets() {
    }

    /** The password of a URI's user info, as in s3a://KEY:SECRET@bucket/ or hdfs://user:pw@host/. */
    private static final Pattern URI_PASSWORD = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^/:@\\s]*):[^@/\\s]+@");

    public static boolean isSecret(String key) {
        return SECRET_NAME.matcher(key).matches();
    }

    /** The text with the password of every URI in it masked; everything else unchanged. */
    public static String maskUris(String text) {
        return text == null ? null : URI_PASSWORD.matcher(text).replaceAll("$1:" + MASK + "@");
    }

    /** The resolved values rendered as HOCON text, with values under secret-looking names masked. */
    static Map<String, String> redacted(Map<String, Object> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v instanceof Map<?, ?> m) {
                Map<String, String> masked = new TreeMap<>();
                m.forEach((mk, mv) -> masked.put(String.valueOf(mk), isSecret(String.valueOf(mk)) ? MASK
                        : String.valueOf(mv)));
                StringBuilder sb = new StringBuilder("{");
                masked.forEach((mk, mv) -> sb.append(sb.length() > 1 ? ", " : "").append(quote(mk)).append(" = ")
                        .append(quote(mv)));
                out.put(k, sb.append('}').toString());
            } else if (v instanceof Iterable<?> it) {
                StringBuilder sb = new StringBuilder("[");
                it.forEach(x -> sb.append(sb.length() > 1 ? ", " : "")
                        .append(x instanceof Number ? String.valueOf(x) : quote(String.valueOf(x))));
                out.put(k, sb.append(']').toString());
            } else if (v instanceof String s) {
                out.put(k, quote(isSecret(k) ? MASK : maskUris(s)));
            } else {
                out.put(k, String.valueOf(v));
            }
        });
        return out;
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
