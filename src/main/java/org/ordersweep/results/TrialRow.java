package org.ordersweep.results;

import org.ordersweep.domain.Ordering;
import org.ordersweep.plan.Setting;
import org.ordersweep.plan.TrialSpec;

import java.io.Serializable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One planned trial's result; metrics are NaN when not measured. A row with {@code representative = false} belongs
 * to an ordering that was not trained because it computes the same function as its class's representative: its
 * metrics stay empty and {@code inheritedFrom} names the representative's trial, whose results are the class's.
 * {@code attempts} counts the driver's tries (train.retries) and {@code failedTasks} the trial's Spark tasks that
 * failed and were rerun by Spark, e.g. on a lost executor.
 * <p>
 * The one type of a trials/ row: the runner writes it ({@link ResultSchemas#toRow}) and the analysis reads it back
 * ({@link ResultSchemas#trialRow}).
 */
public record TrialRow(String sweepId, String trialId, TrialSpec spec, TrialStatus status, String reason,
                       boolean representative, String inheritedFrom, String classMembers,
                       int epochs, double testAccuracy, double testLoss, double macroF1, double trainSeconds,
                       double trainSecondsPerEpoch, double evalSeconds, double inferenceSamplesPerSecond,
                       long parameters, double validationAccuracy, int rung, String stopReason,
                       int attempts, int failedTasks)
        implements Serializable {

    public static TrialRow measured(String sweepId, String trialId, TrialSpec spec, TrialStatus status, String reason,
                                    int epochs, double testAccuracy, double testLoss, double macroF1,
                                    double trainSeconds, double evalSeconds, double inferenceSamplesPerSecond,
                                    long parameters, double validationAccuracy) {
        return new TrialRow(sweepId, trialId, spec, status, reason, true, null, members(spec), epochs, testAccuracy,
                testLoss, macroF1, trainSeconds, epochs == 0 ? Double.NaN : trainSeconds / epochs, evalSeconds,
                inferenceSamplesPerSecond, parameters, validationAccuracy, 0, null, 1, 0);
    }

    public boolean ok() {
        return status == TrialStatus.OK;
    }

    /** The block, activation and rate this trial is compared under. */
    public Setting setting() {
        return spec.setting();
    }

    /** This trial as recorded at successive-halving rung {@code rung}: stopped there, or (stopReason null) finished. */
    public TrialRow atRung(int rung, String stopReason) {
        return new TrialRow(sweepId, trialId, spec, stopReason == null || status != TrialStatus.OK ? status
                : TrialStatus.STOPPED, reason, representative, inheritedFrom, classMembers, epochs, testAccuracy,
                testLoss, macroF1, trainSeconds, trainSecondsPerEpoch, evalSeconds, inferenceSamplesPerSecond,
                parameters, validationAccuracy, rung, stopReason, attempts, failedTasks);
    }

    /** This row with how often it was tried and how many of its Spark tasks failed on the way. */
    public TrialRow withAttempts(int attempts, int failedTasks) {
        return new TrialRow(sweepId, trialId, spec, status, reason, representative, inheritedFrom, classMembers, epochs,
                testAccuracy, testLoss, macroF1, trainSeconds, trainSecondsPerEpoch, evalSeconds,
                inferenceSamplesPerSecond, parameters, validationAccuracy, rung, stopReason, attempts, failedTasks);
    }

    public static TrialRow notTrained(String sweepId, String trialId, TrialSpec spec, TrialStatus status,
                                      String reason) {
        return measured(sweepId, trialId, spec, status, reason, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, 0, Double.NaN);
    }

    /** The row of a class member that inherits this (representative's) result. */
    public TrialRow inheritedBy(TrialSpec member, String memberTrialId) {
        return new TrialRow(sweepId, memberTrialId, member, status, reason, false, trialId, classMembers, 0,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, parameters,
                Double.NaN, rung, stopReason, 0, 0);
    }

    /** All planned members of the class, representative first, joined by spaces. */
    private static String members(TrialSpec spec) {
        return Stream.concat(Stream.of(spec.ordering()), spec.inheritors().stream()).map(Ordering::key)
                .collect(Collectors.joining(" "));
    }
}
