package org.ordersweep.train;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResidentCeilingTest {

    private static final long GIB = 1L << 30;

    /** Resident sizes read in turn (the last one repeats), counting the reads. */
    private static final class Readings implements LongSupplier {
        final long[] values;
        final AtomicInteger reads = new AtomicInteger();

        Readings(long... values) {
            this.values = values;
        }

        @Override
        public long getAsLong() {
            int i = reads.getAndIncrement();
            return values[Math.min(i, values.length - 1)];
        }
    }

    @Test
    void withoutACeilingNothingIsRead() {
        Readings r = new Readings(100 * GIB);
        ResidentCeiling c = new ResidentCeiling(0, r, false);
        c.checkNow();
        assertEquals(0, r.reads.get());
    }

    @Test
    void belowTheCeilingAMinibatchGoesOnWithoutReadingAgain() {
        Readings r = new Readings(3 * GIB);
        ResidentCeiling c = new ResidentCeiling(4 * GIB, r, false);
        c.sampleOnce();
        c.checkNow();
        c.checkNow();
        assertEquals(1, r.reads.get(), "the check uses the background reading, not a read per minibatch");
    }

    @Test
    void aboveTheCeilingAfterEveryCollectionTheTrialFailsAsOutOfMemoryNamingTheSizes() {
        Readings r = new Readings(5 * GIB);
        ResidentCeiling c = new ResidentCeiling(4 * GIB, r, false);
        c.sampleOnce();
        ResidentCeiling.Exceeded e = assertThrows(ResidentCeiling.Exceeded.class, c::checkNow);
        assertEquals("Physical memory usage is too high: resident 5.4 GB > ceiling 4.3 GB (ordersweep.max-resident)",
                e.getMessage());
        assertTrue(MemoryBudget.isOutOfMemory(e));
        // One reading in the background, then one now and one after each collection.
        assertEquals(1 + 1 + ResidentCeiling.RETRIES, r.reads.get());
    }

    @Test
    void aCollectionThatBringsTheProcessBelowTheCeilingLetsTrainingGoOn() {
        Readings r = new Readings(5 * GIB, 5 * GIB, 3 * GIB);
        ResidentCeiling c = new ResidentCeiling(4 * GIB, r, false);
        c.sampleOnce();
        c.checkNow();
        assertEquals(3, r.reads.get());
        c.checkNow(); // the reading it took is below the ceiling now: no more collections
        assertEquals(3, r.reads.get());
    }

    @Test
    void sizesAreWrittenAsJavaCppsCeilings() {
        assertEquals(4096L << 20, ResidentCeiling.parse("4096m"));
        assertEquals(4 * GIB, ResidentCeiling.parse("4g"));
        assertEquals(0, ResidentCeiling.parse(null));
        assertEquals(0, ResidentCeiling.parse(" "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResidentCeiling.parse("lots"));
        assertEquals("ordersweep.max-resident = lots: expected a size such as 4096m or 4g", e.getMessage());
    }
}
