package org.ordersweep.results;

/** One epoch of one trial: the learning curve. */
public record EpochRow(String trialId, int epoch, double trainLoss, double testAccuracy, double testLoss,
                       double seconds) implements java.io.Serializable {
}
