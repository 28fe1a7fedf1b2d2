package org.ordersweep.analysis;

import org.ordersweep.domain.Element;
import org.ordersweep.plan.Setting;
import org.ordersweep.stats.Stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Ablations: the best ordering of a block against the best of a block with fewer elements, or of a block of the same
 * size with one element replaced (max pooling by average pooling, say), at the same activation and rate. Both bests
 * are chosen from the data, so the interval is built to allow for it: with simultaneous
 * (Bonferroni) paired t intervals [L_ij, U_ij] for every class i of the larger block minus every class j of the
 * smaller, max_i mu_i - max_j mu_j = max_i min_j (mu_i - mu_j) lies in [max_i min_j L_ij, max_i min_j U_ij] whenever
 * every pairwise interval holds, so with probability at least 1 - alpha.
 */
final class BlockComparisons {

    /**
     * @param within   the activation (and rate, when several were swept) both blocks were compared at
     * @param removed  the elements the smaller (or second) block lacks
     * @param added    the element the second block has instead, for a replacement; empty for a smaller block
     * @param seeds    the seeds every class of both blocks has (the comparison uses only these)
     * @param estimate the larger block's best mean minus the smaller's, over those seeds
     * @param low      simultaneous 95% bounds on the true difference of the two bests (NaN: fewer than two seeds,
     *                 or a pair of classes whose differences do not vary)
     */
    record Comparison(String within, String activation, double learningRate, String larger, String smaller,
                      List<String> removed, List<String> added, String bestLarger, String bestSmaller, double meanLarger,
                      double meanSmaller, int seeds, int pairs, double estimate, double low, double high) {
        /** What the interval says, against the margin of "little difference". */
        String reading(double margin) {
            String change = added.isEmpty() ? "removing it" : "replacing it";
            return Double.isNaN(low) ? "no interval" : low > 0 ? change + " costs accuracy"
                    : high < 0 ? change + " gains accuracy" : low > -margin && high < margin
                    ? "no difference beyond the margin" : "not established";
        }

        /** The change from the first block to the second, as reports name it: "without bn", "avgpool for pool". */
        String change() {
            return added.isEmpty() ? "without " + String.join("+", removed)
                    : String.join("+", added) + " for " + String.join("+", removed);
        }
    }

    private BlockComparisons() {
    }

    static List<Comparison> of(Map<Setting, Analysis.PerOrdering> perSetting, Analysis.Labels labels) {
        Map<String, List<Setting>> byActivationAndRate = new LinkedHashMap<>(); // the settings' order
        perSetting.keySet().forEach(s -> byActivationAndRate.computeIfAbsent(s.activation() + " " + s.learningRate(),
                k -> new ArrayList<>()).add(s));
        List<Comparison> out = new ArrayList<>();
        for (List<Setting> settings : byActivationAndRate.values()) {
            for (Setting a : settings) {
                for (Setting b : settings) {
                    if ((a.elements().size() > b.elements().size() && a.elements().containsAll(b.elements()))
                            || replacesOne(a, b)) {
                        out.add(compare(perSetting.get(a), perSetting.get(b), a, b, labels));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Blocks of one size that differ in one element, taken once: the first is the one whose own element comes first
     * in the catalogue's order (pool before avgpool: the max-pool block first).
     */
    static boolean replacesOne(Setting a, Setting b) {
        List<String> onlyA = new ArrayList<>(a.elements());
        onlyA.removeAll(b.elements());
        List<String> onlyB = new ArrayList<>(b.elements());
        onlyB.removeAll(a.elements());
        return a.elements().size() == b.elements().size() && onlyA.size() == 1 && onlyB.size() == 1
                && Element.parse(onlyA.get(0)).ordinal() < Element.parse(onlyB.get(0)).ordinal();
    }

    private static Comparison compare(Analysis.PerOrdering larger, Analysis.PerOrdering smaller, Setting a,
                                      Setting b, Analysis.Labels labels) {
        Set<Integer> seeds = RateEffects.sharedSeeds(List.of(larger), larger.bySeed().keySet());
        seeds.retainAll(RateEffects.sharedSeeds(List.of(smaller), smaller.bySeed().keySet()));
        List<String> removed = new ArrayList<>(a.elements());
        removed.removeAll(b.elements());
        List<String> added = new ArrayList<>(b.elements());
        added.removeAll(a.elements());
        Best bestA = best(larger, seeds);
        Best bestB = best(smaller, seeds);
        int m = larger.bySeed().size() * smaller.bySeed().size();
        double low = Double.NaN;
        double high = Double.NaN;
        if (seeds.size() >= 2) {
            double t = Stats.tQuantile(1 - Stats.ALPHA / (2.0 * m), seeds.size() - 1);
            low = Double.NEGATIVE_INFINITY;
            high = Double.NEGATIVE_INFINITY;
            for (String i : larger.bySeed().keySet()) {
                double minLow = Double.POSITIVE_INFINITY;
                double minHigh = Double.POSITIVE_INFINITY;
                for (String j : smaller.bySeed().keySet()) {
                    double[] d = seeds.stream().mapToDouble(s -> larger.bySeed().get(i).get(s)[0]
                            - smaller.bySeed().get(j).get(s)[0]).toArray();
                    Stats.Summary sd = Stats.summarize(d);
                    double se = sd.std() / Math.sqrt(d.length);
                    if (!(se > 1e-12)) {
                        // Differences that do not vary give no interval (never a zero-width one).
                        minLow = Double.NaN;
                        minHigh = Double.NaN;
                        break;
                    }
                    minLow = Math.min(minLow, sd.mean() - t * se);
                    minHigh = Math.min(minHigh, sd.mean() + t * se);
                }
                if (Double.isNaN(minLow)) {
                    low = Double.NaN;
                    high = Double.NaN;
                    break;
                }
                low = Math.max(low, minLow);
                high = Math.max(high, minHigh);
            }
        }
        return new Comparison(labels.within(a, true, true, false), a.activation(), a.learningRate(), a.block(),
                b.block(),
                removed, added, bestA.ordering(), bestB.ordering(), bestA.mean(), bestB.mean(), seeds.size(), m,
                bestA.mean() - bestB.mean(), low, high);
    }

    private record Best(String ordering, double mean) {
    }

    /** The class with the highest mean over {@code seeds} (over all its seeds when none are shared). */
    private static Best best(Analysis.PerOrdering per, Set<Integer> seeds) {
        Best out = new Best("", Double.NEGATIVE_INFINITY);
        for (Map.Entry<String, TreeMap<Integer, double[]>> e : per.bySeed().entrySet()) {
            double mean = e.getValue().entrySet().stream().filter(s -> seeds.isEmpty() || seeds.contains(s.getKey()))
                    .mapToDouble(s -> s.getValue()[0]).average().orElse(Double.NaN);
            if (mean > out.mean() || (mean == out.mean() && e.getKey().compareTo(out.ordering()) < 0)) {
                out = new Best(e.getKey(), mean);
            }
        }
        return out;
    }
}
