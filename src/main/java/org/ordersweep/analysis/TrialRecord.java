package org.ordersweep.analysis;

import org.ordersweep.plan.Setting;

/**
 * One row of trials/ as the analysis needs it. Inherited rows (representative = false) carry no measurement: the
 * analysis gives them their class representative's numbers for the same seed, which is what "the same function"
 * means, and never counts them as extra samples when testing.
 *
 * @param learningRate the trial's rate (rows written before rates could be swept: the sweep's train.learning-rate)
 */
public record TrialRecord(String trialId, String ordering, String activation, int seed, String status,
                          boolean representative, String inheritedFrom, String classId, double accuracy,
                          double secondsPerEpoch, double inferenceSamplesPerSecond, double learningRate) {

    /** A trial of a sweep at one rate (0.001). */
    public TrialRecord(String trialId, String ordering, String activation, int seed, String status,
                       boolean representative, String inheritedFrom, String classId, double accuracy,
                       double secondsPerEpoch, double inferenceSamplesPerSecond) {
        this(trialId, ordering, activation, seed, status, representative, inheritedFrom, classId, accuracy,
                secondsPerEpoch, inferenceSamplesPerSecond, 1e-3);
    }

    public boolean ok() {
        return status.equals("ok");
    }

    /** The block (from the ordering's elements), activation and rate this trial is compared under. */
    public Setting setting() {
        return Setting.of(ordering, activation, learningRate);
    }
}
