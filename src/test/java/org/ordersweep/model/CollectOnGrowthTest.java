package org.ordersweep.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A collection once resident memory has grown by the step over the lowest reading since the last one. */
class CollectOnGrowthTest {

    @Test
    void collectsOnceTheGrowthOverTheFloorReachesTheStep() {
        CollectOnGrowth c = new CollectOnGrowth(100);
        assertFalse(c.due(1_000), "the first reading is the floor");
        assertFalse(c.due(1_099));
        assertFalse(c.due(950), "a lower reading lowers the floor");
        assertTrue(c.due(1_050), "100 over the floor of 950");
        assertFalse(c.due(1_060), "the floor is now the reading that collected");
        assertFalse(c.due(900), "the deallocators gave memory back: the new floor");
        assertFalse(c.due(999));
        assertTrue(c.due(1_000));
    }

    @Test
    void memoryThatStaysLiveCostsOneCollectionNotOnePerTrial() {
        CollectOnGrowth c = new CollectOnGrowth(100);
        assertFalse(c.due(1_000));
        assertTrue(c.due(2_000), "a larger network arrived");
        for (int trial = 0; trial < 10; trial++) {
            assertFalse(c.due(2_000 + trial), "trial " + trial + " at the new level");
        }
    }

    @Test
    void steadyGrowthCollectsEveryStep() {
        CollectOnGrowth c = new CollectOnGrowth(100);
        int collections = 0;
        for (long resident = 1_000; resident <= 2_000; resident += 10) {
            collections += c.due(resident) ? 1 : 0;
        }
        assertTrue(collections == 10, "1,000 of growth in steps of 100: " + collections);
    }
}
