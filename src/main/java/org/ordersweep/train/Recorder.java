package org.ordersweep.train;

import org.ordersweep.results.ResultStore;
import org.ordersweep.results.TrialOutcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Records finished trials in batches. Every Parquet append is a Spark job whose task needs a free task slot, so an
 * append per trial kept a core from training for as long as the append took, for every trial. Here a finished trial
 * is queued and a writer thread appends everything queued at most {@code delaySeconds} after the first of them, one
 * write per table for the batch ({@link ResultStore#appendAll}); 0 appends each trial at once. Recording stays exactly
 * once: a run that stops before a batch is written loses that batch's trials, which a resumed run trains again, and
 * never writes a trial twice. {@link #flush} writes what is queued before anyone reads the results (the seed race),
 * {@link #close} at the end of the run. A failed write (the folder's lock lost, say) is thrown to the next caller.
 * <p>
 * A write needs a free task slot, and while every slot trains a trial it waits until one ends; the slot a finished
 * trial leaves goes to the next trial at once, so with long trials a batch waited a whole trial and a stopped run lost
 * trials that had finished minutes before. A trial that trained for {@link #AT_ONCE_SECONDS} or more is therefore
 * written at once, by its own thread, before its slot takes the next trial: the write costs about a second of a
 * minute's slot.
 */
final class Recorder implements AutoCloseable {

    /** Trials that trained this long are written at once (see above). */
    static final double AT_ONCE_SECONDS = 60;

    private final ResultStore store;
    private final ResultStore.TrainedBy by;
    private final Map<String, ResultStore.Recorded> before;
    private final long delaySeconds;
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "trial-recorder");
        t.setDaemon(true);
        return t;
    });
    private final Object writing = new Object();
    private final List<TrialOutcome> pending = new ArrayList<>();
    private boolean scheduled;
    private RuntimeException failure;

    /** @param before the trials recorded before this run, whose attempts a retried trial's row adds up */
    Recorder(ResultStore store, ResultStore.TrainedBy by, Map<String, ResultStore.Recorded> before, long delaySeconds) {
        this.store = store;
        this.by = by;
        this.before = before;
        this.delaySeconds = delaySeconds;
    }

    /** Queues a finished trial; inheritor rows only for orderings with no row of their own. */
    void add(TrialOutcome outcome) {
        ResultStore.Recorded earlier = before.get(outcome.trial().trialId());
        TrialOutcome o = earlier == null ? outcome : outcome.withTrial(outcome.trial().withAttempts(
                earlier.attempts() + outcome.trial().attempts(), outcome.trial().failedTasks()));
        TrialOutcome row = new TrialOutcome(o.trial(), o.epochs(), o.inherited().stream()
                .filter(r -> !before.containsKey(r.trialId())).toList());
        synchronized (this) {
            throwFailure();
            pending.add(row);
            if (delaySeconds > 0 && !scheduled) {
                scheduled = true;
                writer.schedule(this::writeQueuedQuietly, delaySeconds, TimeUnit.SECONDS);
            }
        }
        if (delaySeconds == 0 || outcome.trial().trainSeconds() >= AT_ONCE_SECONDS) {
            flush();
        }
    }

    /** Writes everything queued now, waiting for a write under way. */
    void flush() {
        writeQueued();
    }

    @Override
    public void close() {
        try {
            flush();
        } finally {
            writer.shutdownNow();
        }
    }

    private void writeQueuedQuietly() {
        try {
            writeQueued();
        } catch (RuntimeException e) {
            // kept for the next caller
        }
    }

    /** Writes the queue as one batch; a failure is kept, and every later call throws it: the run must stop. */
    private void writeQueued() {
        synchronized (writing) {
            List<TrialOutcome> batch;
            synchronized (this) {
                throwFailure();
                batch = new ArrayList<>(pending);
                pending.clear();
                scheduled = false;
            }
            if (batch.isEmpty()) {
                return;
            }
            try {
                store.appendAll(batch, by);
            } catch (RuntimeException e) {
                synchronized (this) {
                    failure = e;
                }
                throw e;
            }
        }
    }

    private void throwFailure() {
        if (failure != null) {
            throw failure;
        }
    }
}
