package org.ordersweep.train;

import org.ordersweep.model.EquivalenceVerifier;
import org.ordersweep.results.VerificationRow;

import java.util.List;

/** The verifier's checks as the rows of verification/ (results knows nothing of the model that made them). */
final class VerificationRows {

    private VerificationRows() {
    }

    static List<VerificationRow> of(List<EquivalenceVerifier.Check> checks) {
        return checks.stream().map(c -> new VerificationRow(c.classId(), c.activation(), c.member(),
                c.isRepresentative(), c.representative(), c.inferenceDiff(), c.trainingDiff(), c.gradientDiff(),
                c.passed(), c.problem(), c.inferenceSamplesPerSecond(), c.trainingSamplesPerSecond())).toList();
    }
}
