package org.ordersweep.train;

import org.apache.spark.api.java.JavaSparkContext;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.plan.TrialSpec;
import org.ordersweep.results.SweepLock;
import org.ordersweep.results.TrialOutcome;
import org.ordersweep.results.TrialRow;
import org.ordersweep.results.TrialStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * Trains trials several at once, as concurrent Spark jobs in the FAIR pool {@value #POOL}, each with a job group that
 * names it in the Spark UI; how many run at once is {@link InFlight}'s bound. One bad trial never stops the others.
 */
final class TrialPool {

    static final String POOL = "trials";
    /**
     * Trial-parallel jobs submitted beyond the task slots while trials are short: one trial waits in Spark's queue,
     * so a slot that frees takes it at once. Without it the slot idled while the driver collected the finished trial
     * and submitted the next job (0.04-0.2 s a trial on the quickstart, 3% of its training phase's core time). Long
     * trials queue none: the queued trial would take the slot a finished trial's write needs ({@link Recorder}), and
     * the write would wait a whole trial, for a gain of a fraction of a percent.
     */
    static final int QUEUED = 1;
    private static final Logger PROGRESS = LoggerFactory.getLogger("org.ordersweep.progress");

    private final JavaSparkContext sc;
    private final SweepIdentity id;
    private final TrialExecutor executor;
    private final InFlight inFlight;
    private final IntSupplier slots;
    private final TaskFailures failures;
    private final int retries;
    /** The training seconds of the trial that finished last; none yet counts as long. */
    private volatile double lastSeconds = Double.POSITIVE_INFINITY;

    TrialPool(JavaSparkContext sc, SweepConfig config, SweepIdentity id, TrialExecutor executor,
              TaskFailures failures) {
        this.sc = sc;
        this.id = id;
        this.executor = executor;
        this.failures = failures;
        this.retries = config.train().retries();
        // Trial-parallel keeps every executor core busy with a trial of its own: the cores registered now, so
        // executors that arrive late (YARN, Kubernetes) or come and go (dynamic allocation) are followed.
        boolean perSlot = id.execution().mode() == ExecutionMode.TRIAL_PARALLEL;
        this.slots = perSlot ? () -> Math.max(config.sweep().concurrentTrials(), sc.defaultParallelism())
                : () -> config.sweep().concurrentTrials();
        this.inFlight = new InFlight(perSlot ? () -> slots.getAsInt() + queued(lastSeconds) : slots);
    }

    /** Trains specs for {@code epochs} each, concurrently; {@code onDone} sees each outcome as it finishes. */
    List<TrialOutcome> train(List<TrialSpec> specs, int epochs, Function<String, Checkpoint> checkpoint,
                             Consumer<TrialOutcome> onDone) {
        Progress progress = new Progress(specs.size());
        AtomicInteger running = new AtomicInteger();
        // Threads come and go with the trials in flight; the bound decides how many run.
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "trial-runner");
            t.setDaemon(true);
            return t;
        });
        List<Future<TrialOutcome>> futures = new ArrayList<>();
        List<TrialOutcome> outcomes = new ArrayList<>();
        try {
            for (TrialSpec spec : specs) {
                inFlight.acquire();
                futures.add(pool.submit(() -> {
                    try {
                        TrialOutcome outcome = runOne(spec, epochs, checkpoint.apply(id.trialId(spec)), running);
                        if (Double.isFinite(outcome.trial().trainSeconds())) {
                            lastSeconds = outcome.trial().trainSeconds();
                        }
                        onDone.accept(outcome);
                        // the queued trial is not running yet
                        int now = Math.min(running.decrementAndGet(), slots.getAsInt());
                        PROGRESS.info(progress.record(outcome.trial(), now));
                        PROGRESS.info("PROGRESS {}", progress.json(now));
                        return outcome;
                    } finally {
                        inFlight.release();
                    }
                }));
                // A failed recording stops the sweep without starting more trials.
                for (Future<TrialOutcome> f : futures) {
                    if (f.isDone()) {
                        f.get();
                    }
                }
            }
            pool.shutdown();
            for (Future<TrialOutcome> f : futures) {
                outcomes.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
            throw new IllegalStateException("sweep interrupted", e);
        } catch (ExecutionException e) {
            pool.shutdownNow();
            if (e.getCause() instanceof SweepLock.Held lost) {
                throw lost; // another run holds the folder now: stop, having written nothing more
            }
            if (e.getCause() instanceof TrialStopped stopped) {
                throw stopped; // SIGTERM: what finished is recorded, the rest trains when the run resumes
            }
            throw new IllegalStateException("recording a trial failed: " + e.getCause().getMessage(), e.getCause());
        }
        return outcomes;
    }

    /** Trials to queue beyond the slots after a trial that trained {@code lastSeconds}. */
    static int queued(double lastSeconds) {
        return lastSeconds < Recorder.AT_ONCE_SECONDS ? QUEUED : 0;
    }

    /** Trains one representative in the FAIR pool, with a job group that names it in the Spark UI. */
    private TrialOutcome runOne(TrialSpec spec, int epochs, Checkpoint checkpoint, AtomicInteger running) {
        String trialId = id.trialId(spec);
        running.incrementAndGet();
        sc.setLocalProperty("spark.scheduler.pool", POOL);
        sc.setJobGroup(trialId, "trial " + spec.label(), false);
        TrialAttempts.Result result;
        try {
            result = TrialAttempts.run(spec.label(), retries,
                    () -> executor.run(id.sweepId(), trialId, spec, epochs, checkpoint), sc.sc()::isStopped,
                    reason -> new TrialOutcome(TrialRow.notTrained(id.sweepId(), trialId, spec, TrialStatus.FAILED,
                            reason), List.of(), List.of()));
        } finally {
            sc.clearJobGroup();
        }
        TrialOutcome outcome = result.outcome();
        return outcome.withTrial(outcome.trial().withAttempts(result.attempts(), failures.of(trialId)));
    }
}
