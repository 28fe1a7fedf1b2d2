package org.ordersweep.model;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gives back the workspaces a thread used for one trial. ND4J's own destroyAllWorkspacesForCurrentThread also calls
 * System.gc(), a full collection per trial: on a sweep of 5,016 one-minibatch trials that capped the driver at 12
 * trials per second. Without any collection the sweep ran at 82 per second, but resident memory kept climbing (0.54 to
 * 1.86 GB), as arrays outside workspaces wait for the collector to free their native memory. So the workspaces are
 * destroyed at once and a collection runs at most once every {@value #COLLECT_EVERY_MILLIS} ms per JVM: 53 trials per
 * second with resident memory at 0.54-0.70 GB during training, while trials of a second or more are collected after
 * each as before (docs/performance.md, "The driver's ceiling").
 */
public final class Workspaces {

    static final long COLLECT_EVERY_MILLIS = 250;
    static final AtomicLong LAST_COLLECTION = new AtomicLong();

    private Workspaces() {
    }

    public static void releaseForCurrentThread() {
        List<MemoryWorkspace> all = new ArrayList<>(Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread());
        for (MemoryWorkspace w : all) {
            Nd4j.getWorkspaceManager().destroyWorkspace(w);
        }
        long now = System.currentTimeMillis();
        long last = LAST_COLLECTION.get();
        if (now - last >= COLLECT_EVERY_MILLIS && LAST_COLLECTION.compareAndSet(last, now)) {
            System.gc(); // frees the native memory of arrays that are garbage now (ND4J's deallocators)
        }
    }
}
