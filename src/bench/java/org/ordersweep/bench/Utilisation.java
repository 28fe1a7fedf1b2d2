package org.ordersweep.bench;

import org.ordersweep.train.ExecutionMode;

import java.util.List;

/**
 * How much of the machine a sweep kept busy training, from the training time each trial row records:
 * busy core-seconds (a trial's recorded training seconds times the cores it held) over wall time times cores.
 * Everything else a sweep does (Spark start-up of jobs, verification, evaluation, writing results, waiting for the
 * last trial) counts as idle, which is the point: it is what a faster trainer would not remove.
 *
 * @param coresPerTrial 1 in trial-parallel mode (a trial is one task); the workers of the averaging in data-parallel
 *                      mode, where the bench runs one trial at a time so that the cores it holds are all of them
 */
public record Utilisation(ExecutionMode mode, int trials, double wallSeconds, int cores, int coresPerTrial,
                          double trainSeconds, double cpuSeconds) {

    public static Utilisation of(ExecutionMode mode, List<Double> recordedTrainSeconds, double wallSeconds, int cores,
                                 int coresPerTrial, double cpuSeconds) {
        double sum = 0;
        for (double s : recordedTrainSeconds) {
            if (Double.isFinite(s)) {
                sum += s;
            }
        }
        return new Utilisation(mode, recordedTrainSeconds.size(), wallSeconds, cores, coresPerTrial, sum, cpuSeconds);
    }

    public double busyCoreSeconds() {
        return trainSeconds * coresPerTrial;
    }

    /** Busy core-seconds over wall time times cores. */
    public double coreUtilisation() {
        return wallSeconds > 0 && cores > 0 ? busyCoreSeconds() / (wallSeconds * cores) : Double.NaN;
    }

    /** The operating system's view for comparison: the JVM's CPU time over wall time times cores. */
    public double cpuUtilisation() {
        return wallSeconds > 0 && cores > 0 && Double.isFinite(cpuSeconds) ? cpuSeconds / (wallSeconds * cores)
                : Double.NaN;
    }
}
