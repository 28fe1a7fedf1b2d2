package org.ordersweep.model;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * The process's memory outside the Java heap: how much is resident, and giving back what a trial held.
 *
 * <p>A trial's workspaces are destroyed as it ends. ND4J's arrays outside workspaces are freed only once the collector
 * finds their Java objects unreachable, so a collection runs when resident memory has grown by
 * {@link #COLLECT_AFTER_GROWTH} (512 MiB) since the last one ({@link CollectOnGrowth}), not after every trial:
 * ND4J's own destroyAllWorkspacesForCurrentThread runs a full collection each time, and even one every 250 ms
 * stopped both training threads about 90 times in the quickstart's minute (docs/performance.md, "The collector
 * between trials").
 */
public final class NativeMemory {

    /** The growth that makes a trial's end collect, at most; an eighth of the arrays' ceiling when that is less. */
    static final long COLLECT_AFTER_GROWTH = 512L << 20;

    private static final CollectOnGrowth COLLECTOR = new CollectOnGrowth(collectAfterGrowth(Pointer.maxBytes()));

    private NativeMemory() {
    }

    /** This process's resident memory now, in bytes (JavaCPP reads it from the operating system). */
    public static long residentBytes() {
        return Pointer.physicalBytes();
    }

    /** Destroys the calling thread's workspaces, then collects if resident memory has grown enough since last time. */
    public static void releaseForCurrentThread() {
        release(COLLECTOR);
    }

    static void release(CollectOnGrowth collector) {
        List<MemoryWorkspace> all = new ArrayList<>(Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread());
        for (MemoryWorkspace w : all) {
            Nd4j.getWorkspaceManager().destroyWorkspace(w);
        }
        if (collector.due(residentBytes())) {
            System.gc(); // frees the native memory of arrays that are garbage now (ND4J's deallocators)
        }
    }

    /** A small executor's ceiling (JavaCPP's maxbytes, set by the launchers from its budget) lowers the step. */
    static long collectAfterGrowth(long arraysCeiling) {
        return Math.min(COLLECT_AFTER_GROWTH, arraysCeiling / 8);
    }
}
