package org.ordersweep.model;

/**
 * Whether the resident memory a trial's end reads has grown enough since the last collection to run the collector
 * again (see {@link NativeMemory}). The floor is the lowest reading since the last collection: the readings just
 * after one still include what its deallocators are about to free, and memory that stays live (a larger network,
 * cached data) raises the floor after one collection instead of causing one per trial.
 */
final class CollectOnGrowth {

    private final long growthBytes;
    private long floor = Long.MAX_VALUE;

    CollectOnGrowth(long growthBytes) {
        this.growthBytes = growthBytes;
    }

    /** Given the process's resident bytes now: true when a collection is due (and counts it as run). */
    synchronized boolean due(long residentBytes) {
        floor = Math.min(floor, residentBytes);
        if (residentBytes - floor < growthBytes) {
            return false;
        }
        floor = residentBytes;
        return true;
    }
}
