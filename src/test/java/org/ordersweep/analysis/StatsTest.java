package org.ordersweep.analysis;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checked against values computed independently (printed t tables, scipy.stats, Holm by hand). */
class StatsTest {

    @Test
    void tQuantilesMatchTheTables() {
        assertEquals(12.706, Stats.tQuantile(0.975, 1), 1e-3);
        assertEquals(2.776, Stats.tQuantile(0.975, 4), 1e-3);
        assertEquals(2.262, Stats.tQuantile(0.975, 9), 1e-3);
        assertEquals(1.960, Stats.tQuantile(0.975, 1e7), 1e-3);
    }

    @Test
    void summaryAndInterval() {
        // mean 3, sd sqrt(2.5) = 1.5811; half width 2.776 * 1.5811 / sqrt(5) = 1.9632
        Stats.Summary s = Stats.summarize(new double[]{1, 2, 3, 4, 5});
        assertEquals(5, s.n());
        assertEquals(3.0, s.mean(), 1e-12);
        assertEquals(1.58114, s.std(), 1e-5);
        assertEquals(3 - 1.96324, s.low(), 1e-4);
        assertEquals(3 + 1.96324, s.high(), 1e-4);
        assertTrue(Double.isNaN(Stats.summarize(new double[]{0.9}).low()));
    }

    @Test
    void fewSeedsAreTestedExactlyByPermutationWithWelchsInterval() {
        // scipy.stats.permutation_test((a, b), mean(x) - mean(y), permutation_type='independent',
        // n_resamples=inf): p = 0.05714285714285714 (4 of 70 relabellings); the interval stays Welch's
        // (scipy.stats.ttest_ind(a, b, equal_var=False): 95% CI 0.007663 .. 0.052337).
        Stats.Difference d = Stats.welch(new double[]{0.80, 0.82, 0.81, 0.83}, new double[]{0.78, 0.79, 0.80, 0.77});
        assertEquals(0.03, d.estimate(), 1e-12);
        assertEquals("permutation exact", d.test());
        assertEquals(0.05714285714285714, d.p(), 1e-12);
        assertEquals(0.007663, d.low(), 1e-5);
        assertEquals(0.052337, d.high(), 1e-5);
        // Unequal sizes, an asymmetric null distribution: scipy p = 0.07142857142857142 (Welch's t says 0.0122).
        assertEquals(0.07142857142857142, Stats.welch(new double[]{0.9, 0.91, 0.95},
                new double[]{0.8, 0.85, 0.81, 0.79, 0.9}).p(), 1e-12);
    }

    @Test
    void manySeedsUseWelchsTTest() {
        // 12 + 12: 2.7 million relabellings. scipy.stats.ttest_ind(a, b, equal_var=False): p = 0.011946334114157667,
        // 95% CI 0.0025588800462305883 .. 0.01807445328710247.
        double[] a = {0.8519, 0.8448, 0.8459, 0.8256, 0.868, 0.8614, 0.8467, 0.8577, 0.8528, 0.8445, 0.8598, 0.8469};
        double[] b = {0.8361, 0.8305, 0.8455, 0.8388, 0.8465, 0.8327, 0.8415, 0.8293, 0.8501, 0.8423, 0.844, 0.8449};
        Stats.Difference d = Stats.welch(a, b);
        assertEquals("welch", d.test());
        assertEquals(0.011946334114157667, d.p(), 1e-10);
        assertEquals(0.0025588800462305883, d.low(), 1e-10);
        assertEquals(0.01807445328710247, d.high(), 1e-10);
    }

    @Test
    void fewPairsAreTestedExactlyBySignFlips() {
        // scipy.stats.permutation_test((a, b), mean(x - y), permutation_type='samples', n_resamples=inf):
        // differences 0.02, 0.03, 0.01, 0.02 all positive: p = 2/16 = 0.125 (the t-test says 0.016); the interval
        // stays the paired t's (scipy.stats.ttest_rel: 95% CI 0.007008 .. 0.032992).
        Stats.Difference d = Stats.paired(new double[]{0.80, 0.82, 0.81, 0.83}, new double[]{0.78, 0.79, 0.80, 0.81});
        assertEquals(0.02, d.estimate(), 1e-12);
        assertEquals("sign-flip exact", d.test());
        assertEquals(0.125, d.p(), 1e-12);
        assertEquals(0.007008, d.low(), 1e-5);
        assertEquals(0.032992, d.high(), 1e-5);
        // Ties and zero differences: scipy p = 0.5.
        assertEquals(0.5, Stats.signFlipP(new double[]{0.01, 0.0, 0.01, 0.02, -0.01}), 1e-12);
    }

    @Test
    void manyPairsUseThePairedTTest() {
        // scipy.stats.ttest_rel(x, y): p = 0.00966965353350399, 95% CI 0.000849610877641111 .. 0.005390389122358879.
        double[] x = {0.8535, 0.8582, 0.8533, 0.837, 0.8591, 0.8545, 0.8446, 0.8558, 0.8536, 0.8529, 0.8503, 0.8555,
                0.8426, 0.8484, 0.8452, 0.856, 0.8504, 0.8471, 0.8422, 0.8474};
        double[] y = {0.8505, 0.8541, 0.8555, 0.838, 0.8453, 0.8439, 0.8409, 0.8511, 0.8515, 0.8508, 0.8558, 0.8481,
                0.8381, 0.8536, 0.8448, 0.8557, 0.8453, 0.8375, 0.8399, 0.8448};
        Stats.Difference d = Stats.paired(x, y);
        assertEquals("paired t", d.test());
        assertEquals(0.00966965353350399, d.p(), 1e-10);
        assertEquals(0.000849610877641111, d.low(), 1e-10);
        assertEquals(0.005390389122358879, d.high(), 1e-10);
    }

    /** Quantised accuracies can be equal at every seed: that must never read as certainty. */
    @Test
    void aZeroStandardErrorGivesNoIntervalAndNoZeroP() {
        // Three seeds, each 0.001 apart: scipy's exact sign-flip p = 0.25.
        Stats.Difference paired = Stats.paired(new double[]{0.801, 0.811, 0.821}, new double[]{0.800, 0.810, 0.820});
        assertEquals(0.001, paired.estimate(), 1e-12);
        assertEquals(0.25, paired.p(), 1e-12);
        assertTrue(Double.isNaN(paired.low()) && Double.isNaN(paired.high()));
        // Two constant samples: scipy's exact permutation p = 0.1 (2 of 20 relabellings as extreme).
        Stats.Difference unpaired = Stats.welch(new double[]{0.9, 0.9, 0.9}, new double[]{0.8, 0.8, 0.8});
        assertEquals(0.1, unpaired.p(), 1e-12);
        assertTrue(Double.isNaN(unpaired.low()) && Double.isNaN(unpaired.high()));
        // Many equal differences: the exact count, 2 / 2^20, not zero.
        double[] x = new double[20];
        double[] y = new double[20];
        java.util.Arrays.fill(x, 0.81);
        java.util.Arrays.fill(y, 0.80);
        assertEquals(2 * Math.pow(0.5, 20), Stats.paired(x, y).p(), 1e-15);
        assertEquals(1.0, Stats.paired(y, y).p(), 0.0);
    }

    @Test
    void holmByHand() {
        // p = (0.01, 0.04, 0.03, 0.005), m = 4: sorted 0.005*4 = 0.02, 0.01*3 = 0.03, 0.03*2 = 0.06, 0.04*1 = 0.04 ->
        // monotone 0.06: adjusted in input order 0.03, 0.06, 0.06, 0.02.
        assertArrayEquals(new double[]{0.03, 0.06, 0.06, 0.02}, Stats.holm(new double[]{0.01, 0.04, 0.03, 0.005}),
                1e-12);
        double[] withNaN = Stats.holm(new double[]{0.2, Double.NaN, 0.6});
        assertEquals(0.4, withNaN[0], 1e-12);
        assertTrue(Double.isNaN(withNaN[1]));
        assertEquals(0.6, withNaN[2], 1e-12);
    }

    @Test
    void interactionFTestWithSeedsAsBlocksMatchesAnIndependentComputation() {
        // Two activations x three orderings x three seeds; the order of the orderings flips between activations.
        // Sums of squares computed with numpy (seed blocks removed from the error), the tail with scipy.stats.f.sf:
        // F = 124.6316, df 2 and 10, p = 8.5368e-08.
        double[][][] flip = {
                {{0.90, 0.91, 0.92}, {0.85, 0.86, 0.84}, {0.80, 0.82, 0.81}},
                {{0.80, 0.81, 0.83}, {0.86, 0.85, 0.87}, {0.90, 0.89, 0.91}}};
        Stats.FTest t = Stats.interaction(flip);
        assertEquals(124.63157894736791, t.f(), 1e-8);
        assertEquals(2, t.df1());
        assertEquals(10, t.df2());
        assertEquals(8.536816911692273e-08, t.p(), 1e-12);
        // The same ranking under both activations: F = 0.0526 (df 1, 6), p = 0.82617.
        double[][][] same = {
                {{0.90, 0.91, 0.92}, {0.85, 0.86, 0.84}},
                {{0.91, 0.90, 0.93}, {0.86, 0.84, 0.85}}};
        Stats.FTest u = Stats.interaction(same);
        assertEquals(0.05263157894737175, u.f(), 1e-9);
        assertEquals(0.8261662964842851, u.p(), 1e-9);
        assertTrue(Double.isNaN(Stats.interaction(new double[][][]{{{0.9, 0.8}}}).p()));
        // Every seed moves every cell by the same amount: the blocks explain all the variation, no error is left,
        // and nothing is called significant.
        double[][][] noError = {{{0.90, 0.91}, {0.80, 0.81}}, {{0.80, 0.81}, {0.90, 0.91}}};
        assertTrue(Double.isNaN(Stats.interaction(noError).p()));
    }
}
