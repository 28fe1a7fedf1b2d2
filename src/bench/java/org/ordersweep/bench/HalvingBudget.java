package org.ordersweep.bench;

import java.util.List;

/**
 * Trial-epochs a sweep trains with and without successive halving, from the plan alone. Mirrors the rule of
 * {@link org.ordersweep.train.SweepRunner}: every trial trains the first rung's epochs; the best
 * ceil(n / reduction) of the n that reached a rung go on and retrain from scratch for the next rung's epochs; halving
 * trains on the data less the validation share. Assumes every trial finishes (invalid or diverged ones stop early)
 * and that trials cost the same per epoch.
 */
public record HalvingBudget(List<Integer> rungs, List<Integer> trialsPerRung, long trialEpochs,
                            long trialEpochsWithoutHalving, double validationFraction) {

    public static HalvingBudget of(int trials, List<Integer> rungs, int reduction, double validationFraction) {
        if (rungs.isEmpty() || reduction < 2) {
            throw new IllegalArgumentException("need at least one rung and a reduction >= 2");
        }
        long epochs = 0;
        int n = trials;
        List<Integer> perRung = new java.util.ArrayList<>();
        for (int r = 0; r < rungs.size(); r++) {
            perRung.add(n);
            epochs += (long) n * rungs.get(r);
            n = (n + reduction - 1) / reduction;
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
