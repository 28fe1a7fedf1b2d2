package org.ordersweep.analysis;

import java.util.Locale;

/**
 * The accuracy difference below which two orderings count as performing alike, and why it is that size. By default
 * one binomial standard error of a test accuracy on the sweep's test set, sqrt(a(1 - a) / n): a difference smaller
 * than the noise of drawing the test images is not one a user can rely on (about 0.013 for accuracy 0.8 on 1,000
 * images, 0.003 on 10,000).
 */
public record Margin(double value, String why) {

    /**
     * @param configured   analysis.margin; 0 = derive it
     * @param testExamples the recorded test set size, 0 when unknown
     * @param accuracy     the mean test accuracy of the analysed trials
     */
    public static Margin of(double configured, int testExamples, double accuracy) {
        if (configured > 0) {
            return new Margin(configured, String.format(Locale.ROOT, "%.4f (analysis.margin)", configured));
        }
        if (testExamples <= 0 || Double.isNaN(accuracy)) {
            return new Margin(0.01, "0.0100 (the test set's size was not recorded; set analysis.margin)");
        }
        double a = Math.min(Math.max(accuracy, 0.5 / testExamples), 1 - 0.5 / testExamples);
        double m = Math.sqrt(a * (1 - a) / testExamples);
        return new Margin(m, String.format(Locale.ROOT, "%.4f: one binomial standard error of a test accuracy of "
                + "%.3f on %,d test examples, sqrt(a(1-a)/n) (analysis.margin = 0)", m, accuracy, testExamples));
    }
}
