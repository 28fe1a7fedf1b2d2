package org.ordersweep.config;

/** model.layout: how the network's layers are shaped. */
public enum Layout implements KeyedValue {
    /** Images: 2D kernels and pooling. */
    TWO_D("2d"),
    /** Sequences, built from 2D layers of height 1 (kernels 1xk, pooling 1xp). */
    ONE_D("1d");

    private final String key;

    Layout(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public String toString() {
        return key;
    }
}
