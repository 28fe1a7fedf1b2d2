package org.ordersweep.train;

import org.junit.jupiter.api.Test;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.model.InputShape;
import org.ordersweep.plan.TrialSpec;
import org.ordersweep.results.TrialRow;
import org.ordersweep.results.TrialStatus;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Who goes on after a rung of successive halving, on outcomes whose validation accuracies are given. */
class HalvingPolicyTest {

    private static List<TrialOutcome> outcomes(double... validation) {
        SweepConfig c = ConfigLoader.load(null, List.of("sweep.block=[conv,bn,act,pool]"));
        List<TrialSpec> specs = SweepRunner.plan(c, new InputShape(1, 28, 28, 10)).trials();
        List<TrialOutcome> out = new ArrayList<>();
        for (int i = 0; i < validation.length; i++) {
            TrialStatus status = Double.isNaN(validation[i]) ? TrialStatus.DIVERGED : TrialStatus.OK;
            TrialRow row = TrialRow.measured("s", "t" + i, specs.get(i), status, null, 1, 0.5, 1.0, 0.5, 1.0, 0.1,
                    100, 10, validation[i]);
            out.add(new TrialOutcome(row, List.of(), List.of()));
        }
        return out;
    }

    @Test
    void theBestThirdOfTheTrialsReachingTheRungGoOn() {
        List<TrialOutcome> o = outcomes(0.70, 0.90, Double.NaN, 0.80, 0.60, 0.85);
        HalvingPolicy.Decision d = HalvingPolicy.afterRung(o, 6, 3, 1);
        assertEquals(2, d.keep());
        assertEquals(List.of("t1", "t5"), d.goOn().stream().map(x -> x.trial().trialId()).toList());
        // The diverged trial is neither kept nor stopped here: it was recorded as it ended.
        assertEquals(List.of("t3", "t0", "t4"), d.stopped().stream().map(x -> x.outcome().trial().trialId())
                .toList());
        assertEquals("successive halving: validation accuracy 0.8000 ranked 3 of 5 after 1 epochs; the best 2 went "
                + "on", d.stopped().get(0).reason());
    }

    @Test
    void trialsRecordedBeforeCountTowardsTheShareThatGoesOn() {
        // 9 trials of the plan reach the rung, 3 of them trained now: 3 places, so all three go on.
        HalvingPolicy.Decision d = HalvingPolicy.afterRung(outcomes(0.5, 0.6, 0.7), 9, 3, 2);
        assertEquals(3, d.keep());
        assertEquals(3, d.goOn().size());
        assertEquals(0, d.stopped().size());
    }
}
