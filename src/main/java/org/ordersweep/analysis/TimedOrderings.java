package org.ordersweep.analysis;

import org.ordersweep.domain.Element;
import org.ordersweep.domain.Ordering;
import org.ordersweep.stats.Descriptive;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every verified ordering's speed, measured by the verification pass one ordering after another under the same
 * conditions (trained or not), and the comparisons the speed parts of the claims need. The trials' own seconds per
 * epoch are wall times of trials that shared the cores with whatever ran beside them; these are not.
 */
public record TimedOrderings(List<Member> members) {

    /** One ordering: its activation and class, and its samples per second in inference and in training. */
    public record Member(String activation, String classId, Ordering ordering, double inferenceSps,
                         double trainingSps) {
        double sps(boolean training) {
            return training ? trainingSps : inferenceSps;
        }
    }

    /** A ratio of throughputs (above 1: the "first before second" side is faster): median and range over groups. */
    public record Ratio(double median, double low, double high, int groups) {
        public boolean measured() {
            return groups > 0;
        }
    }

    /** A class within its activation: the members that compute the same function. */
    private record Group(String activation, String classId) {
    }

    /**
     * Between members of one class (the same function): the mean throughput of members with {@code first} before
     * {@code second} over that of members with it after, one ratio per class that has both.
     */
    public Ratio withinClass(Element first, Element second, boolean training) {
        Map<Group, List<Double>> before = new LinkedHashMap<>();
        Map<Group, List<Double>> after = new LinkedHashMap<>();
        for (Member m : members) {
            double sps = m.sps(training);
            if (m.ordering().contains(first) && m.ordering().contains(second) && !Double.isNaN(sps)) {
                (m.ordering().puts(first, second) ? before : after)
                        .computeIfAbsent(new Group(m.activation(), m.classId()), k -> new ArrayList<>()).add(sps);
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
    public Ratio swapped(Element first, Element second, boolean training) {
        Map<String, Map<Ordering, Double>> speed = new LinkedHashMap<>(); // by activation
        members.forEach(m -> speed.computeIfAbsent(m.activation(), k -> new LinkedHashMap<>())
                .put(m.ordering(), m.sps(training)));
        List<Double> ratios = new ArrayList<>();
        speed.forEach((activation, byOrdering) -> byOrdering.forEach((o, sps) -> {
            if (!o.puts(first, second) || Double.isNaN(sps)) {
                return;
            }
            Double other = byOrdering.get(o.swapped(first, second));
            if (other != null && !other.isNaN()) {
                ratios.add(sps / other);
            }
        }));
        return summarise(ratios);
    }

    private static Ratio summarise(List<Double> ratios) {
        if (ratios.isEmpty()) {
            return new Ratio(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        ratios.sort(null);
        int m = ratios.size();
        return new Ratio(Descriptive.median(ratios), ratios.get(0), ratios.get(m - 1), m);
    }

    private static double mean(List<Double> x) {
        return x.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
