package org.ordersweep.train;

/** The run stopped under a trial's attempt (SIGTERM stopped the SparkContext): nothing about the trial is known, so
 * nothing is recorded, and the resumed run trains it. */
public final class TrialStopped extends RuntimeException {

    TrialStopped(String label, Throwable cause) {
        super(label + " was stopped with the run; not recorded, it trains again when the run resumes", cause);
    }
}
