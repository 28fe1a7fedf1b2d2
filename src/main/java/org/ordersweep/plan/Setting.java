package org.ordersweep.plan;

import org.ordersweep.domain.Element;
import org.ordersweep.domain.Ordering;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What orderings are compared under: the block's elements (an ablation sweeps several blocks), the activation and the
 * learning rate. Rankings, races, halving and precedence effects stay within one setting; what differs between
 * settings is compared by the analysis on purpose (activation x ordering, learning rate x ordering, block vs block).
 *
 * @param block        the ordering's elements in the catalogue's order joined by '+', e.g. {@code conv+bn+act+pool}
 * @param learningRate NaN when unknown (never for a planned trial)
 */
public record Setting(String block, String activation, double learningRate) implements Comparable<Setting> {

    /** Larger blocks first, then by name, activation and rate. */
    private static final Comparator<Setting> ORDER = Comparator
            .comparingInt((Setting s) -> -s.elements().size()).thenComparing(Setting::block)
            .thenComparing(Setting::activation).thenComparingDouble(Setting::learningRate);

    public static Setting of(String orderingKey, String activation, double learningRate) {
        return of(Ordering.parse(orderingKey), activation, learningRate);
    }

    public static Setting of(Ordering ordering, String activation, double learningRate) {
        return new Setting(blockOf(ordering.elements()), activation, learningRate);
    }

    /** The block an ordering belongs to: its elements, whatever their order. */
    public static String blockOf(String orderingKey) {
        return blockOf(Ordering.parse(orderingKey).elements());
    }

    public static String blockOf(List<Element> elements) {
        return Arrays.stream(Element.values()).filter(elements::contains).map(Element::key)
                .collect(Collectors.joining("+"));
    }

    public List<String> elements() {
        return List.of(block.split("\\+"));
    }

    /** Stable text for grouping keys and logs. */
    public String key() {
        return block + " " + activation + " lr=" + rate(learningRate);
    }

    /**
     * How the setting is named in reports: the activation, and the rate and block only when the results vary them
     * (a sweep of one rate and one block reads as before).
     */
    public String label(boolean showRate, boolean showBlock) {
        return activation + (showRate ? ", lr " + rate(learningRate) : "") + (showBlock ? ", " + block : "");
    }

    /** Whether these settings differ in rate (then labels name it). */
    public static boolean ratesVary(Collection<Setting> settings) {
        return settings.stream().mapToDouble(Setting::learningRate).distinct().count() > 1;
    }

    /** Whether these settings differ in block (then labels name it). */
    public static boolean blocksVary(Collection<Setting> settings) {
        return settings.stream().map(Setting::block).distinct().count() > 1;
    }

    /** A rate as written in configuration: 0.001, not 1.0E-3. */
    public static String rate(double r) {
        return Double.isNaN(r) ? "?" : BigDecimal.valueOf(r).stripTrailingZeros().toPlainString();
    }

    @Override
    public int compareTo(Setting o) {
        return ORDER.compare(this, o);
    }
}
