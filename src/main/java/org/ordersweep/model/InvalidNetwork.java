package org.ordersweep.model;

/** An ordering whose network cannot be built for the input's shape; the trial is recorded as invalid. */
public class InvalidNetwork extends RuntimeException {

    public InvalidNetwork(String message) {
        super(message);
    }
}
