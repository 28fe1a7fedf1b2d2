package org.ordersweep.model;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A trial's workspaces are destroyed at once; the collection that frees other native memory waits for growth. */
class NativeMemoryTest {

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static void useWorkspace() {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WorkspaceConfiguration.builder()
                .initialSize(1 << 20).build(), "trial-workspace")) {
            Nd4j.create(1000).addi(1);
        }
        assertTrue(Nd4j.getWorkspaceManager().checkIfWorkspaceExists("trial-workspace"));
    }

    @Test
    void destroysTheThreadsWorkspacesAndCollectsOnlyAfterGrowth() {
        long resident = NativeMemory.residentBytes();
        assertTrue(resident > 0, "the resident reading: " + resident);
        // A step well above any growth between these calls: the first release sets the floor and cannot collect.
        CollectOnGrowth large = new CollectOnGrowth(resident);
        useWorkspace();
        long before = collections();
        NativeMemory.release(large);
        assertEquals(0, Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread().size());
        assertEquals(before, collections(), "no growth, no collection");

        // A step of one byte over a floor set far below: the next release is due and collects.
        CollectOnGrowth small = new CollectOnGrowth(1);
        assertFalse(small.due(1));
        useWorkspace();
        NativeMemory.release(small);
        assertEquals(0, Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread().size());
        assertTrue(collections() > before, "grown past the step: a collection");
    }

    @Test
    void aSmallArraysCeilingLowersTheStep() {
        assertEquals(512L << 20, NativeMemory.collectAfterGrowth(14L << 30), "the launchers' local 18 GB budget");
        assertEquals(512L << 20, NativeMemory.collectAfterGrowth(4L << 30));
        assertEquals(144L << 20, NativeMemory.collectAfterGrowth(1152L << 20), "a 2 GB executor: 1,152 MB of arrays");
    }
}
