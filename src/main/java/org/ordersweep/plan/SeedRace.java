package org.ordersweep.plan;

import org.ordersweep.stats.Stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Racing over seeds, in the spirit of F-race: every class of an activation starts with {@code minSeeds} seeds;
 * after each round the classes that Hsu's comparison with the best rules out (at {@link #roundAlpha()}) stop, and
 * the others get one more seed, up to {@code maxSeeds}. Splitting alpha evenly over the rounds (Bonferroni) bounds
 * the chance that the truly best class is ever ruled out by alpha; the classes left after the last round are the
 * race's might-be-best set. A class whose trial at a seed of the round diverged or failed leaves the race at that round
 * (the runner has no accuracy to compare it by); a seed not trained yet leaves the round unfinished.
 */
public record SeedRace(int minSeeds, int maxSeeds, double alpha) {

    public SeedRace {
        if (minSeeds < 2 || maxSeeds < minSeeds) {
            throw new IllegalArgumentException("racing needs 2 <= min-seeds <= max-seeds, got " + minSeeds + " and "
                    + maxSeeds);
        }
    }

    public int rounds() {
        return maxSeeds - minSeeds + 1;
    }

    public double roundAlpha() {
        return alpha / rounds();
    }

    /**
     * The contenders that stay after a round: {@code firstSeeds} holds each contender's accuracy at seeds 0..n-1.
     * A lone contender stays.
     */
    public <K extends Comparable<? super K>> Set<K> survivors(Map<K, double[]> firstSeeds) {
        List<K> names = new ArrayList<>(firstSeeds.keySet());
        double[][] x = names.stream().map(firstSeeds::get).toArray(double[][]::new);
        boolean[] best = Stats.mcb(x, roundAlpha()).mightBeBest();
        Set<K> out = new TreeSet<>();
        for (int i = 0; i < names.size(); i++) {
            if (best[i]) {
                out.add(names.get(i));
            }
        }
        return out;
    }

    /**
     * The race as it went: per class, the number of seeds after which it was ruled out (absent = never), the
     * classes left at the end, and the trainings spent (one per class and seed used).
     */
    public record Standing(Map<String, Integer> outAfter, Set<String> left, int trainings, Set<String> notOk) {
    }

    /**
     * Replays the race over accuracies by class and seed index (0-based); seeds beyond a class's exit are unused. NaN
     * marks a trial that was trained and did not end ok (diverged, failed): its class leaves the race at that round,
     * as in the runner, and is listed in {@link Standing#notOk}. A round some contender lacks a seed of altogether has
     * not been run to its end (a sweep stopped mid-race): the race stands as it did before that round, every
     * contender still in, rather than ruling out the classes whose trials are merely not trained yet.
     */
    public Standing replay(Map<String, ? extends Map<Integer, Double>> bySeed) {
        Map<String, Integer> out = new LinkedHashMap<>();
        Set<String> notOk = new TreeSet<>();
        Set<String> contenders = new TreeSet<>(bySeed.keySet());
        int trainings = 0;
        for (int n = minSeeds; n <= maxSeeds && !contenders.isEmpty(); n++) {
            Map<String, double[]> first = new LinkedHashMap<>();
            boolean unfinished = false;
            for (String c : contenders) {
                double[] acc = new double[n];
                for (int s = 0; s < n; s++) {
                    Double v = bySeed.get(c).get(s);
                    unfinished |= v == null;
                    acc[s] = v == null ? Double.NaN : v;
                }
                first.put(c, acc);
            }
            if (unfinished) {
                break;
            }
            trainings += n == minSeeds ? contenders.size() * n : contenders.size();
            for (String c : List.copyOf(contenders)) {
                if (java.util.Arrays.stream(first.get(c)).anyMatch(Double::isNaN)) {
                    out.put(c, n);
                    notOk.add(c);
                    first.remove(c);
                    contenders.remove(c);
                }
            }
            if (contenders.size() <= 1) {
                break;
            }
            Set<String> stay = survivors(first);
            for (String c : contenders) {
                if (!stay.contains(c)) {
                    out.put(c, n);
                }
            }
            contenders.retainAll(stay);
        }
        return new Standing(out, contenders, trainings, notOk);
    }
}
