package org.ordersweep.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where batch norm and the activation sit around a residual unit's addition: the five placements of He et al. 2016
 * ("Identity Mappings in Deep Residual Networks", figure 4). Each is an ordering of the unit's layers: what comes
 * before {@code add} is the branch applied to the unit's input x, {@code add} adds x (or its 1x1 projection) to the
 * branch, and what follows is applied to the sum. No two are the same function: neither the activation nor batch norm
 * commutes with the addition, so a residual sweep trains every placement.
 */
public enum Placement {
    /** He et al. 2015's unit: conv-bn-relu-conv-bn, add, relu. */
    ORIGINAL("original", "conv>bn>act>conv>bn>add>act", 6.61),
    /** Batch norm moved after the addition. */
    BN_AFTER_ADD("bn-after-add", "conv>bn>act>conv>add>bn>act", 8.17),
    /** The activation moved before the addition: the branch's output is never negative. */
    RELU_BEFORE_ADD("relu-before-add", "conv>bn>act>conv>bn>act>add", 7.84),
    /** The activation moved to the front of the branch, batch norm stays after each conv. */
    RELU_ONLY_PREACT("relu-only-preact", "act>conv>bn>act>conv>bn>add", 6.71),
    /** Batch norm and activation both before each conv: the identity path is left untouched. */
    FULL_PREACT("full-preact", "bn>act>conv>bn>act>conv>add", 6.37);

    private final String key;
    private final Ordering unit;
    private final double publishedError;

    Placement(String key, String unit, double publishedError) {
        this.key = key;
        this.unit = Ordering.parse(unit);
        this.publishedError = publishedError;
    }

    /** He et al. 2016's test error in percent on CIFAR-10 with ResNet-110 (their table 1, median of 5 runs). */
    public double publishedError() {
        return publishedError;
    }

    public String key() {
        return key;
    }

    /** The unit's layers in order, {@code add} among them. */
    public Ordering unit() {
        return unit;
    }

    /** The placement whose unit this ordering is, or null for a plain block's ordering. */
    public static Placement of(Ordering ordering) {
        return Arrays.stream(values()).filter(p -> p.unit.equals(ordering)).findFirst().orElse(null);
    }

    public static Placement parse(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.key.equals(wanted)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("unknown residual placement '" + name + "'; allowed: " + allowed()));
    }

    public static String allowed() {
        return Arrays.stream(values()).map(Placement::key).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return key;
    }
}
