package org.ordersweep.config;

import java.util.Arrays;

/** train.mode: how trials use the cluster, or {@code auto} to let the sweep decide at its first run. */
public enum TrainMode {
    AUTO("auto"), DATA_PARALLEL("data-parallel"), TRIAL_PARALLEL("trial-parallel");

    private final String key;

    TrainMode(String key) {
        this.key = key;
    }

    /** The value as configuration, logs and the recorded execution write it. */
    public String key() {
        return key;
    }

    /** The mode a configuration value names (the key catalogue has checked it is one of {@link #keys()}). */
    public static TrainMode ofKey(String key) {
        return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown train.mode '" + key + "'"));
    }

    /** Every allowed value, in the catalogue's order. */
    public static String[] keys() {
        return Arrays.stream(values()).map(TrainMode::key).toArray(String[]::new);
    }

    @Override
    public String toString() {
        return key;
    }
}
