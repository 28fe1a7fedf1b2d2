package org.ordersweep.analysis;

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
}
