package org.ordersweep.config;

/** model.head: what turns the last stage's output into the softmax output's input. */
public enum Head implements KeyedValue {
    /** Flatten, then a dense ReLU layer of model.dense units: the template network's head. */
    DENSE("dense"),
    /** The mean of each channel over the whole map (global average pooling): no parameters. */
    GLOBAL_AVERAGE("global-average"),
    /** Straight into the softmax output (flattened): for a network whose last stage is fully connected. */
    OUTPUT("output");

    private final String key;

    Head(String key) {
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
