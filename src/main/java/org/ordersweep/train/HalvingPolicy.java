package org.ordersweep.train;

import org.ordersweep.plan.Halving;
import org.ordersweep.results.TrialOutcome;
import org.ordersweep.results.TrialStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Successive halving's decision after a rung, by class within each setting (block, activation, learning rate): classes
 * are ranked by their mean validation accuracy over every seed they reached the rung with, the best 1/reduction of the
 * setting's classes
 * (recorded ones included, so a resumed sweep keeps the same share) go on with every seed, the others stop there
 * with the reason recorded. Ranking single trials across seeds and activations would keep a class's lucky seeds only
 * and could drop whole activations. Trials that failed, diverged or were invalid are recorded as they are; their
 * class is ranked on its other seeds.
 */
final class HalvingPolicy {

    /** A trial that stops at this rung, and why. */
    record Stopped(TrialOutcome outcome, String reason) {
    }

    /** Who goes on and who stops; {@code keep} is how many classes of each setting may go on. */
    record Decision(List<TrialOutcome> goOn, List<Stopped> stopped, Map<String, Integer> keep) {
    }

    private HalvingPolicy() {
    }

    /**
     * @param reaching per setting ({@link org.ordersweep.plan.Setting#key()}), the classes of the whole plan that
     *                 reach this rung, recorded ones included
     * @param epochs   the rung's epochs, for the recorded reason
     */
    static Decision afterRung(List<TrialOutcome> outcomes, Map<String, Integer> reaching, int reduction,
                              int epochs) {
        Map<String, Map<String, List<TrialOutcome>>> byClass = new TreeMap<>();
        for (TrialOutcome o : outcomes) {
            if (o.trial().status() == TrialStatus.OK) {
                byClass.computeIfAbsent(o.trial().spec().setting().key(), k -> new TreeMap<>())
                        .computeIfAbsent(o.trial().spec().classId(), k -> new ArrayList<>()).add(o);
            }
        }
        List<TrialOutcome> goOn = new ArrayList<>();
        List<Stopped> stopped = new ArrayList<>();
        Map<String, Integer> keep = new TreeMap<>();
        byClass.forEach((setting, classes) -> {
            int places = Halving.goOn(reaching.getOrDefault(setting, classes.size()), reduction);
            keep.put(setting, places);
            List<String> ranked = new ArrayList<>(classes.keySet());
            ranked.sort(Comparator.comparingDouble((String c) -> -mean(classes.get(c))).thenComparing(c -> c));
            for (int i = 0; i < ranked.size(); i++) {
                List<TrialOutcome> trials = classes.get(ranked.get(i));
                if (i < places) {
                    goOn.addAll(trials);
                    continue;
                }
                String reason = String.format(Locale.ROOT, "successive halving: class mean validation accuracy %.4f "
                                + "over %d seeds ranked %d of %d (%s) after %d epochs; the best %d classes went on",
                        mean(trials), trials.size(), i + 1, ranked.size(), setting, epochs, places);
                trials.forEach(t -> stopped.add(new Stopped(t, reason)));
            }
        });
        return new Decision(goOn, stopped, keep);
    }

    private static double mean(List<TrialOutcome> trials) {
        return trials.stream().mapToDouble(t -> t.trial().validationAccuracy()).average().orElse(Double.NaN);
    }
}
