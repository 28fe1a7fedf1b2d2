package org.ordersweep.train;

import java.util.function.IntSupplier;

/**
 * How many trials may run at once, asked again at every start: in trial-parallel mode the executor cores registered
 * now (on YARN and Kubernetes executors arrive after the driver starts, and dynamic allocation adds and removes them),
 * not the cores seen when the sweep began. A start waits until a trial ends or the bound grows (re-read every
 * half second, as Spark announces no change of executors to a waiting driver thread).
 */
final class InFlight {

    private static final long RECHECK_MILLIS = 500;

    private final IntSupplier bound;
    private int running;
    private int most;

    /** @param bound the trials allowed in flight now; values below 1 count as 1 */
    InFlight(IntSupplier bound) {
        this.bound = bound;
    }

    synchronized void acquire() throws InterruptedException {
        while (running >= Math.max(1, bound.getAsInt())) {
            wait(RECHECK_MILLIS);
        }
        running++;
        most = Math.max(most, running);
    }

    synchronized void release() {
        running--;
        notifyAll();
    }

    /** The most trials that were in flight at once. */
    synchronized int most() {
        return most;
    }
}
