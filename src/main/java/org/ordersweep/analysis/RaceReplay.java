package org.ordersweep.analysis;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ordersweep.config.ComparisonRule;
import org.ordersweep.plan.Halving;
import org.ordersweep.plan.SeedRace;
import org.ordersweep.results.Json;
import org.ordersweep.stats.Stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * What racing and successive halving would have spent, and concluded, on a sweep recorded with every class at every
 * seed: their policies run over the recorded accuracies (looked up, not trained) and their might-be-best sets are
 * compared with the exhaustive design's (Hsu's comparison with the best at every seed, alpha 0.05), every comparison
 * by one rule.
 */
public final class RaceReplay {

    /** One policy's outcome for one setting (named as the report names it: the activation, with rate and block when
     * they vary). */
    public record Outcome(String policy, int trainings, int trialEpochs, Set<String> bestSet, boolean sameSet,
                          boolean containsExhaustiveBest) {
        /** Every class of this set is in the exhaustive design's set too. */
        boolean withinExhaustive(Set<String> exhaustive) {
            return exhaustive.containsAll(bestSet);
        }
    }

    /** The exhaustive design and every replayed policy for one setting ({@code activation}: its label). */
    public record Report(String activation, int classes, int seeds, int epochs, Set<String> exhaustive,
                         String observedBest, List<Outcome> policies) {
    }

    private RaceReplay() {
    }

    /**
     * @param finalAccuracy per class, test accuracy by seed index at the full budget (every seed present)
     * @param firstEpoch    per class, test accuracy by seed index after the first epoch (halving's first rung); the
     *                      recorded sweep has no validation split, so halving ranks on it as a stand-in
     * @param minSeeds      the racing settings to replay
     * @param rule          how the races' rounds and every might-be-best set compare classes
     */
    public static Report of(String activation, Map<String, Map<Integer, Double>> finalAccuracy,
                            Map<String, Map<Integer, Double>> firstEpoch, int epochs, List<Integer> minSeeds,
                            int halvingReduction, ComparisonRule rule) {
        List<String> names = new ArrayList<>(finalAccuracy.keySet());
        int seeds = finalAccuracy.values().stream().mapToInt(Map::size).min().orElse(0);
        Set<String> exhaustive = bestSet(names, finalAccuracy, seeds, rule);
        String best = names.stream().max(Comparator.comparingDouble(c -> mean(finalAccuracy.get(c), seeds)))
                .orElseThrow();
        List<Outcome> out = new ArrayList<>();
        out.add(new Outcome("exhaustive", names.size() * seeds, names.size() * seeds * epochs, exhaustive, true,
                true));
        for (int min : minSeeds) {
            if (min > seeds) {
                continue;
            }
            SeedRace race = new SeedRace(min, seeds, Stats.ALPHA, rule);
            SeedRace.Standing st = race.replay(finalAccuracy);
            out.add(new Outcome("racing, min-seeds " + min, st.trainings(), st.trainings() * epochs, st.left(),
                    st.left().equals(exhaustive), st.left().containsAll(exhaustive)));
        }
        if (epochs > 1 && firstEpoch != null) {
            // Halving by class: rank classes by their mean over every seed after one epoch, keep 1/reduction with all
            // their seeds, continue them to the full budget, compare those at the full budget.
            int keep = Halving.goOn(names.size(), halvingReduction);
            List<String> kept = names.stream().sorted(Comparator.comparingDouble((String c) -> -mean(firstEpoch
                    .get(c), seeds))).limit(keep).toList();
            Set<String> set = bestSet(kept, finalAccuracy, seeds, rule);
            int trialEpochs = names.size() * seeds + kept.size() * seeds * (epochs - 1);
            out.add(new Outcome("halving by class, keep 1/" + halvingReduction + " after 1 epoch",
                    names.size() * seeds, trialEpochs, set, set.equals(exhaustive), set.containsAll(exhaustive)));
        }
        return new Report(activation, names.size(), seeds, epochs, exhaustive, best, out);
    }

    /** The race's comparison with the best over the named classes' first {@code seeds} seeds. */
    private static Set<String> bestSet(List<String> names, Map<String, Map<Integer, Double>> acc, int seeds,
                                       ComparisonRule rule) {
        Map<String, double[]> x = new LinkedHashMap<>();
        names.forEach(c -> x.put(c, IntStream.range(0, seeds).mapToDouble(s -> acc.get(c).get(s))
                .toArray()));
        return SeedRace.mightBeBest(x, Stats.ALPHA, rule);
    }

    private static double mean(Map<Integer, Double> bySeed, int seeds) {
        return IntStream.range(0, seeds).mapToDouble(bySeed::get).average().orElse(Double.NaN);
    }

    /** The reports as one JSON line. */
    public static String json(List<Report> reports) {
        ArrayNode rows = Json.array();
        for (Report r : reports) {
            ArrayNode ps = Json.array();
            for (Outcome o : r.policies()) {
                ps.add(Json.object().put("policy", o.policy()).put("trainings", o.trainings())
                        .put("trial_epochs", o.trialEpochs()).put("share_of_exhaustive",
                                (double) o.trialEpochs() / r.policies().get(0).trialEpochs())
                        .put("best_set_size", o.bestSet().size()).put("same_set", o.sameSet())
                        .put("contains_exhaustive_set", o.containsExhaustiveBest())
                        .put("within_exhaustive_set", o.withinExhaustive(r.exhaustive())));
            }
            ObjectNode row = Json.object().put("activation", r.activation()).put("classes", r.classes())
                    .put("seeds", r.seeds()).put("epochs", r.epochs());
            row.set("exhaustive_best_set", Json.node(r.exhaustive()));
            row.set("policies", ps);
            rows.add(row);
        }
        ObjectNode o = Json.object();
        o.set("replay", rows);
        return Json.line(o);
    }

    public static String text(List<Report> reports, Map<String, String> orderingOf) {
        StringBuilder sb = new StringBuilder();
        for (Report r : reports) {
            sb.append(String.format(Locale.ROOT, "%s: %d classes x %d seeds x %d epochs; exhaustive "
                            + "might-be-best set (%d): %s%n", r.activation(), r.classes(), r.seeds(), r.epochs(),
                    r.exhaustive().size(), names(r.exhaustive(), orderingOf)));
            sb.append(String.format(Locale.ROOT, "  %-46s %9s %12s %7s %9s %s%n", "policy", "trainings",
                    "trial-epochs", "share", "set size", "same set as exhaustive"));
            for (Outcome o : r.policies()) {
                sb.append(String.format(Locale.ROOT, "  %-46s %9d %12d %6.0f%% %9d %s%n", o.policy(),
                        o.trainings(), o.trialEpochs(), 100.0 * o.trialEpochs() / r.policies().get(0).trialEpochs(),
                        o.bestSet().size(), o.sameSet() ? "yes" : o.containsExhaustiveBest()
                                ? "no: a superset of it" : o.withinExhaustive(r.exhaustive()) ? "no: a subset of it"
                                : "no: " + names(o.bestSet(), orderingOf)));
            }
        }
        return sb.toString();
    }

    private static String names(Set<String> classes, Map<String, String> orderingOf) {
        Map<String, String> m = new LinkedHashMap<>();
        classes.forEach(c -> m.put(c, orderingOf.getOrDefault(c, c)));
        return String.join(", ", m.values());
    }
}
