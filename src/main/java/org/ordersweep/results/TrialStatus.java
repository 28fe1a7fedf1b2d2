package org.ordersweep.results;

import java.util.Locale;

/** How a trial ended. */
public enum TrialStatus {
    /** Trained and evaluated. */
    OK,
    /** DL4J rejected the network's shapes; nothing was trained. */
    INVALID,
    /** The training loss became NaN or infinite; training stopped. */
    DIVERGED,
    /** Successive halving stopped it at a rung: its metrics are at that rung's smaller budget. */
    STOPPED,
    /** An error stopped the trial; the sweep went on. */
    FAILED;

    /** The status a stored key names. */
    public static TrialStatus parse(String key) {
        for (TrialStatus s : values()) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown trial status '" + key + "'");
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
