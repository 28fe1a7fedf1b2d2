package org.ordersweep.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A trial is queued beyond the slots only while trials are short enough that their writes are batched. */
class TrialPoolQueueTest {

    @Test
    void shortTrialsQueueOneAndLongOnesOrNoneFinishedYetQueueNone() {
        assertEquals(0, TrialPool.queued(Double.POSITIVE_INFINITY)); // no trial finished yet
        assertEquals(1, TrialPool.queued(0.4));
        assertEquals(1, TrialPool.queued(Recorder.AT_ONCE_SECONDS - 0.001));
        // written at once by its own thread: the slot it leaves must be free for that write
        assertEquals(0, TrialPool.queued(Recorder.AT_ONCE_SECONDS));
        assertEquals(0, TrialPool.queued(600));
    }
}
