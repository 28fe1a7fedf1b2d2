package org.ordersweep.bench;

import org.ordersweep.plan.Halving;

import java.util.ArrayList;
import java.util.List;

/**
 * Trial-epochs a sweep trains with and without successive halving, from the plan alone, with the runner's rule
 * ({@link Halving#goOn}): every trial trains the first rung's epochs; the best ceil(n / reduction) of the n that
 * reached a rung go on to the next rung's budget, continuing from their checkpoints. Each rung is counted at its
 * whole budget for every trial that reaches it, as if survivors started over: an upper bound on the epochs trained,
 * which the continuation keeps to the difference between rungs. Halving trains on the data less the validation share.
 * Assumes every trial finishes (invalid or diverged ones stop early) and that trials cost the same per epoch.
 */
public record HalvingBudget(List<Integer> rungs, List<Integer> trialsPerRung, long trialEpochs,
                            long trialEpochsWithoutHalving, double validationFraction) {

    public static HalvingBudget of(int trials, List<Integer> rungs, int reduction, double validationFraction) {
        if (rungs.isEmpty() || reduction < 2) {
            throw new IllegalArgumentException("need at least one rung and a reduction >= 2");
        }
        long epochs = 0;
        int n = trials;
        List<Integer> perRung = new ArrayList<>();
        for (int r = 0; r < rungs.size(); r++) {
            perRung.add(n);
            epochs += (long) n * rungs.get(r);
            n = Halving.goOn(n, reduction);
        }
        return new HalvingBudget(List.copyOf(rungs), List.copyOf(perRung), epochs,
                (long) trials * rungs.get(rungs.size() - 1), validationFraction);
    }

    /** Share of the training work halving saves: trial-epochs, each on the data less the validation share. */
    public double savedShare() {
        if (trialEpochsWithoutHalving == 0) {
            return 0;
        }
        return 1 - trialEpochs * (1 - validationFraction) / trialEpochsWithoutHalving;
    }
}
