package org.ordersweep.train;

import org.ordersweep.results.TrialOutcome;

import org.junit.jupiter.api.Test;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.domain.InputShape;
import org.ordersweep.plan.TrialSpec;
import org.ordersweep.results.TrialRow;
import org.ordersweep.results.TrialStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which classes go on after a rung of successive halving, on outcomes whose validation accuracies are given. */
class HalvingPolicyTest {

    /** The setting (block, activation, rate) every outcome below belongs to. */
    private static final String RELU = "conv+bn+act+pool relu lr=0.001";

    /** One trial per class (the first specs of the plan, seed 0), with the validation accuracies given. */
    private static List<TrialOutcome> outcomes(double... validation) {
        return outcomes(1, validation);
    }

    /** {@code seeds} trials per class: validation[i] belongs to class i / seeds, seed i % seeds. */
    private static List<TrialOutcome> outcomes(int seeds, double... validation) {
        SweepConfig c = ConfigLoader.load(null, List.of("sweep.block=[conv,bn,act,pool]", "sweep.seeds=" + seeds));
        List<TrialSpec> specs = SweepRunner.plan(c, new InputShape(1, 28, 28, 10)).trials();
        List<TrialOutcome> out = new ArrayList<>();
        for (int i = 0; i < validation.length; i++) {
            int cls = i / seeds;
            int seed = i % seeds;
            TrialSpec spec = specs.stream().filter(t -> t.seedIndex() == seed).skip(cls).findFirst().orElseThrow();
            TrialStatus status = Double.isNaN(validation[i]) ? TrialStatus.DIVERGED : TrialStatus.OK;
            TrialRow row = TrialRow.measured("s", "t" + i, spec, status, null, 1, 0.5, 1.0, 0.5, 1.0, 0.1,
                    100, 10, validation[i]);
            out.add(new TrialOutcome(row, List.of(), List.of()));
        }
        return out;
    }

    private static List<String> ids(List<TrialOutcome> o) {
        return o.stream().map(x -> x.trial().trialId()).toList();
    }

    @Test
    void theBestThirdOfTheClassesReachingTheRungGoOn() {
        List<TrialOutcome> o = outcomes(0.70, 0.90, Double.NaN, 0.80, 0.60, 0.85);
        HalvingPolicy.Decision d = HalvingPolicy.afterRung(o, Map.of(RELU, 6), 3, 1);
        assertEquals(Map.of(RELU, 2), d.keep());
        assertEquals(Set.of("t1", "t5"), Set.copyOf(ids(d.goOn())));
        // The diverged trial is neither kept nor stopped here: it was recorded as it ended.
        assertEquals(Set.of("t3", "t0", "t4"), d.stopped().stream().map(x -> x.outcome().trial().trialId())
                .collect(java.util.stream.Collectors.toSet()));
        assertTrue(d.stopped().get(0).reason().startsWith("successive halving: class mean validation accuracy "),
                d.stopped().get(0).reason());
    }

    @Test
    void classesAreRankedByTheirMeanOverSeedsAndKeepEverySeed() {
        // Class 0: one lucky seed (0.95) and one poor (0.55), mean 0.75; class 1: 0.80 and 0.82, mean 0.81;
        // class 2: 0.60 and 0.62. Ranking single trials would keep class 0's lucky seed alone.
        List<TrialOutcome> o = outcomes(2, 0.95, 0.55, 0.80, 0.82, 0.60, 0.62);
        HalvingPolicy.Decision d = HalvingPolicy.afterRung(o, Map.of(RELU, 3), 3, 1);
        assertEquals(Set.of("t2", "t3"), Set.copyOf(ids(d.goOn())));
        assertEquals(4, d.stopped().size());
        assertTrue(d.stopped().get(0).reason().contains("0.7500 over 2 seeds ranked 2 of 3"),
                d.stopped().get(0).reason());
    }

    @Test
    void classesRecordedBeforeCountTowardsTheShareThatGoesOn() {
        // 9 classes of the plan reach the rung, 3 of them trained now: 3 places, so all three go on.
        HalvingPolicy.Decision d = HalvingPolicy.afterRung(outcomes(0.5, 0.6, 0.7), Map.of(RELU, 9), 3, 2);
        assertEquals(3, d.keep().get(RELU));
        assertEquals(3, d.goOn().size());
        assertEquals(0, d.stopped().size());
    }

    /** Classes at different learning rates are ranked separately: halving never drops a whole rate. */
    @Test
    void eachLearningRateKeepsItsOwnShare() {
        SweepConfig c = ConfigLoader.load(null, List.of("sweep.block=[conv,bn,act,pool]",
                "sweep.learning-rates=[0.001,0.01]"));
        List<TrialSpec> specs = SweepRunner.plan(c, new InputShape(1, 28, 28, 10)).trials();
        List<TrialOutcome> out = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            TrialSpec spec = specs.get(i);
            // Every class at 0.01 is worse than every class at 0.001.
            double validation = (spec.learningRate() == 0.01 ? 0.3 : 0.8) + 0.001 * i;
            out.add(new TrialOutcome(TrialRow.measured("s", "t" + i, spec, TrialStatus.OK, null, 1, 0.5, 1.0, 0.5,
                    1.0, 0.1, 100, 10, validation), List.of(), List.of()));
        }
        int perRate = specs.size() / 2;
        HalvingPolicy.Decision d = HalvingPolicy.afterRung(out, Map.of(), 3, 1);
        assertEquals(Map.of(RELU, (perRate + 2) / 3, "conv+bn+act+pool relu lr=0.01", (perRate + 2) / 3), d.keep());
        assertEquals(2 * ((perRate + 2) / 3), d.goOn().size());
        assertEquals(Set.of(0.001, 0.01), d.goOn().stream().map(o -> o.trial().spec().learningRate())
                .collect(java.util.stream.Collectors.toSet()));
    }
}
