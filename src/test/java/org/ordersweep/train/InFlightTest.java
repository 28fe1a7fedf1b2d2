package org.ordersweep.train;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bound on trials in flight follows its supplier: executors that register late let more trials start. */
class InFlightTest {

    @Test
    void startsWaitUntilTheBoundGrows() throws Exception {
        AtomicInteger cores = new AtomicInteger(1); // one executor core registered so far
        InFlight gate = new InFlight(cores::get);
        gate.acquire();
        CountDownLatch second = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                gate.acquire();
                second.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        assertFalse(second.await(700, TimeUnit.MILLISECONDS), "a second trial started on one core");
        cores.set(2); // another executor registered: no trial ended, yet the waiting one starts
        assertTrue(second.await(3, TimeUnit.SECONDS), "the bound's growth was not seen");
        assertEquals(2, gate.most());
        gate.release();
        gate.release();
        t.join();
    }

    @Test
    void aShrinkingBoundLetsRunningTrialsFinishAndHoldsBackNewOnes() throws Exception {
        AtomicInteger cores = new AtomicInteger(2);
        InFlight gate = new InFlight(cores::get);
        gate.acquire();
        gate.acquire();
        cores.set(0); // executors removed (dynamic allocation); a bound below 1 counts as 1
        gate.release();
        gate.release();
        gate.acquire(); // one at a time now
        CountDownLatch next = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                gate.acquire();
                next.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        assertFalse(next.await(700, TimeUnit.MILLISECONDS));
        gate.release();
        assertTrue(next.await(3, TimeUnit.SECONDS));
        gate.release();
        t.join();
        assertEquals(2, gate.most());
    }
}
