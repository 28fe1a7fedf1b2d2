package org.ordersweep.train;

import org.ordersweep.model.Network;

/** How one epoch of a trial is trained: with parameter averaging across executors, or locally inside one task. */
interface EpochTrainer {

    /** Trains one epoch (1-based) and returns its training loss: the mean over its minibatches, by examples. */
    double fitEpoch(int epoch);

    /** The network as trained so far. */
    Network network();
}
