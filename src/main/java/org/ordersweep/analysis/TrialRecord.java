package org.ordersweep.analysis;

import org.ordersweep.domain.Ordering;
import org.ordersweep.plan.Setting;
import org.ordersweep.results.TrialStatus;

/**
 * One row of trials/ as the analysis needs it. Inherited rows (representative = false) carry no measurement: the
 * analysis gives them their class representative's numbers for the same seed, which is what "the same function"
 * means, and never counts them as extra samples when testing.
 *
 * @param learningRate the trial's rate (rows written before rates could be swept: the sweep's train.learning-rate)
 */
public record TrialRecord(String trialId, Ordering ordering, String activation, int seed, TrialStatus status,
                          boolean representative, String inheritedFrom, String classId, double accuracy,
                          double secondsPerEpoch, double inferenceSamplesPerSecond, double learningRate) {

    public boolean ok() {
        return status == TrialStatus.OK;
    }

    /** The block (from the ordering's elements), activation and rate this trial is compared under. */
    public Setting setting() {
        return Setting.of(ordering, activation, learningRate);
    }
}
