package org.ordersweep.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void dunnettsDistributionMatchesScipy() {
        // scipy.stats.dunnett(s1, s2, s3, control=ctrl) on a one-way layout (5 values each, df = 16): statistics
        // 3.46410162, 0.57735027, -2.88675135; one-sided ('greater') p 0.00428917, 0.51056005, 0.99973919;
        // two-sided p 0.00858203, 0.89012712, 0.02802644 (scipy integrates by quasi Monte Carlo: agreement to 1e-4).
        double[] t = {3.46410162, 0.57735027, -2.88675135};
        double[] greater = {0.00428917, 0.51056005, 0.99973919};
        double[] twoSided = {0.00858203, 0.89012712, 0.02802644};
        for (int i = 0; i < 3; i++) {
            assertEquals(greater[i], 1 - Stats.dunnettCdf(t[i], 3, 16, false), 1e-4);
            assertEquals(twoSided[i], 1 - Stats.dunnettCdf(Math.abs(t[i]), 3, 16, true), 1e-4);
        }
        // Dunnett's table, one-sided, 3 comparisons, 12 df, alpha 0.05: 2.29 (scipy multivariate_t: 2.28734).
        assertEquals(2.28734, Stats.dunnettCritical(0.05, 3, 12, false), 1e-3);
        // One comparison is Student's t.
        assertEquals(Stats.tQuantile(0.975, 7), Stats.dunnettCritical(0.05, 1, 7, true), 1e-5);
    }

    @Test
    void oneComparisonIsStudentsTDownToOneDegreeOfFreedom() {
        // Two classes at two seeds leave one degree of freedom, where the standard error's distribution is densest
        // at zero. scipy.stats.t.cdf(-3, 1) = 0.10241638234956672, scipy.stats.t.ppf(0.95, 1) = 6.313751514675037.
        assertEquals(0.10241638234956672, Stats.dunnettCdf(-3, 1, 1, false), 1e-9);
        assertEquals(6.313751514675037, Stats.dunnettCritical(0.05, 1, 1, false), 1e-8);
        for (double df : new double[]{1, 2, 3, 7, 30}) {
            org.apache.commons.math3.distribution.TDistribution student =
                    new org.apache.commons.math3.distribution.TDistribution(null, df);
            for (double t : new double[]{-3, -1, 0.5, 2, 6}) {
                assertEquals(student.cumulativeProbability(t), Stats.dunnettCdf(t, 1, df, false), 1e-9, "df " + df);
                assertEquals(1 - 2 * student.cumulativeProbability(-Math.abs(t)),
                        Stats.dunnettCdf(Math.abs(t), 1, df, true), 1e-9, "df " + df);
            }
            assertEquals(student.inverseCumulativeProbability(0.95), Stats.dunnettCritical(0.05, 1, df, false),
                    1e-8, "df " + df);
        }
    }

    /** Four classes at five seeds: a best, a near-tie, a clear loser and a small but consistent loser. */
    private static final double[][] CLASSES = {
            {0.90, 0.91, 0.92, 0.93, 0.905},
            {0.898, 0.912, 0.918, 0.931, 0.903},
            {0.80, 0.815, 0.82, 0.835, 0.805},
            {0.89, 0.90, 0.915, 0.925, 0.9}};

    @Test
    void multipleComparisonsWithTheBestMatchScipy() {
        // numpy: residuals of the additive class + seed model, se = sqrt(2 MSE / 5) = 0.0013089435944047862, 12 df;
        // p = 1 - scipy.stats.multivariate_t(shape = 1 on the diagonal, 0.5 off it, df=12).cdf(-D / se):
        // 0.881732, 0.564092, 0.0, 0.000239 (quasi Monte Carlo: agreement to 1e-4).
        Stats.Mcb m = Stats.mcb(CLASSES, 0.05);
        assertEquals(0.0013089435944047862, m.se(), 1e-12);
        assertEquals(12, m.df());
        assertEquals(2.28734, m.critical(), 1e-3);
        double[] p = {0.881732, 0.564092, 0.0, 0.000239};
        for (int i = 0; i < 4; i++) {
            assertEquals(p[i], m.p()[i], 1e-4);
        }
        assertArrayEquals(new boolean[]{true, true, false, false}, m.mightBeBest());
        assertEquals(-0.098, m.difference()[2], 1e-12);
        assertEquals(Math.min(0, -0.098 - m.critical() * m.se()), m.lower()[2], 1e-12);
        assertEquals(0, m.upper()[2], 0);
        assertEquals(0.0006 + m.critical() * m.se(), m.upper()[0], 1e-12);
        // How far the clear loser falls short of the truly best, at most: against the lower of the two in the set
        // (means 0.915 and 0.9124), 0.815 - 0.9124 + d se.
        assertEquals(0.815 - 0.9124 + m.critical() * m.se(), m.belowBest()[2], 1e-12);
    }

    /**
     * Five steady classes (seed noise 0.0004) and a noisy one (0.012) at 8 seeds: the pooled error is the steady
     * classes' mostly, too small for the noisy class and too large for the steady ones. Without pooling, the noisy
     * class (0.0074 below the best) is kept and the steady class 0.003 below the best is ruled out; the pooled
     * comparison does the reverse.
     */
    private static final double[][] UNEQUAL = {
            {0.8108, 0.839, 0.8202, 0.8598, 0.7998, 0.8299, 0.8492, 0.8099},
            {0.8092, 0.8408, 0.8196, 0.8594, 0.7994, 0.8292, 0.8491, 0.8093},
            {0.8094, 0.8391, 0.8196, 0.8591, 0.7992, 0.8298, 0.8494, 0.809},
            {0.8089, 0.8392, 0.8198, 0.8589, 0.7989, 0.8294, 0.8486, 0.8089},
            {0.8074, 0.8372, 0.817, 0.8573, 0.7959, 0.8274, 0.8466, 0.8063},
            {0.8033, 0.8384, 0.8047, 0.8371, 0.7903, 0.8194, 0.8569, 0.809}};

    @Test
    void comparisonsWithTheBestWithoutPoolingMatchScipy() {
        // scipy: p_i = min(1, 5 min_j p_ij), p_ij = scipy.stats.ttest_rel(x_i, x_j, alternative='less').pvalue;
        // critical = scipy.stats.t.ppf(1 - 0.05 / 5, 7); upper_i = max(0, min_j(mean(d_ij) + critical sd(d_ij) /
        // sqrt(8))), lower_i = min(0, min_j(mean(d_ij) - critical sd(d_ij) / sqrt(8))).
        Stats.Mcb m = Stats.mcbPaired(UNEQUAL, 0.05);
        assertArrayEquals(new double[]{1, 0.9292833203464408, 0.08606250174265431, 0.024267306796490196,
                7.636028863806112e-06, 0.15536825621430492}, m.p(), 1e-12);
        assertEquals(2.9979515668685277, m.critical(), 1e-9);
        assertArrayEquals(new double[]{0.0010721971397677256, 0.0006959869158808852, 7.219713976778011e-05, 0, 0,
                0.002619680828927525}, m.upper(), 1e-12);
        assertArrayEquals(new double[]{-0.002619680828927525, -0.0026592056652516294, -0.0028943802381820333,
                -0.003290455291867722, -0.005510003347598042, -0.017494680828927467}, m.lower(), 1e-12);
        assertArrayEquals(new boolean[]{true, true, true, false, false, true}, m.mightBeBest());
        assertTrue(Double.isNaN(m.se()));
        // The pooled comparison on the same data: the noisy class out, the steady one 0.003 below the best in.
        Stats.Mcb pooled = Stats.mcb(UNEQUAL, 0.05);
        assertFalse(pooled.mightBeBest()[5]);
        assertTrue(pooled.mightBeBest()[4]);
        // belowBest: the largest upper bound on mean_i - mean_j over the classes j in the set.
        double[] d = new double[8];
        double worst = Double.NEGATIVE_INFINITY;
        for (int j : new int[]{0, 1, 2, 5}) {
            for (int s = 0; s < 8; s++) {
                d[s] = UNEQUAL[4][s] - UNEQUAL[j][s];
            }
            Stats.Summary sd = Stats.summarize(d);
            worst = Math.max(worst, sd.mean() + m.critical() * sd.std() / Math.sqrt(8));
        }
        assertEquals(worst, m.belowBest()[4], 1e-12);
    }

    @Test
    void withEqualVariancesPairedAndPooledComparisonsAgree() {
        // CLASSES: seed noise alike in every class. scipy as above with 3 rivals: critical t.ppf(1 - 0.05 / 3, 4).
        Stats.Mcb m = Stats.mcbPaired(CLASSES, 0.05);
        assertEquals(3.186315545559684, m.critical(), 1e-9);
        assertArrayEquals(new double[]{1, 0.7936999505727869, 2.5597515689981504e-09, 0.006953759126856615}, m.p(),
                1e-12);
        assertArrayEquals(new double[]{0.003377765493065469, 0.0021777654930654677, 0, 0}, m.upper(), 1e-12);
        assertArrayEquals(new double[]{-0.0021777654930654677, -0.003377765493065469, -0.10190242362305951,
                -0.011788548535719381}, m.lower(), 1e-12);
        assertArrayEquals(Stats.mcb(CLASSES, 0.05).mightBeBest(), m.mightBeBest());
    }

    @Test
    void comparisonsWithAControlWithoutPoolingMatchScipy() {
        // scipy.stats.ttest_rel(x_i, x_0): p = min(1, (k - 1) pvalue), interval = confidence_interval(1 - 0.05 / (k -
        // 1)). Equal variances (CLASSES): the same verdicts as Dunnett's pooled test.
        Stats.VsControl c = Stats.vsControlPaired(CLASSES, 0, 0.05);
        assertTrue(Double.isNaN(c.p()[0]) && Double.isNaN(c.lower()[0]));
        assertArrayEquals(new double[]{Double.NaN, 1, 4.386303254766489e-07, 0.01390751825371323}, c.p(), 1e-12);
        assertArrayEquals(new double[]{Double.NaN, -0.004052933603067423, -0.10285095293144988,
                -0.011850952931449913}, c.lower(), 1e-12);
        assertArrayEquals(new double[]{Double.NaN, 0.0028529336030674295, -0.0931490470685502,
                -0.0021490470685500886}, c.upper(), 1e-12);
        assertEquals(-0.007, c.difference()[3], 1e-12);
        // Unequal variances: the noisy class 0.0074 below the control is not told apart from it (p 0.31); pooled,
        // with the steady classes' small error, it is.
        Stats.VsControl u = Stats.vsControlPaired(UNEQUAL, 0, 0.05);
        assertArrayEquals(new double[]{Double.NaN, 1, 0.17212500348530863, 0.04853461359298039,
                3.450867463994679e-05, 0.31073651242860983}, u.p(), 1e-12);
        assertArrayEquals(new double[]{Double.NaN, -0.0015167893198889707, -0.0011679208415299618,
                -0.0014952925325120848, -0.0038046819171833443, -0.01917716141355235}, u.lower(), 1e-12);
        assertArrayEquals(new double[]{Double.NaN, 0.0008667893198890423, 0.00016792084153001636,
                -4.707467487888631e-06, -0.0020703180828165915, 0.004302161413552408}, u.upper(), 1e-12);
        assertTrue(Stats.vsControl(UNEQUAL, 0, 0.05).p()[5] < 0.05);
        // Zero variance over 3 seeds: the exact count, 2 / 8 per pair, times 5: nothing significant. One seed: nothing.
        double[][] x = new double[6][3];
        for (int i = 0; i < 6; i++) {
            java.util.Arrays.fill(x[i], 0.8 - 0.001 * i);
        }
        Stats.VsControl z = Stats.vsControlPaired(x, 0, 0.05);
        assertEquals(1, z.p()[5], 0);
        assertTrue(Double.isNaN(z.upper()[5]));
        Stats.VsControl one = Stats.vsControlPaired(new double[][]{{0.9}, {0.5}}, 0, 0.05);
        assertTrue(Double.isNaN(one.p()[1]) && Double.isNaN(one.lower()[1]));
        assertEquals(-0.4, one.difference()[1], 1e-12);
    }

    @Test
    void withoutPoolingNothingIsExcludedByThreeSeedsTiesOrOneSeed() {
        // The null scenario: every class exactly 0.001 below the next at each of 3 seeds. Differences without spread,
        // but 3 seeds give a one-sided sign-flip p of 1/8 at best: 5 x 1/8 excludes nothing.
        double[][] x = new double[6][3];
        for (int i = 0; i < 6; i++) {
            java.util.Arrays.fill(x[i], 0.8 - 0.001 * i);
        }
        Stats.Mcb m = Stats.mcbPaired(x, 0.05);
        for (int i = 0; i < 6; i++) {
            assertTrue(m.mightBeBest()[i]);
        }
        assertEquals(0.625, m.p()[5], 1e-12);
        assertTrue(Double.isNaN(m.upper()[5]), "no interval from differences without spread");
        // A tie: two identical classes, both may be the best, neither excluded at any alpha.
        Stats.Mcb tie = Stats.mcbPaired(new double[][]{{0.9, 0.91, 0.92}, {0.9, 0.91, 0.92}}, 0.05);
        assertArrayEquals(new double[]{1, 1}, tie.p(), 0);
        // One seed, one class.
        assertTrue(Stats.mcbPaired(new double[][]{{0.9}, {0.5}}, 0.05).mightBeBest()[1]);
        assertTrue(Stats.mcbPaired(new double[][]{{0.9, 0.91}}, 0.05).mightBeBest()[0]);
    }

    @Test
    void nothingIsExcludedWithoutAnErrorToJudgeBy() {
        // Zero variance: every class exactly 0.001 below the next at every seed. No residual error, no exclusion.
        double[][] x = new double[6][3];
        for (int i = 0; i < 6; i++) {
            java.util.Arrays.fill(x[i], 0.8 - 0.001 * i);
        }
        Stats.Mcb m = Stats.mcb(x, 0.05);
        assertEquals(0, m.se(), 0);
        for (int i = 0; i < 6; i++) {
            assertTrue(m.mightBeBest()[i]);
            assertTrue(Double.isNaN(m.p()[i]));
        }
        // One seed: no degrees of freedom.
        assertTrue(Stats.mcb(new double[][]{{0.9}, {0.5}}, 0.05).mightBeBest()[1]);
        // One class: it is the best.
        assertTrue(Stats.mcb(new double[][]{{0.9, 0.91}}, 0.05).mightBeBest()[0]);
    }

    @Test
    void comparisonsWithAControlMatchScipy() {
        // Control = class 0; two-sided p = 1 - P(max |T| <= |t|) from scipy's multivariate_t: 0.939058, 0.0, 0.000477.
        Stats.VsControl c = Stats.vsControl(CLASSES, 0, 0.05);
        assertTrue(Double.isNaN(c.p()[0]));
        assertEquals(0.939058, c.p()[1], 1e-4);
        assertEquals(0.0, c.p()[2], 1e-4);
        assertEquals(0.000477, c.p()[3], 1e-4);
        assertEquals(-0.007, c.difference()[3], 1e-12);
    }

    @Test
    void equivalenceAndBeyondTheMarginMatchScipy() {
        // scipy.stats.permutation_test((d + m,), mean, permutation_type='samples', alternative='greater',
        // n_resamples=inf) and the mirror: TOST p = 0.015625 (1/64: every difference lies within the margin); beyond
        // the margin p = 1.
        double[] a = {0.804, 0.806, 0.798, 0.805, 0.803, 0.801};
        double[] b = {0.8, 0.8, 0.8, 0.8, 0.8, 0.8};
        Stats.MarginTest t = Stats.againstMargin(a, b, true, 0.01);
        assertEquals(0.015625, t.pEquivalent(), 1e-12);
        assertEquals(1, t.pBeyond(), 1e-12);
        // Unpaired, exact permutation with the margin taken off the first sample: scipy TOST p = 0.8
        // (and 4/5 in exact rational arithmetic).
        assertEquals(0.8, Stats.againstMargin(new double[]{0.8123, 0.8337, 0.8261},
                new double[]{0.8004, 0.7911, 0.8052, 0.8017}, false, 0.02).pEquivalent(), 1e-12);
        // Ties after the shift (0.81 - 0.02 = 0.79 exactly, on paper) count as ties: 24/35 in exact rational arithmetic
        // (Python fractions). scipy says 0.6 because 0.81 - 0.02 is not 0.79 in binary floating point.
        assertEquals(24.0 / 35, Stats.againstMargin(new double[]{0.81, 0.83, 0.82},
                new double[]{0.80, 0.79, 0.805, 0.80}, false, 0.02).pEquivalent(), 1e-12);
        // Three seeds, zero variance, far beyond the margin: 1/8 is the smallest one-sided p three signs allow, so
        // even a large, constant difference is not established (two-sided 1/4).
        Stats.MarginTest big = Stats.againstMargin(new double[]{0.9, 0.9, 0.9}, new double[]{0.8, 0.8, 0.8}, true,
                0.013);
        assertEquals(0.25, big.pBeyond(), 1e-12);
        assertEquals(1, big.pEquivalent(), 1e-12);
    }
}
