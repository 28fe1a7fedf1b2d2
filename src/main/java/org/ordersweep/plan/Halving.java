package org.ordersweep.plan;

/**
 * Successive halving's rule, the one copy the runner, the replay and the bench use: of the n classes that reach a
 * rung, the best ceil(n / reduction) go on to the next.
 */
public final class Halving {

    private Halving() {
    }

    /** How many of {@code reaching} go on to the next rung: ceil(reaching / reduction). */
    public static int goOn(int reaching, int reduction) {
        if (reaching < 0 || reduction < 1) {
            throw new IllegalArgumentException("halving needs reaching >= 0 and reduction >= 1, got " + reaching
                    + " and " + reduction);
        }
        return (reaching + reduction - 1) / reduction;
    }
}
