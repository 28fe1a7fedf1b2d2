package org.ordersweep.analysis;

import org.ordersweep.config.ComparisonRule;
import org.ordersweep.plan.SeedRace;

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
        RaceReplay.Report r = RaceReplay.of("relu", acc, first, 3, List.of(2), 4, ComparisonRule.PAIRED);
        assertEquals(Set.of("k0", "k1"), r.exhaustive());
        RaceReplay.Outcome exhaustive = r.policies().get(0);
        assertEquals(48, exhaustive.trainings());
        assertEquals(144, exhaustive.trialEpochs());
        RaceReplay.Outcome race = r.policies().get(1);
        // Paired, each round at 0.05 / 5 rounds / 7 rivals (scipy.stats.ttest_rel, one-sided; differences without
        // spread by the exact count): after 2 seeds only two of the six losers are out (one degree of freedom, and
        // two losers differ from some rival by the same amount at both seeds); after 3 seeds the other four; the
        // two contenders get seeds 4 to 6: 16 + 6 + 2 x 3.
        assertEquals(28, race.trainings());
        assertTrue(race.sameSet(), race.bestSet().toString());
        // Pooled, the noise of all eight classes judges each pair: the six losers are out after 2 seeds, 16 + 2 x 4.
        RaceReplay.Outcome pooled = RaceReplay.of("relu", acc, first, 3, List.of(2), 4, ComparisonRule.POOLED)
                .policies().get(1);
        assertEquals(24, pooled.trainings());
        assertTrue(pooled.sameSet());
        RaceReplay.Outcome halving = r.policies().get(2);
        // 8 classes x 6 seeds x 1 epoch, then the best 2 classes x 6 seeds x 2 more epochs.
        assertEquals(48 + 24, halving.trialEpochs());
        assertTrue(halving.sameSet());
        assertTrue(RaceReplay.text(List.of(r), Map.of()).contains("racing, min-seeds 2"));
    }

    @Test
    void aRoundNotRunToItsEndRulesNobodyOut() {
        SeedRace race = new SeedRace(3, 5, 0.05, ComparisonRule.PAIRED);
        // Three classes far apart (a would rule out c at 3 seeds), but only 2 seeds trained so far: the race has
        // not reached its first round, and every class is still in.
        java.util.Map<String, java.util.Map<Integer, Double>> early = new java.util.TreeMap<>();
        early.put("a", java.util.Map.of(0, 0.90, 1, 0.91));
        early.put("b", java.util.Map.of(0, 0.85, 1, 0.86));
        early.put("c", java.util.Map.of(0, 0.70, 1, 0.71));
        SeedRace.Standing s = race.replay(early);
        assertEquals(java.util.Map.of(), s.outAfter());
        assertEquals(java.util.Set.of("a", "b", "c"), s.left());
        // The first round complete: c is out after 3 seeds; the second round under way (a has its 4th seed, b not
        // yet): the race stands after round one, b still in.
        java.util.Map<String, java.util.Map<Integer, Double>> mid = new java.util.TreeMap<>();
        mid.put("a", java.util.Map.of(0, 0.900, 1, 0.910, 2, 0.905, 3, 0.902));
        mid.put("b", java.util.Map.of(0, 0.899, 1, 0.908, 2, 0.906));
        mid.put("c", java.util.Map.of(0, 0.700, 1, 0.710, 2, 0.705));
        SeedRace.Standing m = race.replay(mid);
        assertEquals(java.util.Map.of("c", 3), m.outAfter());
        assertEquals(java.util.Set.of("a", "b"), m.left());
        assertEquals(9, m.trainings());
    }

    @Test
    void aClassWhoseTrialDivergedLeavesTheRaceAtThatRoundAndTheRaceGoesOn() {
        SeedRace race = new SeedRace(3, 5, 0.05, ComparisonRule.PAIRED);
        // d's trial at seed 1 diverged (NaN: trained, no accuracy); a, b and c close together, all at 4 seeds: the
        // first round ends with d out (not ruled out by any comparison), the second round is complete too.
        java.util.Map<String, java.util.Map<Integer, Double>> bySeed = new java.util.TreeMap<>();
        bySeed.put("a", java.util.Map.of(0, 0.900, 1, 0.910, 2, 0.905, 3, 0.902));
        bySeed.put("b", java.util.Map.of(0, 0.899, 1, 0.908, 2, 0.906, 3, 0.903));
        bySeed.put("c", java.util.Map.of(0, 0.901, 1, 0.907, 2, 0.904, 3, 0.901));
        bySeed.put("d", java.util.Map.of(0, 0.930, 1, Double.NaN, 2, 0.931));
        SeedRace.Standing s = race.replay(bySeed);
        assertEquals(java.util.Map.of("d", 3), s.outAfter());
        assertEquals(java.util.Set.of("d"), s.notOk());
        assertEquals(java.util.Set.of("a", "b", "c"), s.left());
        // 4 classes x 3 seeds, then one more seed for each of the 3 left.
        assertEquals(15, s.trainings());
    }

    @Test
    void aLoneClassLeftEndsTheRaceAsTheRunnerDoes() {
        SeedRace race = new SeedRace(3, 5, 0.05, ComparisonRule.PAIRED);
        // a far above b and c at every seed (a table recorded with every class at every seed), and a's trial at its
        // 4th seed diverged. After 3 seeds only a stays: the runner trains no more seeds for a lone class, so the
        // replay spends 3 x 3 trainings and keeps a; it neither counts a 4th-seed training for a nor lets a's
        // diverged trial there put the race's best out.
        java.util.Map<String, java.util.Map<Integer, Double>> bySeed = new java.util.TreeMap<>();
        bySeed.put("a", java.util.Map.of(0, 0.900, 1, 0.910, 2, 0.905, 3, Double.NaN, 4, 0.902));
        bySeed.put("b", java.util.Map.of(0, 0.700, 1, 0.712, 2, 0.703, 3, 0.701, 4, 0.706));
        bySeed.put("c", java.util.Map.of(0, 0.600, 1, 0.608, 2, 0.604, 3, 0.611, 4, 0.602));
        SeedRace.Standing s = race.replay(bySeed);
        assertEquals(java.util.Set.of("a"), s.left());
        assertEquals(java.util.Map.of("b", 3, "c", 3), s.outAfter());
        assertEquals(java.util.Set.of(), s.notOk());
        assertEquals(9, s.trainings());
    }

    @Test
    void oneRoundDecidesWhoStaysAndWhyTheOthersLeave() {
        SeedRace race = new SeedRace(3, 5, 0.05, ComparisonRule.PAIRED);
        java.util.Map<String, double[]> round = new java.util.LinkedHashMap<>();
        round.put("a", new double[]{0.900, 0.910, 0.905});
        round.put("b", new double[]{0.899, 0.908, 0.906});
        round.put("c", new double[]{0.700, 0.710, 0.705});
        round.put("d", new double[]{0.930, Double.NaN, 0.931});
        SeedRace.Round<String> r = race.round(3, round);
        assertEquals(java.util.Set.of("a", "b"), r.stay());
        assertEquals(java.util.Map.of("c", new org.ordersweep.plan.RaceExit(3, false), "d",
                new org.ordersweep.plan.RaceExit(3, true)), r.exits());
        assertEquals(3, r.compared());
        assertTrue(r.goesOn());
        assertEquals("out of the seed race after 3 seeds: a trial of its diverged or failed",
                r.exits().get("d").text());
        assertEquals("ruled out by the seed race after 3 seeds", r.exits().get("c").text());
        // Two classes, one of which failed: the other is left alone, and the race ends.
        SeedRace.Round<String> alone = race.round(3, java.util.Map.of("a", round.get("a"), "d", round.get("d")));
        assertEquals(java.util.Set.of("a"), alone.stay());
        assertTrue(!alone.goesOn());
    }
}
