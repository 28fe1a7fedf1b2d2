package org.ordersweep.config;

/**
 * train.step: how each training step is computed. {@code fast} uses ordersweep's own batch norm, ReLU and dropout
 * (model.TrainingStep.FAST); {@code dl4j} uses DL4J's layers as shipped, to compare a sweep against them. The fused
 * batch norm rounds differently from DL4J's, so the choice is part of a trial's id when it is not the default.
 */
public enum StepKind implements KeyedValue {
    FAST("fast"), DL4J("dl4j");

    private final String key;

    StepKind(String key) {
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
