package org.ordersweep.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ordersweep.results.Json;
import org.ordersweep.stats.Descriptive;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Repeated measurements of one quantity: the median says what is typical on a noisy shared machine, min and max say
 * how far single runs strayed. Non-finite values (a run that measured nothing) are left out.
 */
public record Spread(double median, double min, double max, List<Double> runs) {

    public static final Spread NONE = new Spread(Double.NaN, Double.NaN, Double.NaN, List.of());

    public Spread {
        runs = List.copyOf(runs);
    }

    public static Spread of(List<Double> values) {
        List<Double> sorted = new ArrayList<>();
        for (Double v : values) {
            if (v != null && Double.isFinite(v)) {
                sorted.add(v);
            }
        }
        if (sorted.isEmpty()) {
            return NONE;
        }
        Collections.sort(sorted);
        return new Spread(Descriptive.median(sorted), sorted.get(0), sorted.get(sorted.size() - 1), values.stream()
                .filter(v -> v != null && Double.isFinite(v)).toList());
    }

    public boolean isEmpty() {
        return runs.isEmpty();
    }

    /** Median, min, max and every run; null when nothing was measured. */
    public JsonNode json() {
        if (isEmpty()) {
            return NullNode.getInstance();
        }
        ObjectNode o = Json.object().put("median", median).put("min", min).put("max", max);
        o.set("runs", Json.node(runs));
        return o;
    }

    /** This spread with every value multiplied by {@code factor} (e.g. samples/s to GFLOP/s). */
    public Spread times(double factor) {
        return isEmpty() ? NONE : Spread.of(runs.stream().map(v -> v * factor).toList());
    }

    /** The ratio of the medians, NaN when either side is missing. */
    public double medianOver(Spread other) {
        return isEmpty() || other.isEmpty() || other.median == 0 ? Double.NaN : median / other.median;
    }
}
