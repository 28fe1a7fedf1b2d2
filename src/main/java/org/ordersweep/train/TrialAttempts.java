package org.ordersweep.train;

import org.ordersweep.results.TrialOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A trial's attempts: one that throws (a lost executor, a transient filesystem error) is tried again up to
 * train.retries times; one that ran out of memory is not - in the same budget it fails again, and can take executors
 * down with it - and is recorded with the budget and the setting to raise. One that fails because the run is stopping
 * (SIGTERM stopped the SparkContext under it) is neither retried nor recorded: it throws {@link TrialStopped}, and the
 * resumed run trains it again. A trial throws out of here for nothing else.
 */
final class TrialAttempts {

    private static final Logger LOG = LoggerFactory.getLogger(TrialAttempts.class);

    /** What the trial ended with, and after how many attempts. */
    record Result(TrialOutcome outcome, int attempts) {
    }

    private TrialAttempts() {
    }

    /**
     * @param stopping whether the run is stopping (asked after an attempt threw)
     * @param failed   the outcome recorded for a trial that failed for good, given the reason
     */
    static Result run(String label, int retries, Supplier<TrialOutcome> attempt, BooleanSupplier stopping,
                      Function<String, TrialOutcome> failed) {
        int attempts = retries + 1;
        for (int n = 1; ; n++) {
            try {
                return new Result(attempt.get(), n);
            } catch (Exception | Error e) {
                if (stopping.getAsBoolean()) {
                    throw new TrialStopped(label, e);
                }
                String line = TrialRunner.firstLine(e);
                if (MemoryBudget.isOutOfMemory(e)) {
                    String reason = MemoryBudget.reason(line);
                    LOG.error("{}: {}", label, reason, e);
                    return new Result(failed.apply(reason), n);
                }
                if (n >= attempts) {
                    LOG.warn("{} failed after {} attempts: {}", label, attempts, line, e);
                    return new Result(failed.apply(line), n);
                }
                LOG.warn("{} failed (attempt {} of {}), retrying: {}", label, n, attempts, line);
            }
        }
    }
}
