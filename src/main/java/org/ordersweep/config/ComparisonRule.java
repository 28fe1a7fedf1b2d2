package org.ordersweep.config;

import org.ordersweep.stats.Stats;

/**
 * How classes are compared with the best (Hsu) and with a control (Dunnett): the seed race's rule
 * (sweep.racing.rule) and the analysis's (analysis.comparison). A race is replayed with the rule it ran with.
 */
public enum ComparisonRule implements KeyedValue {
    /**
     * Each pair on its own differences at the shared seeds, Bonferroni over the k - 1 comparisons: valid whatever
     * each class's seed-to-seed variance (classes of one sweep differ up to fourfold).
     */
    PAIRED("paired"),
    /**
     * One seed-to-seed error pooled over every class (seeds as blocks) and Dunnett's critical value: sharper when the
     * variances are equal, wrong in both directions when they are not. The rule of races recorded before the choice.
     */
    POOLED("pooled");

    private final String key;

    ComparisonRule(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    /** Hsu's comparison with the best by this rule: {@code x[i][s]} is class i at seed s. */
    public Stats.Mcb withBest(double[][] x, double alpha) {
        return this == PAIRED ? Stats.mcbPaired(x, alpha) : Stats.mcb(x, alpha);
    }

    /** Each class against the control (two-sided, simultaneous) by this rule. */
    public Stats.VsControl withControl(double[][] x, int control, double alpha) {
        return this == PAIRED ? Stats.vsControlPaired(x, control, alpha) : Stats.vsControl(x, control, alpha);
    }

    /** The procedure in a few words, for the report and the findings. */
    public String described() {
        return this == PAIRED ? "paired by seed, Bonferroni over the comparisons, no pooled error"
                : "seeds as blocks, one error pooled over every class";
    }

    @Override
    public String toString() {
        return key;
    }
}
