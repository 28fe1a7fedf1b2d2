package org.ordersweep.config;

/** train.mode: how trials use the cluster, or {@code auto} to let the sweep decide at its first run. */
public enum TrainMode implements KeyedValue {
    AUTO("auto"), DATA_PARALLEL("data-parallel"), TRIAL_PARALLEL("trial-parallel");

    private final String key;

    TrainMode(String key) {
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
