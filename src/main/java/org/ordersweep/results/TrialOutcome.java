package org.ordersweep.results;

import java.io.Serializable;
import java.util.List;
import java.util.stream.Stream;

/**
 * What one trial produced: its result row, its learning curve, and the rows of the class members that inherit it.
 */
public record TrialOutcome(TrialRow trial, List<EpochRow> epochs, List<TrialRow> inherited)
        implements Serializable {

    public TrialOutcome withTrial(TrialRow row) {
        return new TrialOutcome(row, epochs, inherited);
    }

    public List<TrialRow> rows() {
        return Stream.concat(Stream.of(trial), inherited.stream()).toList();
    }
}
