package org.ordersweep.train;

import org.ordersweep.config.SweepConfig;
import org.ordersweep.config.TrainMode;
import org.ordersweep.domain.InputShape;
import org.ordersweep.model.CostModel;
import org.ordersweep.plan.SweepPlan;
import org.ordersweep.plan.TrialSpec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How trials use the cluster: averaging each trial across executors, or whole trials inside single tasks. */
public enum ExecutionMode {
    DATA_PARALLEL(TrainMode.DATA_PARALLEL), TRIAL_PARALLEL(TrainMode.TRIAL_PARALLEL);

    /**
     * Below this many training FLOPs per minibatch, parameter averaging costs more than it gains: DL4J's guidance is
     * that distributed training pays off only when an iteration takes well over ~10 ms, and DL4J trains these CNNs
     * at a few GFLOP/s per core (see docs/performance.md).
     */
    static final double AVERAGING_PAYS_OFF_FLOPS = 250e6;

    private final TrainMode configured;

    ExecutionMode(TrainMode configured) {
        this.configured = configured;
    }

    /** The mode as train.mode names it. */
    public TrainMode trainMode() {
        return configured;
    }

    public String key() {
        return configured.key();
    }

    /** The mode a recorded key names, if it names one. */
    public static Optional<ExecutionMode> ofKey(String key) {
        return Arrays.stream(values()).filter(m -> m.key().equals(key)).findFirst();
    }

    /** The mode to use and why, for the log. */
    public record Choice(ExecutionMode mode, String reason) {
    }

    /**
     * Trial-parallel when there are at least as many trials to train as cores (every core then trains a whole trial
     * and parameter averaging could only add synchronisation and traffic), or when the model is too small for
     * averaging to pay; data-parallel only when cores would otherwise sit idle and the model is large enough.
     *
     * @param trials the trials this run has to train
     * @param cores  the cores Spark can run tasks on (its default parallelism)
     */
    public static Choice choose(SweepConfig config, SweepPlan plan, InputShape shape, int trials, int cores) {
        TrainMode configured = config.train().mode();
        if (configured != TrainMode.AUTO) {
            ExecutionMode m = configured == TrainMode.DATA_PARALLEL ? DATA_PARALLEL : TRIAL_PARALLEL;
            return new Choice(m, "train.mode = " + configured.key());
        }
        if (trials >= cores) {
            return new Choice(TRIAL_PARALLEL, "auto: " + trials + " trials to train on " + cores + " cores, so every "
                    + "core trains whole trials and no time goes to parameter averaging");
        }
        double largest = 0;
        for (TrialSpec t : plan.trials()) {
            double f = CostModel.trainFlopsOrInfinite(t.ordering(), config.model(), shape);
            if (Double.isFinite(f)) {
                largest = Math.max(largest, f);
            }
        }
        double perBatch = largest * config.train().batchSize();
        String est = String.format(Locale.ROOT, "%d trials for %d cores; the largest trial needs %.0f MFLOP per "
                + "minibatch of %d", trials, cores, perBatch / 1e6, config.train().batchSize());
        return perBatch < AVERAGING_PAYS_OFF_FLOPS
                ? new Choice(TRIAL_PARALLEL, "auto: " + est + ", below the " + (long) (AVERAGING_PAYS_OFF_FLOPS / 1e6)
                + " MFLOP where parameter averaging starts to pay; whole trials run in parallel")
                : new Choice(DATA_PARALLEL, "auto: " + est + ", enough for parameter averaging to use the idle cores");
    }
}
