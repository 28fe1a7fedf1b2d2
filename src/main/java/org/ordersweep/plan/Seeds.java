package org.ordersweep.plan;

/** Derives independent, reproducible seeds from one master seed. */
public final class Seeds {

    private Seeds() {
    }

    /** SplitMix64 finaliser over (master, index): distinct indices give well-separated seeds. */
    public static long derive(long masterSeed, long index) {
        long z = masterSeed + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
    }
}
