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
    void welchMatchesR() {
        // scipy.stats.ttest_ind(a, b, equal_var=False): t = 3.2863, p = 0.016690, 95% CI 0.007663 .. 0.052337
        Stats.Difference d = Stats.welch(new double[]{0.80, 0.82, 0.81, 0.83}, new double[]{0.78, 0.79, 0.80, 0.77});
        assertEquals(0.03, d.estimate(), 1e-12);
        assertEquals(0.016690, d.p(), 1e-5);
        assertEquals(0.007663, d.low(), 1e-5);
        assertEquals(0.052337, d.high(), 1e-5);
    }

    @Test
    void pairedMatchesR() {
        // scipy.stats.ttest_rel(a, b): differences 0.02, 0.03, 0.01, 0.02; t = 4.8990, df = 3, p = 0.016277,
        // 95% CI 0.007008 .. 0.032992
        Stats.Difference d = Stats.paired(new double[]{0.80, 0.82, 0.81, 0.83}, new double[]{0.78, 0.79, 0.80, 0.81});
        assertEquals(0.02, d.estimate(), 1e-12);
        assertEquals(0.016277, d.p(), 1e-5);
        assertEquals(0.007008, d.low(), 1e-5);
        assertEquals(0.032992, d.high(), 1e-5);
        assertEquals("paired t", d.test());
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
    void interactionFTestMatchesAnIndependentComputation() {
        // Two activations x three orderings x three seeds; the order of the orderings flips between activations.
        // Sums of squares computed with numpy, the tail with scipy.stats.f.sf: F = 107.636..., df 2 and 12,
        // p = 2.1667e-08.
        double[][][] flip = {
                {{0.90, 0.91, 0.92}, {0.85, 0.86, 0.84}, {0.80, 0.82, 0.81}},
                {{0.80, 0.81, 0.83}, {0.86, 0.85, 0.87}, {0.90, 0.89, 0.91}}};
        Stats.FTest t = Stats.interaction(flip);
        assertEquals(107.63636363636387, t.f(), 1e-9);
        assertEquals(2, t.df1());
        assertEquals(12, t.df2());
        assertEquals(2.1667237072994048e-08, t.p(), 1e-12);
        // The same ranking under both activations: F = 0.0625 (df 1, 8), p = 0.80889.
        double[][][] same = {
                {{0.90, 0.91, 0.92}, {0.85, 0.86, 0.84}},
                {{0.91, 0.90, 0.93}, {0.86, 0.84, 0.85}}};
        Stats.FTest u = Stats.interaction(same);
        assertEquals(0.06250000000000278, u.f(), 1e-9);
        assertEquals(0.808887445493531, u.p(), 1e-9);
        assertTrue(Double.isNaN(Stats.interaction(new double[][][]{{{0.9, 0.8}}}).p()));
    }
}
