package org.ordersweep.analysis;

import org.ordersweep.domain.Ordering;
import org.ordersweep.results.TrialStatus;

import java.util.List;

/**
 * Trials written the short way tests write them: orderings and statuses as stored text, by default a sweep at one
 * rate (0.001).
 */
final class TestTrials {

    private TestTrials() {
    }

    static TrialRecord trial(String trialId, String ordering, String activation, int seed, String status,
                             boolean representative, String inheritedFrom, String classId, double accuracy,
                             double secondsPerEpoch, double inferenceSamplesPerSecond) {
        return trial(trialId, ordering, activation, seed, status, representative, inheritedFrom, classId, accuracy,
                secondsPerEpoch, inferenceSamplesPerSecond, 1e-3);
    }

    static TrialRecord trial(String trialId, String ordering, String activation, int seed, String status,
                             boolean representative, String inheritedFrom, String classId, double accuracy,
                             double secondsPerEpoch, double inferenceSamplesPerSecond, double learningRate) {
        return new TrialRecord(trialId, Ordering.parse(ordering), activation, seed, TrialStatus.parse(status), representative,
                inheritedFrom, classId, accuracy, secondsPerEpoch, inferenceSamplesPerSecond, learningRate);
    }

    /** The analysis with its default options: margin 0.01, the canonical control, every class at every seed. */
    static Analysis.Result analyse(List<TrialRecord> trials) {
        return Analysis.of(trials, Analysis.Options.DEFAULT);
    }

    /** The findings without the verification pass's timings. */
    static List<Findings.Finding> findings(Analysis.Result r, List<String> activations, double dropoutRate) {
        return Findings.of(r, activations, dropoutRate, null);
    }
}
