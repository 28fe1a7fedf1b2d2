package org.ordersweep.analysis;

import org.junit.jupiter.api.Test;
import org.ordersweep.plan.Setting;
import org.ordersweep.results.TrialRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Learning rate and ablation analyses on a fixture whose answer is known by construction: a block with bn
 * (conv>bn>act, conv>act>bn) and the same without it (conv>act, act>conv), at rates 0.001 and 0.01, 6 seeds. Raising
 * the rate barely changes the bn block (+0.001) and costs the other 0.039. Every expected number below comes from
 * numpy and scipy on the same values (scipy.stats.permutation_test with permutation_type='samples' and every sign
 * pattern, ttest_rel's interval, t.ppf for the Bonferroni quantile, f.sf for the interaction).
 */
class RatesAndAblationsTest {

    static final double[][] WITH_BN_LOW = {{0.900, 0.905, 0.895, 0.910, 0.902, 0.898},
            {0.890, 0.893, 0.888, 0.899, 0.891, 0.886}};
    static final double[][] WITH_BN_HIGH = {{0.912, 0.915, 0.905, 0.921, 0.909, 0.911},
            {0.880, 0.889, 0.879, 0.888, 0.884, 0.877}};
    static final double[][] WITHOUT_LOW = {{0.880, 0.884, 0.876, 0.889, 0.881, 0.879},
            {0.870, 0.872, 0.869, 0.878, 0.874, 0.868}};
    static final double[][] WITHOUT_HIGH = {{0.840, 0.846, 0.835, 0.851, 0.842, 0.838},
            {0.830, 0.838, 0.826, 0.842, 0.829, 0.833}};

    static List<TrialRow> fixture(double[][] withLow, double[][] withHigh, double[][] withoutLow,
                                     double[][] withoutHigh, int seeds) {
        List<TrialRow> t = new ArrayList<>();
        add(t, new String[]{"conv>bn>act", "conv>act>bn"}, withLow, 1e-3, seeds);
        add(t, new String[]{"conv>bn>act", "conv>act>bn"}, withHigh, 1e-2, seeds);
        add(t, new String[]{"conv>act", "act>conv"}, withoutLow, 1e-3, seeds);
        add(t, new String[]{"conv>act", "act>conv"}, withoutHigh, 1e-2, seeds);
        return t;
    }

    private static void add(List<TrialRow> t, String[] orderings, double[][] acc, double rate, int seeds) {
        for (int o = 0; o < orderings.length; o++) {
            for (int s = 0; s < seeds; s++) {
                t.add(TestTrials.trial(orderings[o] + rate + s, orderings[o], "relu", s, "ok", true, null,
                        "k" + orderings[o], acc[o][s], 1.0, 100, rate));
            }
        }
    }

    static Analysis.Result result() {
        return TestTrials.analyse(fixture(WITH_BN_LOW, WITH_BN_HIGH, WITHOUT_LOW, WITHOUT_HIGH, 6));
    }

    @Test
    void settingsAreRankedApartAndNamedByWhatVaries() {
        Analysis.Result r = result();
        assertEquals(List.of("relu, lr 0.001, conv+bn+act", "relu, lr 0.01, conv+bn+act", "relu, lr 0.001, conv+act",
                "relu, lr 0.01, conv+act"), r.labels());
        assertEquals(List.of("conv>bn>act", "conv>act>bn"), r.of("relu, lr 0.01, conv+bn+act").stream()
                .map(o -> o.ordering().key()).toList());
        assertEquals(0.9121666666666667, r.of("relu, lr 0.01, conv+bn+act").get(0).accuracy().mean(), 1e-12);
        // Precedence stays within a block: act/conv is varied only by the block without bn, at each rate.
        assertEquals(List.of("relu, lr 0.001, conv+act", "relu, lr 0.01, conv+act"), r.precedence().stream()
                .filter(p -> p.pair().equals("act/conv")).map(Analysis.Precedence::label).toList());
        assertNull(r.interaction()); // one activation
    }

    @Test
    void theRateInteractsWithTheOrderingInTheBnBlockOnly() {
        Analysis.Result r = result();
        assertEquals(2, r.interactions().size());
        Analysis.Interaction bn = r.interactions().stream().filter(i -> i.within().equals("relu, conv+bn+act"))
                .findFirst().orElseThrow();
        assertEquals("learning rate", bn.factor());
        assertEquals(List.of("0.001", "0.01"), bn.levels());
        assertEquals(Map.of("0.001", "conv>bn>act", "0.01", "conv>bn>act"), bn.best());
        assertEquals(1, bn.test().df1());
        assertEquals(15, bn.test().df2());
        assertEquals(138.49240780917825, bn.test().f(), 1e-8);
        assertEquals(5.640210656417353e-09, bn.test().p(), 1e-15);
        Analysis.Interaction without = r.interactions().stream().filter(i -> i.within().equals("relu, conv+act"))
                .findFirst().orElseThrow();
        assertEquals(0.16260162601609826, without.test().f(), 1e-8);
        assertEquals(0.6924617674508261, without.test().p(), 1e-10);
        assertTrue(bn.significant() && !without.significant());
    }

    @Test
    void eachOrderingsBestRate() {
        Map<String, RateEffects.BestRate> best = new java.util.HashMap<>();
        result().rates().forEach(b -> best.put(b.ordering(), b));
        assertEquals(4, best.size());
        assertEquals(0.01, best.get("conv>bn>act").bestRate());
        assertEquals(0.0105, best.get("conv>bn>act").vsNext().estimate(), 1e-12);
        assertEquals(0.03125, best.get("conv>bn>act").vsNext().p(), 1e-12); // 2 of 64 sign patterns
        assertEquals(0.001, best.get("conv>act>bn").bestRate());
        assertEquals(0.008333333333333340, best.get("conv>act>bn").vsNext().estimate(), 1e-12);
        assertEquals(0.001, best.get("conv>act").bestRate());
        assertEquals(List.of(0.001, 0.01), best.get("conv>act").rates());
    }

    @Test
    void removingBnCostsAccuracyWithAnIntervalThatAllowsForPickingBothBests() {
        List<BlockComparisons.Comparison> c = result().blocks();
        assertEquals(2, c.size());
        BlockComparisons.Comparison low = c.stream().filter(x -> x.learningRate() == 1e-3).findFirst().orElseThrow();
        assertEquals("relu, lr 0.001", low.within());
        assertEquals(List.of("bn"), low.removed());
        assertEquals("conv>bn>act", low.bestLarger());
        assertEquals("conv>act", low.bestSmaller());
        assertEquals(4, low.pairs());
        assertEquals(0.020166666666666777, low.estimate(), 1e-12);
        assertEquals(0.018637382268705933, low.low(), 1e-10);
        assertEquals(0.021695951064627433, low.high(), 1e-10);
        assertEquals("removing it costs accuracy", low.reading(0.01));
        BlockComparisons.Comparison high = c.stream().filter(x -> x.learningRate() == 1e-2).findFirst()
                .orElseThrow();
        assertEquals(0.07016666666666682, high.estimate(), 1e-12);
        assertEquals(0.06684275447505439, high.low(), 1e-10);
        assertEquals(0.07349057885827906, high.high(), 1e-10);
    }

    /**
     * Max pooling against average pooling: blocks of one size that differ in one element are compared head to head,
     * the max-pool block first, with the same simultaneous interval (numbers from scipy's ttest_rel intervals at the
     * Bonferroni level over the 4 pairs of classes).
     */
    @Test
    void averagePoolingForMaxPoolingIsComparedHeadToHead() {
        List<TrialRow> t = new ArrayList<>();
        add(t, new String[]{"conv>pool>act", "conv>act>pool"}, WITH_BN_LOW, 1e-3, 6);
        add(t, new String[]{"conv>avgpool>act", "conv>act>avgpool"}, new double[][]{
                {0.880, 0.884, 0.876, 0.889, 0.881, 0.879}, {0.885, 0.887, 0.881, 0.893, 0.884, 0.882}}, 1e-3, 6);
        List<BlockComparisons.Comparison> c = TestTrials.analyse(t).blocks();
        assertEquals(1, c.size()); // once, not both ways round
        BlockComparisons.Comparison swap = c.get(0);
        assertEquals("conv+act+pool", swap.larger());
        assertEquals("conv+act+avgpool", swap.smaller());
        assertEquals(List.of("pool"), swap.removed());
        assertEquals(List.of("avgpool"), swap.added());
        assertEquals("avgpool for pool", swap.change());
        assertEquals("conv>pool>act", swap.bestLarger());
        assertEquals("conv>act>avgpool", swap.bestSmaller());
        assertEquals(4, swap.pairs());
        assertEquals(0.01633333333333331, swap.estimate(), 1e-12);
        assertEquals(0.013793330200103083, swap.low(), 1e-10);
        assertEquals(0.018873336466563615, swap.high(), 1e-10);
        assertEquals("replacing it costs accuracy", swap.reading(0.01));
        // Blocks that differ in more than one element, or in one element and in size, are not paired this way.
        assertFalse(BlockComparisons.replacesOne(Setting.of("conv>pool>act", "relu", 1e-3),
                Setting.of("conv>avgpool>bn", "relu", 1e-3)));
        assertFalse(BlockComparisons.replacesOne(Setting.of("conv>avgpool>act", "relu", 1e-3),
                Setting.of("conv>pool>act", "relu", 1e-3))); // the max-pool block comes first
    }

    @Test
    void claimEightIsSupportedWhenBnProtectsAgainstTheHigherRate() {
        Analysis.Result r = result();
        RateEffects.BnContrast b = r.bnRates().get(0);
        assertEquals(0.0010833333333333435, b.changeWith(), 1e-12);
        assertEquals(-0.03916666666666668, b.changeWithout(), 1e-12);
        assertEquals(0.04025000000000003, b.gain().estimate(), 1e-12);
        assertEquals(0.03810570738877938, b.gain().low(), 1e-10);
        assertEquals(0.04239429261122068, b.gain().high(), 1e-10);
        assertEquals(0.03125, b.gain().p(), 1e-12);
        assertEquals(1.0, b.margin().pEquivalent(), 1e-12);
        assertEquals(0.03125, b.margin().pBeyond(), 1e-12);
        assertEquals(0.01, b.bestRateWith());
        assertEquals(0.001, b.bestRateWithout());
        Findings.Finding f = TestTrials.findings(r, List.of("relu"), 0.25).get(7);
        assertEquals(8, f.claim());
        assertEquals(Findings.Verdict.SUPPORTED, f.verdict());
        assertEquals(0.03125, f.pAdjusted(), 1e-12);
        assertTrue(f.evidence().contains("with minus without +0.0403 [+0.0381, +0.0424] over 6 seeds"),
                f.evidence());
        assertTrue(f.evidence().contains("Best rate by the block's mean: 0.01 with bn, 0.001 without."),
                f.evidence());
    }

    /** The block without bn now loses what the bn block loses, to within 0.002 at every seed: no protection. */
    @Test
    void claimEightIsRefutedWhenRaisingTheRateCostsTheSameWithAndWithoutBn() {
        double[][] withoutHigh = new double[2][6];
        double[] wobble = {0.001, -0.001, 0.002, 0.0, -0.002, 0.001};
        for (int o = 0; o < 2; o++) {
            for (int s = 0; s < 6; s++) {
                withoutHigh[o][s] = WITHOUT_LOW[o][s] + (WITH_BN_HIGH[o][s] - WITH_BN_LOW[o][s]) + wobble[s];
            }
        }
        Analysis.Result r = TestTrials.analyse(fixture(WITH_BN_LOW, WITH_BN_HIGH, WITHOUT_LOW, withoutHigh, 6));
        RateEffects.BnContrast b = r.bnRates().get(0);
        assertEquals(-0.0001666666666666, b.gain().estimate(), 1e-9);
        assertEquals(1.0 / 64, b.margin().pEquivalent(), 1e-12); // each one-sided test: 1 of 64 sign patterns
        assertEquals(Findings.Verdict.REFUTED, TestTrials.findings(r, List.of("relu"), 0.25).get(7).verdict());
    }

    /** One seed: no paired test, no interval: nothing is decided. */
    @Test
    void oneSeedDecidesNothing() {
        Analysis.Result r = TestTrials.analyse(fixture(WITH_BN_LOW, WITH_BN_HIGH, WITHOUT_LOW, WITHOUT_HIGH, 1));
        assertTrue(Double.isNaN(r.bnRates().get(0).gain().p()));
        assertEquals(Findings.Verdict.INCONCLUSIVE, TestTrials.findings(r, List.of("relu"), 0.25).get(7).verdict());
        BlockComparisons.Comparison c = r.blocks().get(0);
        assertEquals(0.900 - 0.880, c.estimate(), 1e-12);
        assertTrue(Double.isNaN(c.low()) && Double.isNaN(c.high()));
        assertEquals("no interval", c.reading(0.01));
        assertTrue(r.interactions().isEmpty()); // an interaction needs two seeds
    }

    /** Differences that never vary between seeds give no interval, never a zero-width one. */
    @Test
    void aConstantDifferenceGivesNoInterval() {
        double[][] withoutLow = new double[2][6];
        for (int s = 0; s < 6; s++) {
            withoutLow[0][s] = WITH_BN_LOW[0][s] - 0.02;
            withoutLow[1][s] = WITH_BN_LOW[1][s] - 0.02;
        }
        Analysis.Result r = TestTrials.analyse(fixture(WITH_BN_LOW, WITH_BN_HIGH, withoutLow, WITHOUT_HIGH, 6));
        BlockComparisons.Comparison c = r.blocks().stream().filter(x -> x.learningRate() == 1e-3).findFirst()
                .orElseThrow();
        assertEquals(0.02, c.estimate(), 1e-12);
        assertTrue(Double.isNaN(c.low()));
    }

    /** Claim 7 is judged on settings with two or more classes; a lone class has no order to reverse. */
    @Test
    void aSettingWithOneClassSaysNothingAboutOrder() {
        List<TrialRow> lone = new ArrayList<>();
        add(lone, new String[]{"conv>act"}, WITHOUT_LOW, 1e-3, 6);
        Findings.Finding f = TestTrials.findings(TestTrials.analyse(lone), List.of("relu"), 0.25).get(6);
        assertEquals(Findings.Verdict.NOT_TESTED, f.verdict());
        // With the fixture's two blocks, the verdict comes from the settings that have several classes only.
        List<TrialRow> both = new ArrayList<>(fixture(WITH_BN_LOW, WITH_BN_HIGH, WITHOUT_LOW, WITHOUT_HIGH, 6));
        both.removeIf(t -> t.spec().ordering().key().equals("act>conv"));
        Findings.Finding g = TestTrials.findings(TestTrials.analyse(both), List.of("relu"), 0.25).get(6);
        assertTrue(!g.evidence().contains("conv+act:"), g.evidence());
    }
}
