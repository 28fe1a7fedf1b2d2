package org.ordersweep.analysis;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The replay on a recorded table whose answer is known: two close contenders and six clear losers. */
class RaceReplayTest {

    private static final double[] NOISE = {0.004, -0.003, 0.001, -0.002, 0.003, -0.001};

    @Test
    void theRaceSpendsSeedsOnContendersOnlyAndFindsTheSameSet() {
        Map<String, Map<Integer, Double>> acc = new TreeMap<>();
        Map<String, Map<Integer, Double>> first = new TreeMap<>();
        for (int c = 0; c < 8; c++) {
            Map<Integer, Double> m = new TreeMap<>();
            Map<Integer, Double> f = new TreeMap<>();
            for (int s = 0; s < 6; s++) {
                double mean = c < 2 ? 0.90 - 0.001 * c : 0.70 - 0.01 * c;
                m.put(s, mean + NOISE[(s + c) % 6]);
                f.put(s, mean - 0.05 + NOISE[(s + 2 * c) % 6]);
            }
            acc.put("k" + c, m);
            first.put("k" + c, f);
        }
        RaceReplay.Report r = RaceReplay.of("relu", acc, first, 3, List.of(2), 4);
        assertEquals(Set.of("k0", "k1"), r.exhaustive());
        RaceReplay.Outcome exhaustive = r.policies().get(0);
        assertEquals(48, exhaustive.trainings());
        assertEquals(144, exhaustive.trialEpochs());
        RaceReplay.Outcome race = r.policies().get(1);
        // Round 1: 8 classes x 2 seeds; the six losers are out; the two contenders get seeds 3 to 6: 16 + 2 x 4.
        assertEquals(24, race.trainings());
        assertTrue(race.sameSet(), race.bestSet().toString());
        RaceReplay.Outcome halving = r.policies().get(2);
        // 8 classes x 6 seeds x 1 epoch, then the best 2 classes x 6 seeds x 2 more epochs.
        assertEquals(48 + 24, halving.trialEpochs());
        assertTrue(halving.sameSet());
        assertTrue(RaceReplay.text(List.of(r), Map.of()).contains("racing, min-seeds 2"));
    }
}
