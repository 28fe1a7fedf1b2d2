package org.ordersweep.results;

import java.io.Serializable;

/**
 * One epoch of one trial: the learning curve.
 *
 * @param seconds     the epoch's training
 * @param evalSeconds the evaluation on the test set after it (epochs/ rows written before it was recorded hold null)
 */
public record EpochRow(String trialId, int epoch, double trainLoss, double testAccuracy, double testLoss,
                       double seconds, double evalSeconds) implements Serializable {
}
