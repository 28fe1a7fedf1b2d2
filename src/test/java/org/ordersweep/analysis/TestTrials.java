package org.ordersweep.analysis;

import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.Ordering;
import org.ordersweep.plan.TrialSpec;
import org.ordersweep.results.TrialRow;
import org.ordersweep.results.TrialStatus;

import java.util.List;

/**
 * Trials written the short way tests write them: orderings, activations and statuses as stored text, by default a
 * sweep at one rate (0.001); what the analysis does not read is left empty.
 */
final class TestTrials {

    private TestTrials() {
    }

    static TrialRow trial(String trialId, String ordering, String activation, int seed, String status,
                          boolean representative, String inheritedFrom, String classId, double accuracy,
                          double secondsPerEpoch, double inferenceSamplesPerSecond) {
        return trial(trialId, ordering, activation, seed, status, representative, inheritedFrom, classId, accuracy,
                secondsPerEpoch, inferenceSamplesPerSecond, 1e-3);
    }

    static TrialRow trial(String trialId, String ordering, String activation, int seed, String status,
                          boolean representative, String inheritedFrom, String classId, double accuracy,
                          double secondsPerEpoch, double inferenceSamplesPerSecond, double learningRate) {
        TrialSpec spec = new TrialSpec(Ordering.parse(ordering), ActivationKind.parse(activation), learningRate, seed,
                seed, classId, List.of());
        return new TrialRow("sweep", trialId, spec, TrialStatus.parse(status), null, representative, inheritedFrom,
                ordering, 0, accuracy, Double.NaN, Double.NaN, Double.NaN, secondsPerEpoch, Double.NaN,
                inferenceSamplesPerSecond, 0, Double.NaN, 0, null, 1, 0);
    }

    /** The analysis with its default options: margin 0.01, the canonical control, every class at every seed. */
    static Analysis.Result analyse(List<TrialRow> trials) {
        return Analysis.of(trials, Analysis.Options.DEFAULT);
    }

    /** The findings without the verification pass's timings. */
    static List<Findings.Finding> findings(Analysis.Result r, List<String> activations, double dropoutRate) {
        return Findings.of(r, activations, dropoutRate, null);
    }
}
