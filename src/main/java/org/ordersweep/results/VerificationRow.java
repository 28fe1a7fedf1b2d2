package org.ordersweep.results;

/**
 * One row of verification/: one ordering checked against its class's representative (the representative itself with
 * no differences). NaN stands for a value not measured.
 *
 * @param ordering               the ordering checked
 * @param representative         whether it is its class's representative
 * @param representativeOrdering the representative it was compared with
 */
public record VerificationRow(String classId, String activation, String ordering, boolean representative,
                              String representativeOrdering, double inferenceDiff, double trainingDiff,
                              double gradientDiff, boolean passed, String problem, double inferenceSamplesPerSecond,
                              double trainingSamplesPerSecond) {
}
