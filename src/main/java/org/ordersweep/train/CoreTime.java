package org.ordersweep.train;

import org.ordersweep.results.EpochRow;
import org.ordersweep.results.TrialOutcome;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * How busy a run's training kept the cores: the seconds its trials' epochs spent training and then evaluating, on
 * every core a trial used (a data-parallel trial's workers), over the cores' time from the start of training to the
 * last trial's end. The rest went to what no epoch records: starting trials, building and checking networks, reading
 * data, writing results, collecting, and cores left idle. Each epoch counts once, so a trial continued from a
 * checkpoint (successive halving) does not count its earlier rung's epochs again.
 */
final class CoreTime {

    private final int workersPerTrial;
    private final long startNanos;
    private final Set<String> counted = new HashSet<>();
    private double trainingSeconds;
    private double evaluationSeconds;
    private double coreSeconds;
    private int cores;
    private int fewestCores;
    private int mostCores;
    private long endNanos;

    /** @param cores the cores at the start (Spark's default parallelism) */
    CoreTime(int cores, int workersPerTrial, long startNanos) {
        this.cores = cores;
        this.fewestCores = cores;
        this.mostCores = cores;
        this.workersPerTrial = workersPerTrial;
        this.startNanos = startNanos;
        this.endNanos = startNanos;
    }

    /**
     * A trial's outcome, recorded at {@code nowNanos} with {@code coresNow} cores. Executors come and go (dynamic
     * allocation, a lost worker): the time since the last record counts with the more of the cores then and now, so
     * that a change between two records never makes the cores look busier than they were.
     */
    synchronized void add(TrialOutcome outcome, long nowNanos, int coresNow) {
        if (nowNanos > endNanos) {
            coreSeconds += Math.max(cores, coresNow) * (nowNanos - endNanos) / 1e9;
            endNanos = nowNanos;
        }
        cores = coresNow;
        fewestCores = Math.min(fewestCores, coresNow);
        mostCores = Math.max(mostCores, coresNow);
        for (EpochRow e : outcome.epochs()) {
            if (counted.add(e.trialId() + "\n" + e.epoch())) {
                trainingSeconds += e.seconds() * workersPerTrial;
                if (Double.isFinite(e.evalSeconds())) { // NaN in a checkpoint from before it was recorded
                    evaluationSeconds += e.evalSeconds() * workersPerTrial;
                }
            }
        }
    }

    /** The shares of the cores' time, in percent: training, evaluating; NaN before any time has passed. */
    synchronized double[] percent() {
        return coreSeconds <= 0 ? new double[]{Double.NaN, Double.NaN}
                : new double[]{100 * trainingSeconds / coreSeconds, 100 * evaluationSeconds / coreSeconds};
    }

    /** One line for the run's log. */
    synchronized String summary() {
        if (counted.isEmpty()) {
            return "Training kept no core busy: no epoch was trained.";
        }
        double[] p = percent();
        return String.format(Locale.ROOT, "Training kept %s %.1f%% busy over %.1f s: %.1f%% of the time in the "
                        + "trials' epochs and %.1f%% in the evaluations after them (the rest: starting trials, "
                        + "building networks, reading data, writing results, collecting, idle cores).",
                coresSaid(), p[0] + p[1], (endNanos - startNanos) / 1e9,
                p[0], p[1]);
    }

    private String coresSaid() {
        if (fewestCores != mostCores) {
            return fewestCores + " to " + mostCores + " cores (as executors came and went)";
        }
        return mostCores == 1 ? "the one core" : "the " + mostCores + " cores";
    }
}
