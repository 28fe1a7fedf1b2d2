package org.ordersweep.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every verified ordering's speed, measured by the verification pass one ordering after another under the same
 * conditions (trained or not), and the comparisons the speed parts of the claims need. The trials' own seconds per
 * epoch are wall times of trials that shared the cores with whatever ran beside them; these are not.
 */
public record TimedOrderings(List<Member> members) {

    /** One ordering: its class (with the activation) and its samples per second in inference and in training. */
    public record Member(String classKey, String ordering, double inferenceSps, double trainingSps) {
    }

    /** A ratio of throughputs (above 1: the "first before second" side is faster): median and range over groups. */
    public record Ratio(double median, double low, double high, int groups) {
        public boolean measured() {
            return groups > 0;
        }
    }

    /**
     * Between members of one class (the same function): the mean throughput of members with {@code first} before
     * {@code second} over that of members with it after, one ratio per class that has both.
     */
    public Ratio withinClass(String first, String second, boolean training) {
        Map<String, List<Double>> before = new TreeMap<>();
        Map<String, List<Double>> after = new TreeMap<>();
        for (Member m : members) {
            List<String> e = List.of(m.ordering().split(">"));
            double sps = training ? m.trainingSps() : m.inferenceSps();
            if (e.contains(first) && e.contains(second) && !Double.isNaN(sps)) {
                (e.indexOf(first) < e.indexOf(second) ? before : after)
                        .computeIfAbsent(m.classKey(), k -> new ArrayList<>()).add(sps);
            }
        }
        List<Double> ratios = new ArrayList<>();
        before.forEach((c, fast) -> {
            if (after.containsKey(c)) {
                ratios.add(mean(fast) / mean(after.get(c)));
            }
        });
        return summarise(ratios);
    }

    /**
     * Across orderings (different functions): each ordering with {@code first} before {@code second} over the one
     * that swaps just those two, when it was timed too.
     */
    public Ratio swapped(String first, String second, boolean training) {
        Map<String, Double> speed = new TreeMap<>();
        members.forEach(m -> speed.put(m.classKey().substring(0, m.classKey().indexOf(' ')) + " " + m.ordering(),
                training ? m.trainingSps() : m.inferenceSps()));
        List<Double> ratios = new ArrayList<>();
        speed.forEach((key, sps) -> {
            String activation = key.substring(0, key.indexOf(' '));
            List<String> e = new ArrayList<>(List.of(key.substring(key.indexOf(' ') + 1).split(">")));
            int i = e.indexOf(first);
            int j = e.indexOf(second);
            if (i < 0 || j < 0 || i > j || Double.isNaN(sps)) {
                return;
            }
            e.set(i, second);
            e.set(j, first);
            Double other = speed.get(activation + " " + String.join(">", e));
            if (other != null && !other.isNaN()) {
                ratios.add(sps / other);
            }
        });
        return summarise(ratios);
    }

    private static Ratio summarise(List<Double> ratios) {
        if (ratios.isEmpty()) {
            return new Ratio(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        ratios.sort(null);
        int m = ratios.size();
        double median = m % 2 == 1 ? ratios.get(m / 2) : (ratios.get(m / 2 - 1) + ratios.get(m / 2)) / 2;
        return new Ratio(median, ratios.get(0), ratios.get(m - 1), m);
    }

    private static double mean(List<Double> x) {
        return x.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
