package org.ordersweep.results;


import java.util.List;

/**
 * What one trial produced: its result row, its learning curve, and the rows of the class members that inherit it.
 */
public record TrialOutcome(TrialRow trial, List<EpochRow> epochs, List<TrialRow> inherited)
        implements java.io.Serializable {

    public TrialOutcome withTrial(TrialRow row) {
        return new TrialOutcome(row, epochs, inherited);
    }

    public List<TrialRow> rows() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(trial), inherited.stream()).toList();
    }
}
