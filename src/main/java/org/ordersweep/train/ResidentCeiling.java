package org.ordersweep.train;

import org.bytedeco.javacpp.Pointer;
import org.ordersweep.model.NativeMemory;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The ceiling on a training JVM's resident memory ({@value #PROPERTY}, set by the launchers from the JVM's budget),
 * checked before every minibatch against a reading a background thread takes every {@value #SAMPLE_MILLIS} ms.
 *
 * <p>Why not JavaCPP's own process ceiling ({@code org.bytedeco.javacpp.maxphysicalbytes}): it reads the process's
 * resident size from the operating system on every native allocation, and ND4J allocates for nearly every op; on
 * the quickstart model that read was about 6% of a training thread's time (docs/performance.md). Past the ceiling
 * it runs the collector (ND4J's arrays outside workspaces are freed by it) and waits for the deallocators, as
 * JavaCPP did; if the process is still above the ceiling, the trial fails with an error that {@link MemoryBudget}
 * records with the budget to raise, instead of the kernel or the cluster manager ending the JVM with every trial in
 * it.
 */
public final class ResidentCeiling {

    /** The system property the launchers set (jobs/memory-budget, in MiB: {@code 7168m}); any size JavaCPP reads. */
    public static final String PROPERTY = "ordersweep.max-resident";

    static final long SAMPLE_MILLIS = 200;
    static final int RETRIES = 3;

    private static final ResidentCeiling JVM = new ResidentCeiling(parse(System.getProperty(PROPERTY)),
            NativeMemory::residentBytes, true);

    private final long ceiling;
    private final LongSupplier resident;
    private volatile long latest;

    ResidentCeiling(long ceiling, LongSupplier resident, boolean sampleInBackground) {
        this.ceiling = ceiling;
        this.resident = resident;
        if (ceiling > 0 && sampleInBackground) {
            Thread t = new Thread(this::sample, "ordersweep-resident-ceiling");
            t.setDaemon(true);
            t.start();
        }
    }

    /** This JVM's ceiling in bytes, 0 when none is set. */
    public static long bytes() {
        return JVM.ceiling;
    }

    /**
     * The process stayed above its ceiling. Not an OutOfMemoryError: Spark treats that as fatal and ends the JVM, with
     * every trial in it, while this fails one trial's task, which the driver records as out of memory (by this
     * message, also when it arrives from an executor as text) and the sweep goes on.
     */
    public static final class Exceeded extends RuntimeException {
        Exceeded(String message) {
            super(message);
        }
    }

    /** Before a minibatch: throws {@link Exceeded} when the process stays above its ceiling after a collection. */
    public static void check() {
        JVM.checkNow();
    }

    void checkNow() {
        if (ceiling <= 0 || latest <= ceiling) {
            return;
        }
        synchronized (this) {
            long now = resident.getAsLong();
            for (int i = 0; i < RETRIES && now > ceiling; i++) {
                System.gc(); // ND4J's deallocator threads then free the arrays that were garbage
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                now = resident.getAsLong();
            }
            latest = now;
            if (now > ceiling) {
                throw new Exceeded(String.format(Locale.ROOT, "Physical memory usage is too high: resident "
                        + "%s > ceiling %s (%s)", MemoryBudget.gb(now), MemoryBudget.gb(ceiling), PROPERTY));
            }
        }
    }

    /** Takes a reading now (the background thread's work; tests call it directly). */
    void sampleOnce() {
        latest = resident.getAsLong();
    }

    private void sample() {
        while (true) {
            sampleOnce();
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** A size as JavaCPP's own ceilings are written (4096m, 4g, bytes); absent is no ceiling. */
    static long parse(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Pointer.parseBytes(value.trim(), Runtime.getRuntime().maxMemory());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + " = " + value + ": expected a size such as 4096m or 4g");
        }
    }
}
