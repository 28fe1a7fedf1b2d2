package org.ordersweep.model;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A trial's workspaces are destroyed at once; the collection that frees other native memory is rate-limited. */
class WorkspacesTest {

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    @Test
    void destroysTheThreadsWorkspacesAndCollectsAtMostOncePerPeriod() throws Exception {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WorkspaceConfiguration.builder()
                .initialSize(1 << 20).build(), "trial-workspace")) {
            Nd4j.create(1000).addi(1);
        }
        assertTrue(Nd4j.getWorkspaceManager().checkIfWorkspaceExists("trial-workspace"));
        Workspaces.LAST_COLLECTION.set(0);
        long before = collections();
        Workspaces.releaseForCurrentThread();
        assertEquals(0, Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread().size());
        long afterFirst = collections();
        assertTrue(afterFirst > before, "the first release in a period collects");
        Workspaces.releaseForCurrentThread(); // within the same period
        assertEquals(afterFirst, collections(), "a second release within " + Workspaces.COLLECT_EVERY_MILLIS
                + " ms collected again");
        Thread.sleep(Workspaces.COLLECT_EVERY_MILLIS + 50);
        Workspaces.releaseForCurrentThread();
        assertTrue(collections() > afterFirst, "a release after the period collects again");
    }
}
