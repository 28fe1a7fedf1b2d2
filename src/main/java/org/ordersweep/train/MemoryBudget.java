package org.ordersweep.train;

import java.util.Locale;

/**
 * The memory a training JVM may use, as its launcher set it: the heap ({@code -Xmx}), JavaCPP's ceiling for ND4J's
 * off-heap arrays ({@code org.bytedeco.javacpp.maxbytes}) and the whole process's ({@link ResidentCeiling}). Past a
 * ceiling the garbage collector is made to run first, then an OutOfMemoryError is thrown -
 * a clear error inside the JVM instead of the kernel's OOM killer ending it. This class tells such an error from
 * other failures and says which budget to raise.
 */
public final class MemoryBudget {

    /** What to raise, for each way ordersweep starts a training JVM (docs/operations.md#memory). */
    static final String ADVICE = "raise ORDERSWEEP_MEMORY for jobs/ordersweep, or spark.executor.memory and "
            + "spark.executor.memoryOverhead for executors (jobs/ordersweep-submit derives the off-heap ceilings "
            + "from them)";

    private MemoryBudget() {
    }

    /** This JVM's budget in one line. */
    public static String describe() {
        return String.format(Locale.ROOT, "heap %s (-Xmx), off-heap arrays %s (org.bytedeco.javacpp.maxbytes), "
                        + "process %s (%s)", gb(Runtime.getRuntime().maxMemory()),
                gb(org.bytedeco.javacpp.Pointer.maxBytes()), gb(ResidentCeiling.bytes()), ResidentCeiling.PROPERTY);
    }

    /**
     * Whether a trial failed because a JVM ran out of memory: an OutOfMemoryError or its resident ceiling here
     * ({@link ResidentCeiling.Exceeded}, by its message), or either reported from an
     * executor inside a Spark task failure (which reaches the driver as text).
     */
    static boolean isOutOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && (m.contains("java.lang.OutOfMemoryError")
                    || m.contains("Physical memory usage is too high")
                    || m.contains("Failed to allocate memory within limits"))) {
                return true;
            }
        }
        return false;
    }

    /** The recorded reason for a trial that ran out of memory: what happened, this JVM's budget, what to raise. */
    static String reason(String firstLine) {
        return "out of memory, not retried: " + firstLine + ". Driver budget: " + describe() + "; " + ADVICE;
    }

    static String gb(long bytes) {
        return bytes <= 0 ? "unlimited" : String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
