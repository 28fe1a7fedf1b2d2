package org.ordersweep.analysis;

import org.ordersweep.plan.Setting;
import org.ordersweep.stats.Stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * What the learning rate does, within each block and activation: every ordering's accuracy at each swept rate and
 * its best rate; and the forum's claim that batch norm allows a higher rate, as a difference in differences between
 * a block with bn and the same block without it.
 */
final class RateEffects {

    /**
     * One ordering (its class's trained representative) at every swept rate of its block and activation.
     *
     * @param within   the setting's label without the rate, e.g. "relu" or "relu, conv+act+pool"
     * @param accuracy per rate, in the order of {@code rates}
     * @param vsNext   the best rate's accuracy minus the second best's, paired by seed when both share two or more
     *                 seeds (for reading: unadjusted)
     */
    record BestRate(String within, String block, String activation, String ordering, List<Double> rates,
                    List<Stats.Summary> accuracy, double bestRate, Stats.Difference vsNext) {
    }

    /**
     * Claim 8 on one activation: (accuracy at the highest rate minus at the lowest) with bn minus the same without
     * it, per seed the mean over the classes trained at both rates (so no class is picked from the data), paired by
     * seed. Positive: raising the rate costs less (or gains more) with bn. {@code p}, {@code pEquivalent} are Holm
     * across the contrasts; {@code bestRateWith} and {@code bestRateWithout} the rate with the highest block mean.
     */
    record BnContrast(String activation, String withBn, String withoutBn, double low, double high, int seeds,
                      int classesWith, int classesWithout, double changeWith, double changeWithout,
                      Stats.Difference gain, Stats.MarginTest margin, double p, double pEquivalent, double pBeyond,
                      double bestRateWith, double bestRateWithout) {
    }

    private RateEffects() {
    }

    /** Per (block, activation) with two or more rates: each ordering trained at every one of them. */
    static List<BestRate> bestRates(Map<Setting, Analysis.PerOrdering> perSetting, Analysis.Labels labels) {
        List<BestRate> out = new ArrayList<>();
        for (Map<Double, Setting> byRate : byBlockAndActivation(perSetting).values()) {
            if (byRate.size() < 2) {
                continue;
            }
            List<Double> rates = new ArrayList<>(byRate.keySet());
            Set<String> orderings = new TreeSet<>(perSetting.get(byRate.get(rates.get(0))).bySeed().keySet());
            byRate.values().forEach(s -> orderings.retainAll(perSetting.get(s).bySeed().keySet()));
            List<BestRate> group = new ArrayList<>();
            Setting any = byRate.get(rates.get(0));
            for (String o : orderings) {
                List<Stats.Summary> acc = rates.stream().map(r -> Stats.summarize(perSetting.get(byRate.get(r))
                        .column(o, 0))).toList();
                List<Integer> best = new ArrayList<>(IntStream.range(0, rates.size()).boxed()
                        .sorted(Comparator.comparingDouble((Integer i) -> -acc.get(i).mean())).toList());
                Map<Integer, double[]> first = perSetting.get(byRate.get(rates.get(best.get(0)))).bySeed().get(o);
                Map<Integer, double[]> second = perSetting.get(byRate.get(rates.get(best.get(1)))).bySeed().get(o);
                group.add(new BestRate(labels.within(any, true, false, true), any.block(), any.activation(), o, rates,
                        acc, rates.get(best.get(0)), Analysis.difference(first, second)));
            }
            group.sort(Comparator.comparingDouble((BestRate b) -> -b.accuracy().stream()
                    .mapToDouble(Stats.Summary::mean).max().orElse(Double.NaN)).thenComparing(BestRate::ordering));
            out.addAll(group);
        }
        return out;
    }

    /** Every activation with a block that has bn, the same block without it, and two or more rates for both. */
    static List<BnContrast> bnContrasts(Map<Setting, Analysis.PerOrdering> perSetting, double margin) {
        Map<String, Map<Double, Setting>> groups = byBlockAndActivation(perSetting);
        List<BnContrast> raw = new ArrayList<>();
        for (Map<Double, Setting> with : groups.values()) {
            Setting any = with.values().iterator().next();
            if (!any.elements().contains("bn")) {
                continue;
            }
            List<String> rest = new ArrayList<>(any.elements());
            rest.remove("bn");
            String withoutBlock = String.join("+", rest);
            Map<Double, Setting> without = groups.get(withoutBlock + " " + any.activation());
            if (without == null) {
                continue;
            }
            List<Double> rates = new ArrayList<>(with.keySet());
            rates.retainAll(without.keySet());
            if (rates.size() < 2) {
                continue;
            }
            raw.add(contrast(perSetting, with, without, rates.get(0), rates.get(rates.size() - 1), margin));
        }
        Stats.HolmAdjusted h = Stats.HolmAdjusted.of(raw, c -> c.gain().p(), BnContrast::margin);
        List<BnContrast> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            BnContrast c = raw.get(i);
            out.add(new BnContrast(c.activation(), c.withBn(), c.withoutBn(), c.low(), c.high(), c.seeds(),
                    c.classesWith(), c.classesWithout(), c.changeWith(), c.changeWithout(), c.gain(), c.margin(),
                    h.p()[i], h.equivalent()[i], h.beyond()[i], c.bestRateWith(), c.bestRateWithout()));
        }
        return out;
    }

    private static BnContrast contrast(Map<Setting, Analysis.PerOrdering> perSetting, Map<Double, Setting> with,
                                       Map<Double, Setting> without, double low, double high, double margin) {
        Analysis.PerOrdering wLow = perSetting.get(with.get(low));
        Analysis.PerOrdering wHigh = perSetting.get(with.get(high));
        Analysis.PerOrdering oLow = perSetting.get(without.get(low));
        Analysis.PerOrdering oHigh = perSetting.get(without.get(high));
        Set<String> classesWith = both(wLow, wHigh);
        Set<String> classesWithout = both(oLow, oHigh);
        Set<Integer> shared = sharedSeeds(List.of(wLow, wHigh), classesWith);
        shared.retainAll(sharedSeeds(List.of(oLow, oHigh), classesWithout));
        double[] a = change(wLow, wHigh, classesWith, shared);
        double[] b = change(oLow, oHigh, classesWithout, shared);
        Stats.Difference gain = a.length >= 2 ? Stats.paired(a, b) : new Stats.Difference(a.length == 1 ? a[0] - b[0]
                : Double.NaN, Double.NaN, Double.NaN, Double.NaN, "sign-flip exact");
        Stats.MarginTest m = a.length >= 2 ? Stats.againstMargin(a, b, true, margin)
                : new Stats.MarginTest(margin, Double.NaN, Double.NaN);
        Setting any = with.get(low);
        return new BnContrast(any.activation(), any.block(), without.get(low).block(), low, high, shared.size(),
                classesWith.size(), classesWithout.size(), mean(a), mean(b), gain, m, Double.NaN, Double.NaN,
                Double.NaN, bestRate(perSetting, with), bestRate(perSetting, without));
    }

    /** The seeds every one of {@code classes} has in each of {@code settings}. */
    static Set<Integer> sharedSeeds(List<Analysis.PerOrdering> settings, Set<String> classes) {
        Set<Integer> out = null;
        for (Analysis.PerOrdering per : settings) {
            for (String o : classes) {
                if (out == null) {
                    out = new TreeSet<>(per.bySeed().get(o).keySet());
                } else {
                    out.retainAll(per.bySeed().get(o).keySet());
                }
            }
        }
        return out == null ? new TreeSet<>() : out;
    }

    private static Set<String> both(Analysis.PerOrdering x, Analysis.PerOrdering y) {
        Set<String> out = new TreeSet<>(x.bySeed().keySet());
        out.retainAll(y.bySeed().keySet());
        return out;
    }

    /** Per shared seed: the classes' mean accuracy at the high rate minus at the low rate. */
    private static double[] change(Analysis.PerOrdering low, Analysis.PerOrdering high, Set<String> classes,
                                   Set<Integer> seeds) {
        return seeds.stream().mapToDouble(s -> classes.stream().mapToDouble(o -> high.bySeed().get(o).get(s)[0]
                - low.bySeed().get(o).get(s)[0]).average().orElse(Double.NaN)).toArray();
    }

    /** The rate whose classes have the highest mean accuracy (over every trained class and seed at that rate). */
    private static double bestRate(Map<Setting, Analysis.PerOrdering> perSetting, Map<Double, Setting> byRate) {
        return byRate.entrySet().stream().max(Comparator.comparingDouble(e -> perSetting.get(e.getValue()).bySeed()
                .values().stream().flatMap(m -> m.values().stream()).mapToDouble(v -> v[0]).average()
                .orElse(Double.NaN))).map(Map.Entry::getKey).orElse(Double.NaN);
    }

    private static double mean(double[] x) {
        return Arrays.stream(x).average().orElse(Double.NaN);
    }

    /** Settings grouped by "block activation" in the settings' order, each group by rate (ascending). */
    private static Map<String, Map<Double, Setting>> byBlockAndActivation(Map<Setting, Analysis.PerOrdering> per) {
        Map<String, Map<Double, Setting>> out = new LinkedHashMap<>();
        per.keySet().forEach(s -> out.computeIfAbsent(s.block() + " " + s.activation(), k -> new TreeMap<>())
                .put(s.learningRate(), s));
        return out;
    }
}
