package org.ordersweep.plan;

import org.ordersweep.config.ComparisonRule;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.stats.Stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Racing over seeds, in the spirit of F-race: every class of a setting starts with {@code minSeeds} seeds; after each
 * round the classes that Hsu's comparison with the best rules out (at {@link #roundAlpha()}) stop, and the others get
 * one more seed, up to {@code maxSeeds}; {@code rule} says how a round compares. Splitting alpha evenly over the rounds (Bonferroni) bounds the chance that the
 * truly best class is ever ruled out by alpha; the classes left after the last round are the race's might-be-best
 * set. A class whose trial at a seed of the round diverged or failed leaves the race at that round (there is no
 * accuracy to compare it by). When one class is left the race ends: more seeds would change nothing. The runner and
 * the replay both decide each round with {@link #round}.
 */
public record SeedRace(int minSeeds, int maxSeeds, double alpha, ComparisonRule rule) {

    public SeedRace {
        if (minSeeds < 2 || maxSeeds < minSeeds) {
            throw new IllegalArgumentException("racing needs 2 <= min-seeds <= max-seeds, got " + minSeeds + " and "
                    + maxSeeds);
        }
    }

    /** The race a configuration asks for (or recorded), at alpha 0.05. */
    public static SeedRace of(SweepConfig.Racing racing) {
        return new SeedRace(racing.minSeeds(), racing.maxSeeds(), Stats.ALPHA, racing.rule());
    }

    public int rounds() {
        return maxSeeds - minSeeds + 1;
    }

    public double roundAlpha() {
        return alpha / rounds();
    }

    /**
     * One round's decision: the classes that stay and, for each that leaves, why.
     *
     * @param compared the classes the comparison saw: every contender whose trials of the round all ended ok
     */
    public record Round<K>(Set<K> stay, Map<K, RaceExit> exits, int compared) {
        /** Whether the race goes on: only while two or more classes stay (a lone class left is the best). */
        public boolean goesOn() {
            return stay.size() > 1;
        }
    }

    /**
     * Decides the round at {@code seeds} seeds: {@code accuracy} holds each contender's accuracy at seeds
     * 0..seeds-1, NaN (or missing) where its trial did not end ok. Such a contender leaves, not ruled out by any
     * comparison; the others are compared with the best, and those ruled out leave. A lone contender stays.
     */
    public <K extends Comparable<? super K>> Round<K> round(int seeds, Map<K, double[]> accuracy) {
        Map<K, double[]> ok = new LinkedHashMap<>();
        Map<K, RaceExit> exits = new LinkedHashMap<>();
        accuracy.forEach((c, acc) -> {
            if (acc.length < seeds || Arrays.stream(acc, 0, seeds).anyMatch(Double::isNaN)) {
                exits.put(c, new RaceExit(seeds, true));
            } else {
                ok.put(c, Arrays.copyOf(acc, seeds));
            }
        });
        Set<K> stay = ok.size() <= 1 ? new TreeSet<>(ok.keySet()) : mightBeBest(ok, roundAlpha(), rule);
        ok.keySet().stream().filter(c -> !stay.contains(c)).forEach(c -> exits.put(c, new RaceExit(seeds, false)));
        return new Round<>(Collections.unmodifiableSet(stay), Collections.unmodifiableMap(exits), ok.size());
    }

    /**
     * The classes Hsu's comparison with the best at {@code alpha} by {@code rule} does not rule out as the best, from
     * each class's accuracy at the same seeds (one row per class, seeds in the same order).
     */
    public static <K extends Comparable<? super K>> Set<K> mightBeBest(Map<K, double[]> accuracy, double alpha,
                                                                       ComparisonRule rule) {
        List<K> names = new ArrayList<>(accuracy.keySet());
        double[][] x = names.stream().map(accuracy::get).toArray(double[][]::new);
        boolean[] best = rule.withBest(x, alpha).mightBeBest();
        Set<K> out = new TreeSet<>();
        for (int i = 0; i < names.size(); i++) {
            if (best[i]) {
                out.add(names.get(i));
            }
        }
        return out;
    }

    /**
     * The race as it went: per class that left, why and after how many seeds; the classes left at the end; and the
     * trainings spent (one per class and seed used).
     */
    public record Standing(Map<String, RaceExit> exits, Set<String> left, int trainings) {
        /** Per class that left, the seeds it had. */
        public Map<String, Integer> outAfter() {
            Map<String, Integer> out = new LinkedHashMap<>();
            exits.forEach((c, e) -> out.put(c, e.afterSeeds()));
            return out;
        }

        /** The classes that left because a trial of theirs did not end ok. */
        public Set<String> notOk() {
            Set<String> out = new TreeSet<>();
            exits.forEach((c, e) -> {
                if (e.notOk()) {
                    out.add(c);
                }
            });
            return out;
        }
    }

    /**
     * Replays the race over accuracies by class and seed index (0-based); seeds beyond a class's exit are unused. NaN
     * marks a trial that was trained and did not end ok (diverged, failed): its class leaves the race at that round,
     * as in the runner. A round some contender lacks a seed of altogether has not been run to its end (a sweep
     * stopped mid-race): the race stands as it did before that round, every contender still in, rather than ruling
     * out the classes whose trials are merely not trained yet.
     */
    public Standing replay(Map<String, ? extends Map<Integer, Double>> bySeed) {
        Map<String, RaceExit> exits = new LinkedHashMap<>();
        Set<String> contenders = new TreeSet<>(bySeed.keySet());
        int trainings = 0;
        for (int n = minSeeds; n <= maxSeeds && !contenders.isEmpty(); n++) {
            Map<String, double[]> round = new LinkedHashMap<>();
            boolean unfinished = false;
            for (String c : contenders) {
                double[] acc = new double[n];
                for (int s = 0; s < n; s++) {
                    Double v = bySeed.get(c).get(s);
                    unfinished |= v == null;
                    acc[s] = v == null ? Double.NaN : v;
                }
                round.put(c, acc);
            }
            if (unfinished) {
                break;
            }
            trainings += n == minSeeds ? contenders.size() * n : contenders.size();
            Round<String> decided = round(n, round);
            exits.putAll(decided.exits());
            contenders = new TreeSet<>(decided.stay());
            if (!decided.goesOn()) {
                break;
            }
        }
        return new Standing(exits, contenders, trainings);
    }
}
