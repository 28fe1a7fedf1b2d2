package org.ordersweep.stats;

import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.analysis.integration.IterativeLegendreGaussIntegrator;
import org.apache.commons.math3.analysis.integration.UnivariateIntegrator;
import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.FDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleConsumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The few statistics the analysis needs, on plain arrays: intervals, exact permutation and sign-flip tests for few
 * seeds, t-tests for many, Holm's correction.
 */
public final class Stats {

    /** The error rate of every set, interval and verdict. */
    public static final double ALPHA = 0.05;

    private Stats() {
    }

    /** Mean, sample standard deviation and a two-sided 95% t confidence interval (NaN bounds for n < 2). */
    public record Summary(int n, double mean, double std, double low, double high) {
    }

    public static Summary summarize(double[] x) {
        int n = x.length;
        if (n == 0) {
            return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = Arrays.stream(x).average().orElse(Double.NaN);
        if (n == 1) {
            return new Summary(1, mean, Double.NaN, Double.NaN, Double.NaN);
        }
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(ss / (n - 1));
        double half = tQuantile(0.975, n - 1) * std / Math.sqrt(n);
        return new Summary(n, mean, std, mean - half, mean + half);
    }

    /** The p-quantile of Student's t with df degrees of freedom. */
    public static double tQuantile(double p, double df) {
        return new TDistribution(null, df).inverseCumulativeProbability(p);
    }

    /** A difference of means with its 95% interval and two-sided p-value, and the test that produced it. */
    public record Difference(double estimate, double low, double high, double p, String test) {
    }

    /** Below this many pairs a paired difference is tested exactly, over every sign pattern (2^16 at most). */
    static final int EXACT_PAIRS = 16;
    /** Up to this many relabellings an unpaired difference is tested exactly, over all of them. */
    static final long EXACT_RELABELLINGS = 100_000;
    private static final int MONTE_CARLO = 100_000;

    /**
     * mean(a) - mean(b) for independent samples, with Welch's 95% interval. The p-value comes from the exact
     * permutation test over every relabelling of the pooled values when there are at most
     * {@value #EXACT_RELABELLINGS} of them (few seeds, ties, quantised accuracies: no distributional assumption),
     * else from Welch's t-test, or, when both samples are constant, from a seeded Monte Carlo permutation test. A zero
     * standard error never gives an interval (NaN bounds) nor p = 0. NaN interval and p when a side has fewer than 2.
     */
    public static Difference welch(double[] a, double[] b) {
        Summary sa = summarize(a);
        Summary sb = summarize(b);
        double d = sa.mean() - sb.mean();
        if (sa.n() < 2 || sb.n() < 2) {
            return new Difference(d, Double.NaN, Double.NaN, Double.NaN, "welch");
        }
        double va = sa.std() * sa.std() / sa.n();
        double vb = sb.std() * sb.std() / sb.n();
        double se = negligible(Math.sqrt(va + vb), a, b);
        double low = Double.NaN;
        double high = Double.NaN;
        double pT = Double.NaN;
        if (se > 0) {
            Difference t = fromT(d, se, welchDf(va, sa.n(), vb, sb.n()), "welch");
            low = t.low();
            high = t.high();
            pT = t.p();
        }
        if (binomial(a.length + b.length, a.length) <= EXACT_RELABELLINGS) {
            return new Difference(d, low, high, permutationP(a, b, true), "permutation exact");
        }
        if (se > 0) {
            return new Difference(d, low, high, pT, "welch");
        }
        return new Difference(d, low, high, permutationP(a, b, false), "permutation monte carlo");
    }

    /**
     * Welch-Satterthwaite degrees of freedom for a difference of two means, from each mean's squared standard error
     * ({@code va}, {@code vb}: variance over n) and sample size.
     */
    static double welchDf(double va, int na, double vb, int nb) {
        return (va + vb) * (va + vb) / (va * va / (na - 1) + vb * vb / (nb - 1));
    }

    /**
     * mean(a_i - b_i) for paired samples (the same seed on both sides removes the seed's share of the noise), with the
     * paired t 95% interval. The p-value comes from the exact sign-flip test over every sign pattern of the differences
     * for up to {@value #EXACT_PAIRS} pairs, else from the paired t-test (or the exact count when all differences are
     * equal). A zero standard error never gives an interval (NaN bounds) nor p = 0: three seeds that all differ by the
     * same amount give p = 0.25, the smallest two-sided p that three signs can give.
     */
    public static Difference paired(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired samples differ in length: " + a.length + " vs " + b.length);
        }
        double[] diff = difference(a, b);
        Summary s = summarize(diff);
        if (s.n() < 2) {
            return new Difference(s.mean(), Double.NaN, Double.NaN, Double.NaN, "sign-flip exact");
        }
        double se = negligible(s.std() / Math.sqrt(s.n()), a, b);
        Difference t = se > 0 ? fromT(s.mean(), se, s.n() - 1, "paired t")
                : new Difference(s.mean(), Double.NaN, Double.NaN, Double.NaN, "paired t");
        if (s.n() <= EXACT_PAIRS) {
            return new Difference(s.mean(), t.low(), t.high(), signFlipP(diff), "sign-flip exact");
        }
        if (se > 0) {
            return t;
        }
        // All differences equal: only the two all-equal sign patterns reach it.
        double p = s.mean() == 0 ? 1 : Math.min(1, 2 * Math.pow(0.5, s.n()));
        return new Difference(s.mean(), Double.NaN, Double.NaN, p, "sign-flip exact");
    }

    /**
     * Two-sided p-value as scipy.stats.permutation_test defines it: twice the smaller one-sided share of the null
     * distribution at least as extreme as the observed statistic, at most 1.
     */
    private static double twoSided(long atLeast, long atMost, long total) {
        return Math.min(1, 2.0 * Math.min(atLeast, atMost) / total);
    }

    /**
     * A standard error that is only floating-point noise (equal differences of accuracies stored as doubles differ in
     * their last bits) is zero: a t statistic from it would be astronomically large.
     */
    private static double negligible(double se, double[] a, double[] b) {
        double scale = Math.max(Arrays.stream(a).map(Math::abs).max().orElse(0),
                Arrays.stream(b).map(Math::abs).max().orElse(0));
        return se <= 1e-9 * Math.max(scale, Double.MIN_NORMAL) ? 0 : se;
    }

    private static double tolerance(double observed) {
        return 1e-9 * Math.max(1, Math.abs(observed));
    }

    /** Exact sign-flip test of mean(d) = 0 over all 2^n sign patterns. */
    static double signFlipP(double[] d) {
        long[] c = signFlipCounts(d);
        return twoSided(c[0], c[1], c[2]);
    }

    /** Sign patterns whose sum is at least, and at most, the observed one; and their number (2^n). */
    private static long[] signFlipCounts(double[] d) {
        int n = d.length;
        double observed = Arrays.stream(d).sum();
        double tol = tolerance(observed);
        long atLeast = 0;
        long atMost = 0;
        long total = 1L << n;
        for (long mask = 0; mask < total; mask++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += (mask & (1L << i)) != 0 ? -d[i] : d[i];
            }
            atLeast += sum >= observed - tol ? 1 : 0;
            atMost += sum <= observed + tol ? 1 : 0;
        }
        return new long[]{atLeast, atMost, total};
    }

    /**
     * Permutation test of mean(a) - mean(b): over every way to choose which a.length of the pooled values form the
     * first sample (exact), or over {@value #MONTE_CARLO} seeded random relabellings.
     */
    static double permutationP(double[] a, double[] b, boolean exact) {
        long[] c = permutationCounts(a, b, exact);
        return twoSided(c[0], c[1], c[2]);
    }

    /** Relabellings whose difference is at least, and at most, the observed one; and their number. */
    private static long[] permutationCounts(double[] a, double[] b, boolean exact) {
        int na = a.length;
        int n = na + b.length;
        double[] pooled = new double[n];
        System.arraycopy(a, 0, pooled, 0, na);
        System.arraycopy(b, 0, pooled, na, b.length);
        double total = Arrays.stream(pooled).sum();
        double observed = Arrays.stream(a).sum() / na - (total - Arrays.stream(a).sum()) / b.length;
        double tol = tolerance(observed);
        long[] counts = new long[3]; // at least, at most, all
        DoubleConsumer tally = sumA -> {
            double stat = sumA / na - (total - sumA) / (n - na);
            counts[0] += stat >= observed - tol ? 1 : 0;
            counts[1] += stat <= observed + tol ? 1 : 0;
            counts[2]++;
        };
        if (exact) {
            choose(pooled, 0, na, 0, tally);
        } else {
            SplittableRandom random = new SplittableRandom(0x5EED);
            int[] idx = new int[n];
            for (int r = 0; r < MONTE_CARLO; r++) {
                for (int i = 0; i < n; i++) {
                    idx[i] = i;
                }
                double sumA = 0;
                for (int i = 0; i < na; i++) {
                    int j = i + random.nextInt(n - i);
                    int t = idx[i];
                    idx[i] = idx[j];
                    idx[j] = t;
                    sumA += pooled[idx[i]];
                }
                tally.accept(sumA);
            }
        }
        return counts;
    }

    /** Calls {@code tally} with the sum of every choice of {@code left} more values from pooled[from..]. */
    private static void choose(double[] pooled, int from, int left, double sum,
                               DoubleConsumer tally) {
        if (left == 0) {
            tally.accept(sum);
            return;
        }
        for (int i = from; i <= pooled.length - left; i++) {
            choose(pooled, i + 1, left - 1, sum + pooled[i], tally);
        }
    }

    static long binomial(int n, int k) {
        long c = 1;
        for (int i = 1; i <= k; i++) {
            c = c * (n - k + i) / i;
            if (c > Long.MAX_VALUE / Math.max(1, n)) {
                return Long.MAX_VALUE;
            }
        }
        return c;
    }

    private static Difference fromT(double d, double se, double df, String test) {
        TDistribution t = new TDistribution(null, df);
        double half = t.inverseCumulativeProbability(0.975) * se;
        double p = 2 * t.cumulativeProbability(-Math.abs(d / se));
        return new Difference(d, d - half, d + half, p, test);
    }

    /**
     * Holm's step-down adjustment: sort p ascending, multiply the i-th smallest by (m - i), keep the sequence
     * non-decreasing, cap at 1. NaN p-values stay NaN and do not count towards m.
     */
    public static double[] holm(double[] p) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            if (!Double.isNaN(p[i])) {
                order.add(i);
            }
        }
        order.sort(Comparator.comparingDouble(i -> p[i]));
        double[] adjusted = new double[p.length];
        Arrays.fill(adjusted, Double.NaN);
        int m = order.size();
        double running = 0;
        for (int k = 0; k < m; k++) {
            int i = order.get(k);
            running = Math.max(running, Math.min(1, (m - k) * p[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }

    /** An F test: the statistic, its degrees of freedom and the upper-tail p-value. */
    public record FTest(double f, int df1, int df2, double p) {
    }

    /**
     * The interaction F test of a two-way layout in blocks: {@code x[i][j][k]} is the result at level i of the first
     * factor, level j of the second, and block k (a seed: every cell shares the seeds, and a seed's data order and
     * initialisation move all its results together, so seeds are blocks, not independent replicates). The block
     * effect is removed from the error: SS_error = SS_total - SS_A - SS_B - SS_AB - SS_blocks with (ab - 1)(n - 1)
     * degrees of freedom. Significant when the effect of the second factor differs between levels of the first. NaN
     * when there are fewer than two levels or blocks; p = 1 or 0, never from a zero error, when the error is zero.
     */
    public static FTest interaction(double[][][] x) {
        int a = x.length;
        int b = a == 0 ? 0 : x[0].length;
        int n = b == 0 ? 0 : x[0][0].length;
        if (a < 2 || b < 2 || n < 2) {
            return new FTest(Double.NaN, 0, 0, Double.NaN);
        }
        double[][] cell = new double[a][b];
        double[] rowMean = new double[a];
        double[] colMean = new double[b];
        double[] blockMean = new double[n];
        double grand = 0;
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                cell[i][j] = Arrays.stream(x[i][j]).average().orElseThrow();
                rowMean[i] += cell[i][j] / b;
                colMean[j] += cell[i][j] / a;
                grand += cell[i][j] / (a * b);
                for (int k = 0; k < n; k++) {
                    blockMean[k] += x[i][j][k] / (a * b);
                }
            }
        }
        double ssInteraction = 0;
        double ssTotal = 0;
        double ssA = 0;
        double ssB = 0;
        double ssBlocks = 0;
        for (int i = 0; i < a; i++) {
            ssA += b * n * (rowMean[i] - grand) * (rowMean[i] - grand);
            for (int j = 0; j < b; j++) {
                double e = cell[i][j] - rowMean[i] - colMean[j] + grand;
                ssInteraction += n * e * e;
                for (double v : x[i][j]) {
                    ssTotal += (v - grand) * (v - grand);
                }
            }
        }
        for (int j = 0; j < b; j++) {
            ssB += a * n * (colMean[j] - grand) * (colMean[j] - grand);
        }
        for (int k = 0; k < n; k++) {
            ssBlocks += a * b * (blockMean[k] - grand) * (blockMean[k] - grand);
        }
        double ssError = Math.max(0, ssTotal - ssA - ssB - ssInteraction - ssBlocks);
        int df1 = (a - 1) * (b - 1);
        int df2 = (a * b - 1) * (n - 1);
        if (ssError <= 1e-12 * Math.max(ssTotal, Double.MIN_NORMAL)) {
            // No error left to judge the interaction by: nothing can be called significant.
            return new FTest(Double.NaN, df1, df2, Double.NaN);
        }
        double f = (ssInteraction / df1) / (ssError / df2);
        return new FTest(f, df1, df2, 1 - new FDistribution(null, df1, df2).cumulativeProbability(f));
    }

    /**
     * One-sided p-value for mean(d) > 0 over paired differences: the exact sign-flip share of patterns at least as
     * large for up to {@value #EXACT_PAIRS} pairs, else the paired t-test (or the exact count when every difference is
     * the same: only the all-positive pattern reaches it).
     */
    static double pairedGreater(double[] d) {
        if (d.length < 2) {
            return Double.NaN;
        }
        if (d.length <= EXACT_PAIRS) {
            long[] c = signFlipCounts(d);
            return (double) c[0] / c[2];
        }
        Summary s = summarize(d);
        double se = negligible(s.std() / Math.sqrt(s.n()), d, d);
        if (se == 0) {
            return s.mean() > 0 ? Math.pow(0.5, s.n()) : 1;
        }
        return 1 - new TDistribution(null, s.n() - 1).cumulativeProbability(s.mean() / se);
    }

    /**
     * One-sided p-value for mean(a) > mean(b), independent samples: exact permutation when there are at most
     * {@value #EXACT_RELABELLINGS} relabellings, else Welch's t (a seeded Monte Carlo permutation when both are
     * constant).
     */
    static double welchGreater(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) {
            return Double.NaN;
        }
        boolean exact = binomial(a.length + b.length, a.length) <= EXACT_RELABELLINGS;
        Summary sa = summarize(a);
        Summary sb = summarize(b);
        double va = sa.std() * sa.std() / sa.n();
        double vb = sb.std() * sb.std() / sb.n();
        double se = negligible(Math.sqrt(va + vb), a, b);
        if (!exact && se > 0) {
            return 1 - new TDistribution(null, welchDf(va, sa.n(), vb, sb.n()))
                    .cumulativeProbability((sa.mean() - sb.mean()) / se);
        }
        long[] c = permutationCounts(a, b, exact);
        return (double) c[0] / c[2];
    }

    /**
     * The two questions a margin m asks of a difference delta = mean(a) - mean(b). Equivalence, by two one-sided tests
     * (TOST): p of "-m < delta < m", the larger of the two one-sided p-values. Beyond the margin: p of "|delta| > m",
     * twice the smaller of the one-sided p-values for delta > m and delta < -m (at most 1). Both use the paired
     * sign-flip test over seeds when paired, else the permutation / Welch test; NaN when a side has fewer than 2.
     */
    public record MarginTest(double margin, double pEquivalent, double pBeyond) {
    }

    /**
     * Holm across one family of effects for each of the three questions asked of an effect: is it zero
     * ({@code p}), within the margin ({@code equivalent}), beyond it ({@code beyond}).
     */
    public record HolmAdjusted(double[] p, double[] equivalent, double[] beyond) {
        public static <T> HolmAdjusted of(List<T> family, ToDoubleFunction<T> p,
                                   Function<T, MarginTest> margin) {
            return new HolmAdjusted(holm(family.stream().mapToDouble(p).toArray()),
                    holm(family.stream().mapToDouble(e -> margin.apply(e).pEquivalent()).toArray()),
                    holm(family.stream().mapToDouble(e -> margin.apply(e).pBeyond()).toArray()));
        }
    }

    public static MarginTest againstMargin(double[] a, double[] b, boolean paired, double margin) {
        if (paired && a.length != b.length) {
            throw new IllegalArgumentException("paired samples differ in length: " + a.length + " vs " + b.length);
        }
        double above = greater(a, b, paired, -margin, true);  // delta > -m
        double below = greater(a, b, paired, margin, false);  // delta < m
        double over = greater(a, b, paired, margin, true);    // delta > m
        double under = greater(a, b, paired, -margin, false); // delta < -m
        return new MarginTest(margin, Math.max(above, below), Math.min(1, 2 * Math.min(over, under)));
    }

    /**
     * One-sided p of mean(a) - mean(b) > shift (up) or < shift (down). The shift is always taken off a, so that the
     * null hypothesis is "a - shift and b are exchangeable" on both sides.
     */
    private static double greater(double[] a, double[] b, boolean paired, double shift, boolean up) {
        double[] x = Arrays.stream(a).map(v -> v - shift).toArray();
        if (paired) {
            double[] d = new double[x.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = up ? x[i] - b[i] : b[i] - x[i];
            }
            return pairedGreater(d);
        }
        return up ? welchGreater(x, b) : welchGreater(b, x);
    }

    /**
     * The distribution of Dunnett's statistics: P(max_j T_j <= t) (one-sided) or P(max_j |T_j| <= t) (two-sided)
     * for k comparisons with one common reference, equicorrelated 1/2, with a pooled standard error on df degrees of
     * freedom. Computed as the double integral over the reference's standard normal value and the chi distribution of
     * the standard error's ratio to the truth (adaptive Gauss-Legendre quadrature; df above 10^5 treated as known
     * variance).
     */
    public static double dunnettCdf(double t, int k, double df, boolean twoSided) {
        if (k < 1) {
            return 1;
        }
        if (twoSided && t <= 0) {
            return 0;
        }
        if (df > 1e5) {
            return knownVariance(t, k, twoSided);
        }
        ChiSquaredDistribution chi = new ChiSquaredDistribution(null, df);
        double lo = Math.sqrt(chi.inverseCumulativeProbability(1e-12) / df);
        double hi = Math.sqrt(chi.inverseCumulativeProbability(1 - 1e-12) / df);
        double logNorm = (df / 2) * Math.log(df / 2) - Gamma.logGamma(df / 2) + Math.log(2);
        // density of u = sqrt(chi2_df / df): 2 (df/2)^(df/2) / Gamma(df/2) u^(df-1) exp(-df u^2 / 2)
        UnivariateFunction integrand = u -> u <= 0 ? 0
                : Math.exp(logNorm + (df - 1) * Math.log(u) - df * u * u / 2) * knownVariance(t * u, k, twoSided);
        return Math.min(1, Math.max(0, integrator().integrate(MAX_EVALUATIONS, integrand, lo, hi)));
    }

    /** Integrands evaluated at most this often per integral (smooth ones converge after a few hundred). */
    private static final int MAX_EVALUATIONS = 1_000_000;

    /** A new one per integral: integrators count their evaluations. */
    private static UnivariateIntegrator integrator() {
        return new IterativeLegendreGaussIntegrator(16, 1e-10, 1e-13);
    }

    /** P(max_j (X_j - X_0) / sqrt(2) <= c) for independent standard normals (two-sided: the absolute values). */
    private static double knownVariance(double c, int k, boolean twoSided) {
        UnivariateFunction integrand = x -> {
            double inner = phiCdf(x + Math.sqrt(2) * c) - (twoSided ? phiCdf(x - Math.sqrt(2) * c) : 0);
            return Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI) * Math.pow(Math.max(0, inner), k);
        };
        return integrator().integrate(MAX_EVALUATIONS, integrand, -9, 9);
    }

    private static double phiCdf(double x) {
        return 0.5 * Erf.erfc(-x / Math.sqrt(2));
    }

    /** The critical value d with dunnettCdf(d) = 1 - alpha (Brent's method; 20 when even that is too small). */
    public static double dunnettCritical(double alpha, int k, double df, boolean twoSided) {
        double lo = twoSided ? 0 : -10;
        double hi = 20;
        UnivariateFunction excess = d -> dunnettCdf(d, k, df, twoSided) - (1 - alpha);
        if (excess.value(hi) < 0) {
            return hi;
        }
        return new BrentSolver(1e-12).solve(100, excess, lo, hi);
    }

    /**
     * Seeds as blocks: the pooled standard error of a difference between two classes' means, sqrt(2 MSE / n), from
     * the residuals of the additive class + seed model, with (K - 1)(n - 1) degrees of freedom. {@code x[i][s]} is
     * class i at seed s. Zero (no interval from it) when the residuals are floating-point noise.
     */
    record BlockError(double se, int df) {
    }

    static BlockError blockError(double[][] x) {
        int k = x.length;
        int n = x[0].length;
        double[] row = new double[k];
        double[] col = new double[n];
        double grand = 0;
        for (int i = 0; i < k; i++) {
            for (int s = 0; s < n; s++) {
                row[i] += x[i][s] / n;
                col[s] += x[i][s] / k;
                grand += x[i][s] / (k * n);
            }
        }
        double ss = 0;
        double scale = 0;
        for (int i = 0; i < k; i++) {
            for (int s = 0; s < n; s++) {
                double r = x[i][s] - row[i] - col[s] + grand;
                ss += r * r;
                scale = Math.max(scale, Math.abs(x[i][s]));
            }
        }
        int df = (k - 1) * (n - 1);
        if (df == 0) {
            return new BlockError(Double.NaN, 0);
        }
        double se = Math.sqrt(2 * ss / df / n);
        return new BlockError(se <= 1e-9 * Math.max(scale, Double.MIN_NORMAL) ? 0 : se, df);
    }

    /**
     * Hsu's multiple comparisons with the best (constrained intervals, larger is better), seeds as blocks: for each
     * class, an interval for its true mean minus the best of the others', valid simultaneously at 1 - alpha although
     * the best is chosen from the same data. A class may be the best when its upper bound is above 0; p is the
     * smallest alpha at which it would be excluded. With one class it is the best; with fewer than two seeds or a zero
     * pooled error nothing can be excluded (NaN bounds and p). {@code belowBest} bounds from above how far a class
     * falls short of the truly best, simultaneously with the set: the best lies in the set, and Dunnett's one-sided
     * bound against it holds, so mean_i - mean_best <= m_i - min(m_k, k in the set, k != i) + d se.
     */
    public record Mcb(double[] difference, double[] lower, double[] upper, double[] p, boolean[] mightBeBest,
                      double[] belowBest, double critical, double se, int df) {
    }

    public static Mcb mcb(double[][] x, double alpha) {
        int k = x.length;
        double[] mean = Arrays.stream(x).mapToDouble(r -> Arrays.stream(r).average().orElse(Double.NaN)).toArray();
        double[] diff = diffToBest(mean);
        double[] lower = new double[k];
        double[] upper = new double[k];
        double[] p = new double[k];
        boolean[] best = new boolean[k];
        BlockError e = k < 2 || x[0].length < 2 ? new BlockError(Double.NaN, 0) : blockError(x);
        if (k == 1 || !(e.se() > 0)) {
            Arrays.fill(lower, Double.NaN);
            Arrays.fill(upper, Double.NaN);
            Arrays.fill(p, Double.NaN);
            Arrays.fill(best, true);
            double[] below = new double[k];
            Arrays.fill(below, Double.NaN);
            return new Mcb(diff, lower, upper, p, best, below, Double.NaN, e.se(), e.df());
        }
        double d = dunnettCritical(alpha, k - 1, e.df(), false);
        for (int i = 0; i < k; i++) {
            lower[i] = Math.min(0, diff[i] - d * e.se());
            upper[i] = Math.max(0, diff[i] + d * e.se());
            p[i] = 1 - dunnettCdf(-diff[i] / e.se(), k - 1, e.df(), false);
            best[i] = upper[i] > 0;
        }
        double[] below = new double[k];
        for (int i = 0; i < k; i++) {
            double lowestInSet = Double.POSITIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                if (j != i && best[j]) {
                    lowestInSet = Math.min(lowestInSet, mean[j]);
                }
            }
            below[i] = Double.isInfinite(lowestInSet) ? Double.NaN : mean[i] - lowestInSet + d * e.se();
        }
        return new Mcb(diff, lower, upper, p, best, below, d, e.se(), e.df());
    }

    /**
     * Hsu's comparison with the best without a pooled error: each class against each rival on their differences at
     * the shared seeds, one-sided at alpha / (k - 1) per rival (Bonferroni over the k - 1 rivals), so the set holds the
     * truly best class with probability at least 1 - alpha whatever each pair's variance. Each pair is judged by its
     * own paired t (n - 1 degrees of freedom), and a class may be the best exactly when its constrained upper bound is
     * above 0, so the set and the intervals always agree. Not the exact sign-flip test: its smallest one-sided p is
     * 2^-n, and times k - 1 it can never exclude anything at few seeds (4 classes at 5 seeds, 24 at 8, any race
     * round). Differences without spread give no interval (NaN bounds) and are judged by the exact count instead:
     * three seeds that all differ by the same amount give 1/8 per rival, never an exclusion at 0.05 / (k - 1).
     * p is the smallest alpha at which the class would be excluded, (k - 1) times its smallest one-sided p, at most 1;
     * {@code critical} the one-sided t quantile at alpha / (k - 1). {@code belowBest}: the largest of the upper bounds
     * on mean_i - mean_j over the other classes j in the set (the best is among them). With one class, or one seed,
     * nothing is excluded. {@code se} is NaN: there is no pooled error.
     */
    public static Mcb mcbPaired(double[][] x, double alpha) {
        int k = x.length;
        int n = x[0].length;
        double[] mean = Arrays.stream(x).mapToDouble(r -> Arrays.stream(r).average().orElse(Double.NaN)).toArray();
        double[] lower = new double[k];
        double[] upper = new double[k];
        double[] p = new double[k];
        boolean[] best = new boolean[k];
        double[] below = new double[k];
        Arrays.fill(best, true);
        Arrays.fill(below, Double.NaN);
        if (k == 1 || n < 2) {
            Arrays.fill(lower, Double.NaN);
            Arrays.fill(upper, Double.NaN);
            Arrays.fill(p, Double.NaN);
            return new Mcb(diffToBest(mean), lower, upper, p, best, below, Double.NaN, Double.NaN, n - 1);
        }
        double c = tQuantile(1 - alpha / (k - 1), n - 1);
        double[][] bound = new double[k][k]; // bound[i][j]: upper bound on mean_i - mean_j
        for (int i = 0; i < k; i++) {
            double minUpper = Double.POSITIVE_INFINITY;
            double minLower = Double.POSITIVE_INFINITY;
            double minP = 1;
            for (int j = 0; j < k; j++) {
                if (j == i) {
                    continue;
                }
                double[] d = difference(x[i], x[j]);
                Summary sd = summarize(d);
                double se = negligible(sd.std() / Math.sqrt(n), x[i], x[j]);
                double h = se > 0 ? c * se : Double.NaN;
                bound[i][j] = sd.mean() + h;
                minUpper = Math.min(minUpper, sd.mean() + h);
                minLower = Math.min(minLower, sd.mean() - h);
                minP = Math.min(minP, rivalBetterP(d, sd.mean(), se));
            }
            upper[i] = Double.isNaN(minUpper) ? Double.NaN : Math.max(0, minUpper);
            lower[i] = Double.isNaN(minLower) ? Double.NaN : Math.min(0, minLower);
            p[i] = Math.min(1, (k - 1) * minP);
            best[i] = p[i] > alpha; // with t throughout, the same as min_j upper bound > 0
        }
        for (int i = 0; i < k; i++) {
            double worst = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                if (j != i && best[j]) {
                    worst = Math.max(worst, bound[i][j]);
                }
            }
            below[i] = Double.isInfinite(worst) ? Double.NaN : worst;
        }
        return new Mcb(diffToBest(mean), lower, upper, p, best, below, c, Double.NaN, n - 1);
    }

    /** Each mean minus the largest of the others (0 for a single class). */
    private static double[] diffToBest(double[] mean) {
        double[] out = new double[mean.length];
        for (int i = 0; i < mean.length; i++) {
            double others = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < mean.length; j++) {
                if (j != i) {
                    others = Math.max(others, mean[j]);
                }
            }
            out[i] = mean.length == 1 ? 0 : mean[i] - others;
        }
        return out;
    }

    /**
     * One-sided p that the rival is better, from the class's differences to it (class minus rival): Student's t, lower
     * tail; differences without spread, the share of sign patterns reaching their sum (1/2^n when it is negative).
     */
    private static double rivalBetterP(double[] d, double mean, double se) {
        if (se > 0) {
            return new TDistribution(null, d.length - 1).cumulativeProbability(mean / se);
        }
        return mean < 0 ? Math.pow(0.5, d.length) : 1;
    }

    /**
     * Dunnett's comparisons with a control fixed in advance (two-sided, seeds as blocks): each class minus the
     * control, with simultaneous 1 - alpha intervals and adjusted p-values. NaN where no pooled error exists.
     */
    public record VsControl(double[] difference, double[] lower, double[] upper, double[] p, double se, int df) {
    }

    public static VsControl vsControl(double[][] x, int control, double alpha) {
        int k = x.length;
        double[] mean = Arrays.stream(x).mapToDouble(r -> Arrays.stream(r).average().orElse(Double.NaN)).toArray();
        double[] diff = new double[k];
        double[] lower = new double[k];
        double[] upper = new double[k];
        double[] p = new double[k];
        BlockError e = k < 2 || x[0].length < 2 ? new BlockError(Double.NaN, 0) : blockError(x);
        double d = e.se() > 0 ? dunnettCritical(alpha, k - 1, e.df(), true) : Double.NaN;
        for (int i = 0; i < k; i++) {
            diff[i] = mean[i] - mean[control];
            boolean known = i != control && e.se() > 0;
            lower[i] = known ? diff[i] - d * e.se() : Double.NaN;
            upper[i] = known ? diff[i] + d * e.se() : Double.NaN;
            p[i] = known ? 1 - dunnettCdf(Math.abs(diff[i]) / e.se(), k - 1, e.df(), true) : Double.NaN;
        }
        return new VsControl(diff, lower, upper, p, e.se(), e.df());
    }

    /**
     * Each class against the control without a pooled error: the paired t on their shared seeds, two-sided, its p
     * times the k - 1 comparisons (Bonferroni, at most 1) and its interval at alpha / (k - 1), so the intervals hold
     * together at 1 - alpha whatever each class's variance, and p <= alpha exactly when an interval excludes 0.
     * Differences without spread give no interval and the exact count's p (2 / 2^n when they are not all 0); one seed
     * gives nothing. NaN for the control itself.
     */
    public static VsControl vsControlPaired(double[][] x, int control, double alpha) {
        int k = x.length;
        int n = x[0].length;
        double[] diff = new double[k];
        double[] lower = new double[k];
        double[] upper = new double[k];
        double[] p = new double[k];
        Arrays.fill(lower, Double.NaN);
        Arrays.fill(upper, Double.NaN);
        Arrays.fill(p, Double.NaN);
        double c = k > 1 && n > 1 ? tQuantile(1 - alpha / (2 * (k - 1)), n - 1) : Double.NaN;
        for (int i = 0; i < k; i++) {
            Summary d = summarize(difference(x[i], x[control]));
            diff[i] = d.mean();
            if (i == control || n < 2) {
                continue;
            }
            double se = negligible(d.std() / Math.sqrt(n), x[i], x[control]);
            double pair;
            if (se > 0) {
                lower[i] = d.mean() - c * se;
                upper[i] = d.mean() + c * se;
                pair = 2 * new TDistribution(null, n - 1).cumulativeProbability(-Math.abs(d.mean()) / se);
            } else {
                pair = d.mean() == 0 ? 1 : 2 * Math.pow(0.5, n);
            }
            p[i] = Math.min(1, (k - 1) * pair);
        }
        return new VsControl(diff, lower, upper, p, Double.NaN, n - 1);
    }

    /** a_i - b_i, seed by seed. */
    private static double[] difference(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }
}
