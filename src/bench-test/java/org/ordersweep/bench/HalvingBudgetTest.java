package org.ordersweep.bench;

import org.junit.jupiter.api.Test;
import org.ordersweep.config.SweepConfig;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HalvingBudgetTest {

    @Test
    void quickstartWithHalvingOnTrainsTwoRungs() {
        List<Integer> rungs = new SweepConfig.Halving(true, 1, 3, 0.1).rungs(2);
        HalvingBudget b = HalvingBudget.of(72, rungs, 3, 0.1);
        assertEquals(List.of(1, 2), b.rungs());
        assertEquals(List.of(72, 24), b.trialsPerRung());
        assertEquals(72 + 24 * 2, b.trialEpochs());
        assertEquals(144, b.trialEpochsWithoutHalving());
        assertEquals(1 - 120 * 0.9 / 144, b.savedShare(), 1e-12);
    }

    @Test
    void survivorsAreRoundedUpAtEveryRung() {
        List<Integer> rungs = new SweepConfig.Halving(true, 1, 3, 0.1).rungs(10);
        HalvingBudget b = HalvingBudget.of(60, rungs, 3, 0.0);
        assertEquals(List.of(1, 3, 9, 10), b.rungs());
        assertEquals(List.of(60, 20, 7, 3), b.trialsPerRung());
        assertEquals(60 + 60 + 63 + 30, b.trialEpochs());
        assertEquals(600, b.trialEpochsWithoutHalving());
    }

    @Test
    void oneRungSavesNothingButTheValidationShare() {
        HalvingBudget b = HalvingBudget.of(10, List.of(4), 3, 0.0);
        assertEquals(40, b.trialEpochs());
        assertEquals(0.0, b.savedShare(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> HalvingBudget.of(10, List.of(), 3, 0.1));
    }
}
