package org.ordersweep.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads a UCR-archive file: one series per line, the class label first, then the values, tab or comma separated. */
public final class UcrReader {

    private UcrReader() {
    }

    /** Raw rows: the label text and the values of each series. */
    public record Rows(List<String> labels, List<float[]> series) {
    }

    public static Rows read(InputStream raw, String name) {
        List<String> labels = new ArrayList<>();
        List<float[]> series = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8))) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.trim().split("[\\t,]+|\\s+");
                if (parts.length < 2) {
                    throw new DataError(name, "line " + lineNo + ": expected a label and at least one value");
                }
                float[] values = new float[parts.length - 1];
                for (int i = 1; i < parts.length; i++) {
                    try {
                        values[i - 1] = Float.parseFloat(parts[i]);
                    } catch (NumberFormatException e) {
                        throw new DataError(name, "line " + lineNo + ", value " + i + ": '" + parts[i]
                                + "' is not a number");
                    }
                    if (!Float.isFinite(values[i - 1])) {
                        throw new DataError(name, "line " + lineNo + ", value " + i + ": '" + parts[i]
                                + "' is not finite (missing values are not supported)");
                    }
                }
                if (!series.isEmpty() && values.length != series.get(0).length) {
                    throw new DataError(name, "line " + lineNo + " has " + values.length + " values, line 1 has "
                            + series.get(0).length + " (series must all have the same length)");
                }
                labels.add(parts[0]);
                series.add(values);
            }
        } catch (IOException e) {
            throw new DataError(name, "cannot read: " + e.getMessage());
        }
        if (series.isEmpty()) {
            throw new DataError(name, "no series in the file");
        }
        return new Rows(labels, series);
    }
}
