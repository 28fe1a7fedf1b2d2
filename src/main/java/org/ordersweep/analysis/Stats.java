package org.ordersweep.analysis;

import org.apache.commons.math3.distribution.FDistribution;
import org.apache.commons.math3.distribution.TDistribution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** The few statistics the analysis needs, on plain arrays: intervals, t-tests, Holm's correction. */
public final class Stats {

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

    /** Welch's unequal-variance t-test of mean(a) - mean(b); NaN interval and p when a side has fewer than 2. */
    public static Difference welch(double[] a, double[] b) {
        Summary sa = summarize(a);
        Summary sb = summarize(b);
        double d = sa.mean() - sb.mean();
        if (sa.n() < 2 || sb.n() < 2) {
            return new Difference(d, Double.NaN, Double.NaN, Double.NaN, "welch");
        }
        double va = sa.std() * sa.std() / sa.n();
        double vb = sb.std() * sb.std() / sb.n();
        double se = Math.sqrt(va + vb);
        if (se == 0) {
            return new Difference(d, d, d, d == 0 ? 1 : 0, "welch");
        }
        double df = (va + vb) * (va + vb) / (va * va / (sa.n() - 1) + vb * vb / (sb.n() - 1));
        return fromT(d, se, df, "welch");
    }

    /** Paired t-test of mean(a_i - b_i): the same seed (data order) on both sides removes the seed's share of noise. */
    public static Difference paired(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired samples differ in length: " + a.length + " vs " + b.length);
        }
        double[] diff = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            diff[i] = a[i] - b[i];
        }
        Summary s = summarize(diff);
        if (s.n() < 2) {
            return new Difference(s.mean(), Double.NaN, Double.NaN, Double.NaN, "paired t");
        }
        double se = s.std() / Math.sqrt(s.n());
        if (se == 0) {
            return new Difference(s.mean(), s.mean(), s.mean(), s.mean() == 0 ? 1 : 0, "paired t");
        }
        return fromT(s.mean(), se, s.n() - 1, "paired t");
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
     * The interaction F test of a balanced two-way layout with replication: {@code x[i][j][k]} is replicate k of
     * level i of the first factor and level j of the second. Significant when the effect of the second factor
     * differs between levels of the first. NaN when there are fewer than two levels or replicates.
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
        double grand = 0;
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                cell[i][j] = Arrays.stream(x[i][j]).average().orElseThrow();
                rowMean[i] += cell[i][j] / b;
                colMean[j] += cell[i][j] / a;
                grand += cell[i][j] / (a * b);
            }
        }
        double ssInteraction = 0;
        double ssError = 0;
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                double e = cell[i][j] - rowMean[i] - colMean[j] + grand;
                ssInteraction += n * e * e;
                for (double v : x[i][j]) {
                    ssError += (v - cell[i][j]) * (v - cell[i][j]);
                }
            }
        }
        int df1 = (a - 1) * (b - 1);
        int df2 = a * b * (n - 1);
        double f = (ssInteraction / df1) / (ssError / df2);
        double p = ssError == 0 ? (ssInteraction == 0 ? 1 : 0)
                : 1 - new FDistribution(null, df1, df2).cumulativeProbability(f);
        return new FTest(f, df1, df2, p);
    }
}
