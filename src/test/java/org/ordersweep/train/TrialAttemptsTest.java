package org.ordersweep.train;

import org.ordersweep.results.TrialOutcome;

import org.junit.jupiter.api.Test;
import org.ordersweep.results.TrialRow;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failures are retried: a lost executor is, running out of memory is not, and says what to raise. */
class TrialAttemptsTest {

    private static final TrialOutcome OK = new TrialOutcome(null, java.util.List.of(), java.util.List.of());

    private static TrialAttempts.Result run(int retries, Supplier<TrialOutcome> attempt, String[] reason) {
        return TrialAttempts.run("t", retries, attempt, () -> false, r -> {
            reason[0] = r;
            return new TrialOutcome((TrialRow) null, java.util.List.of(), java.util.List.of());
        });
    }

    @Test
    void aFailureIsRetriedUntilItSucceedsOrTheRetriesRunOut() {
        AtomicInteger calls = new AtomicInteger();
        String[] reason = new String[1];
        TrialAttempts.Result r = run(2, () -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("Job aborted: ExecutorLostFailure (executor 1 exited)");
            }
            return OK;
        }, reason);
        assertEquals(3, r.attempts());
        assertEquals(OK, r.outcome());
        assertNull(reason[0]);

        calls.set(0);
        r = run(1, () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("lost executor");
        }, reason);
        assertEquals(2, r.attempts());
        assertEquals(2, calls.get());
        assertEquals("IllegalStateException: lost executor", reason[0]);
    }

    @Test
    void runningOutOfMemoryIsRecordedWithTheBudgetAndNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        String[] reason = new String[1];
        TrialAttempts.Result r = run(3, () -> {
            calls.incrementAndGet();
            throw new OutOfMemoryError("Physical memory usage is too high: physicalBytes (7G) > maxPhysicalBytes (7G)");
        }, reason);
        assertEquals(1, calls.get());
        assertEquals(1, r.attempts());
        assertTrue(reason[0].startsWith("out of memory, not retried: OutOfMemoryError: Physical memory usage is too "
                + "high"), reason[0]);
        assertTrue(reason[0].contains(ResidentCeiling.PROPERTY), reason[0]);
        assertTrue(reason[0].contains("ORDERSWEEP_MEMORY") && reason[0].contains("spark.executor.memoryOverhead"));

        // From an executor the error arrives as the text of a Spark task failure.
        calls.set(0);
        run(3, () -> {
            calls.incrementAndGet();
            throw new RuntimeException("Job aborted due to stage failure: Task 0 in stage 3.0 failed 1 times, most "
                    + "recent failure: java.lang.OutOfMemoryError: Cannot allocate new FloatPointer(12845056)",
                    new IllegalStateException("wrapped"));
        }, reason);
        assertEquals(1, calls.get());
        assertTrue(reason[0].startsWith("out of memory, not retried: RuntimeException: Job aborted"), reason[0]);
    }

    @Test
    void aTrialStoppedWithTheRunIsNeitherRetriedNorRecorded() {
        AtomicInteger calls = new AtomicInteger();
        String[] reason = new String[1];
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Supplier<TrialOutcome> attempt = () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("SparkContext was shut down");
        };
        TrialStopped stopped = org.junit.jupiter.api.Assertions.assertThrows(TrialStopped.class,
                () -> TrialAttempts.run("relu conv>act seed 4", 3, () -> {
                    stopping.set(true); // SIGTERM stops the context while the attempt runs
                    return attempt.get();
                }, stopping::get, r -> {
                    reason[0] = r;
                    return OK;
                }));
        assertEquals(1, calls.get());
        assertNull(reason[0]);
        assertEquals("relu conv>act seed 4 was stopped with the run; not recorded, it trains again when the run "
                + "resumes", stopped.getMessage());
        assertEquals("SparkContext was shut down", stopped.getCause().getMessage());
    }
}
