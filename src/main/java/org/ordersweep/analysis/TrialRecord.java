package org.ordersweep.analysis;

/**
 * One row of trials/ as the analysis needs it. Inherited rows (representative = false) carry no measurement: the
 * analysis gives them their class representative's numbers for the same seed, which is what "the same function"
 * means, and never counts them as extra samples when testing.
 */
public record TrialRecord(String trialId, String ordering, String activation, int seed, String status,
                          boolean representative, String inheritedFrom, String classId, double accuracy,
                          double secondsPerEpoch, double inferenceSamplesPerSecond) {

    public boolean ok() {
        return status.equals("ok");
    }
}
