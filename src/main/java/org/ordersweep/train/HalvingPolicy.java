package org.ordersweep.train;

import org.ordersweep.results.TrialStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Successive halving's decision after a rung: of the trials that reach it (recorded ones included, so a resumed
 * sweep keeps the same share), the best 1/reduction by validation accuracy go on; the others stop there, with the
 * reason recorded. Trials that failed, diverged or were invalid are recorded as they are and take no place.
 */
final class HalvingPolicy {

    /** A trial that stops at this rung, and why. */
    record Stopped(TrialOutcome outcome, String reason) {
    }

    /** Who goes on and who stops; {@code keep} is how many of the rung's trials may go on. */
    record Decision(List<TrialOutcome> goOn, List<Stopped> stopped, int keep) {
    }

    private HalvingPolicy() {
    }

    /**
     * @param reaching trials of the whole plan that reach this rung, recorded ones included
     * @param epochs   the rung's epochs, for the recorded reason
     */
    static Decision afterRung(List<TrialOutcome> outcomes, int reaching, int reduction, int epochs) {
        int keep = (reaching + reduction - 1) / reduction;
        List<TrialOutcome> ranked = outcomes.stream().filter(o -> o.trial().status() == TrialStatus.OK)
                .sorted(Comparator.comparingDouble((TrialOutcome o) -> o.trial().validationAccuracy()).reversed())
                .toList();
        List<TrialOutcome> goOn = new ArrayList<>();
        List<Stopped> stopped = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            TrialOutcome o = ranked.get(i);
            if (i < keep) {
                goOn.add(o);
            } else {
                stopped.add(new Stopped(o, String.format(Locale.ROOT, "successive halving: validation accuracy %.4f "
                        + "ranked %d of %d after %d epochs; the best %d went on", o.trial().validationAccuracy(),
                        i + 1, ranked.size(), epochs, keep)));
            }
        }
        return new Decision(goOn, stopped, keep);
    }
}
