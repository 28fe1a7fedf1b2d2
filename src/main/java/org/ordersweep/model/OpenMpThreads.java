package org.ordersweep.model;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * OpenMP's thread count as {@code OMP_NUM_THREADS} sets it, on every thread that trains.
 *
 * <p>Why: ND4J 1.0.0-M2 starts by applying {@code OMP_NUM_THREADS} and then, a leftover debug line
 * (deeplearning4j#9668), sets OpenMP's count to 4 on the thread that started it. OpenMP keeps the count per thread, so
 * that one thread - the driver's or test runner's main thread, or on an executor whichever task touched ND4J first, for
 * the executor's whole life - ran every oneDNN and libnd4j op on four native threads while every other thread ran on
 * one. On 2 cores a quickstart step took about twice as long that way, and beside a second trial it took that trial's
 * core too (docs/performance.md, "OpenMP's count on the thread that starts ND4J"). So ND4J starts on a thread of its
 * own that then ends, and the entry points that train give their thread the count a new thread gets.
 */
public final class OpenMpThreads {

    private static final Object LOCK = new Object();
    private static volatile int count;

    private OpenMpThreads() {
    }

    /** Starts ND4J, unless something has, on a thread of its own; then gives this thread {@link #count()}. */
    public static void onThisThread() {
        int wanted = count();
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        if (ops.ompGetMaxThreads() != wanted) {
            ops.setOmpNumThreads(wanted);
        }
    }

    /** The count a thread that ND4J never touched gets: {@code OMP_NUM_THREADS}, or OpenMP's default without it. */
    public static int count() {
        int c = count;
        if (c > 0) {
            return c;
        }
        synchronized (LOCK) {
            if (count == 0) {
                onFreshThread(Nd4j::getExecutioner); // ND4J's start leaves its count of 4 on that thread
                int[] measured = new int[1];
                onFreshThread(() -> measured[0] = NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads());
                count = measured[0];
            }
            return count;
        }
    }

    private static void onFreshThread(Runnable work) {
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                work.run();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "ordersweep-nd4j-start");
        t.setDaemon(true);
        t.start();
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true; // ND4J's start cannot be abandoned half way; the caller sees the flag after it
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure[0] instanceof RuntimeException e) {
            throw e;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
        if (failure[0] != null) {
            throw new IllegalStateException(failure[0]);
        }
    }
}
