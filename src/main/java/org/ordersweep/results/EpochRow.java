package org.ordersweep.results;

import java.io.Serializable;

/** One epoch of one trial: the learning curve. */
public record EpochRow(String trialId, int epoch, double trainLoss, double testAccuracy, double testLoss,
                       double seconds) implements Serializable {
}
