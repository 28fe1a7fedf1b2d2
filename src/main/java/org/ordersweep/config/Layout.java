package org.ordersweep.config;

import java.util.Arrays;

/** model.layout: how the network's layers are shaped. */
public enum Layout {
    /** Images: 2D kernels and pooling. */
    TWO_D("2d"),
    /** Sequences, built from 2D layers of height 1 (kernels 1xk, pooling 1xp). */
    ONE_D("1d");

    private final String key;

    Layout(String key) {
        this.key = key;
    }

    /** The value as configuration writes it. */
    public String key() {
        return key;
    }

    /** The layout a configuration value names (the key catalogue has checked it is one of {@link #keys()}). */
    public static Layout ofKey(String key) {
        return Arrays.stream(values()).filter(l -> l.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown model.layout '" + key + "'"));
    }

    /** Every allowed value, in the catalogue's order. */
    public static String[] keys() {
        return Arrays.stream(values()).map(Layout::key).toArray(String[]::new);
    }

    @Override
    public String toString() {
        return key;
    }
}
