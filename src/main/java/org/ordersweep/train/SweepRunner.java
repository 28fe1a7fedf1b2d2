package org.ordersweep.train;

import org.ordersweep.results.TrialOutcome;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.ordersweep.plan.ClassKey;
import org.ordersweep.plan.SeedRace;
import org.ordersweep.plan.Setting;
import org.ordersweep.config.Secrets;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.model.CostModel;
import org.ordersweep.domain.InputShape;
import org.ordersweep.domain.Ordering;
import org.ordersweep.plan.SweepPlan;
import org.ordersweep.plan.TrialSpec;
import org.ordersweep.results.Provenance;
import org.ordersweep.results.ResultStore;
import org.ordersweep.results.TrialRow;
import org.ordersweep.results.TrialStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a sweep on the driver: batches the data once, trains each planned class representative that is not yet
 * recorded, several at once as concurrent Spark jobs in the FAIR pool "trials", and appends each result (with the rows
 * of the orderings that inherit it) as it finishes. One bad trial never stops the sweep.
 */
public final class SweepRunner {

    public static final String POOL = "trials";
    private static final Logger LOG = LoggerFactory.getLogger(SweepRunner.class);
    private static final Logger PROGRESS = LoggerFactory.getLogger("org.ordersweep.progress");

    /**
     * What a finished sweep reports back.
     *
     * @param notOk planned trials whose recorded result is failed or diverged (run's exit code says so)
     */
    public record Summary(String sweepId, SweepPlan plan, List<String> plannedTrialIds, int trainedNow, int skipped,
                          int notOk) {
    }

    /** How a run treats trials an earlier run recorded as failed. */
    public enum Failed { RETRY, KEEP }

    private SweepRunner() {
    }

    public static SweepPlan plan(SweepConfig config, InputShape shape) {
        return SweepPlan.of(config, o -> CostModel.trainFlopsOrInfinite(o, config.model(), shape));
    }

    /** Resumes the sweep of this configuration and data: trials already recorded are not trained again. */
    public static Summary run(SparkSession spark, SweepConfig config, DataLoader.TrainTest data) {
        return run(spark, config, data, SweepIdentity.of(config, data), Failed.RETRY, () -> { });
    }

    /**
     * @param data      the sweep's data, loaded by the caller before Spark starts so bad data fails fast
     * @param failed    whether trials recorded as failed are trained again (their attempts accumulate)
     * @param stillHeld checks, before anything is written, that this run still holds the folder's lock (throws if not)
     */
    public static Summary run(SparkSession spark, SweepConfig config, DataLoader.TrainTest data, SweepIdentity sweep,
                              Failed failed, Runnable stillHeld) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        ResultStore store = new ResultStore(spark, config.output().dir(), stillHeld);
        SweepPlan derived = plan(config, data.shape());
        Execution execution = ExecutionDecision.once(store, sweep, config, derived, data.shape(),
                sc.defaultParallelism());
        SweepIdentity id = sweep.decided(execution);
        RunRecord.write(store, id, config, data, spark);
        SweepPlan plan = derived.withClasses(ClassVerification.verify(derived, config, data, store, id).classes());
        TrialsToTrain trials = TrialsToTrain.of(plan, id, store, failed);
        Map<String, ResultStore.Recorded> recorded = trials.recorded();
        List<String> planned = trials.planned();
        List<TrialSpec> todo = trials.todo();
        int retried = trials.retried();
        int combos = plan.plannedCombinations();
        LOG.info("Sweep {} '{}': {} x {} learning rates x {} seeds = {} combinations; {} "
                        + "classes of equivalent orderings, so {} trials to train ({}); {} already recorded in {}, {} "
                        + "to train now{}.", id.sweepId(), config.sweep().name(),
                plan.orderingsTimesActivations(), plan.learningRates().size(), plan.seeds(), combos,
                plan.classes().size(), plan.trials().size(),
                String.format(Locale.ROOT, "dedupe saves %.0f%% of the training", 100.0 * (combos
                        - plan.trials().size()) / combos),
                plan.trials().size() - todo.size(), Secrets.maskUris(config.output().dir()), todo.size(),
                retried == 0 ? "" : " (" + retried + " of them failed before and are tried again)");
        LOG.info("Data: {} ({} train / {} test examples, hash {}). Native backend: {}", data.source(),
                data.train().size(), data.test().size(), id.dataHash().substring(0, 12), Provenance.nativeBackend());
        LOG.info("Execution mode: {} with {} worker(s) per trial ({}).", execution.mode().key(), execution.workers(),
                execution.reason());
        int trainedNow = todo.size();
        if (!todo.isEmpty()) {
            if (config.train().halving().enabled()) {
                // Halving ranks trials on data held out of training, never on the test set.
                data = data.withValidation(config.train().halving().validationFraction());
            }
            // Trial-parallel keeps every executor core busy with a trial of its own: the cores registered now, so
            // executors that arrive late (YARN, Kubernetes) or come and go (dynamic allocation) are followed.
            InFlight inFlight = execution.mode() == ExecutionMode.TRIAL_PARALLEL
                    ? new InFlight(() -> Math.max(config.sweep().concurrentTrials(), sc.defaultParallelism()))
                    : new InFlight(() -> config.sweep().concurrentTrials());
            TaskFailures failures = new TaskFailures();
            sc.sc().addSparkListener(failures);
            ResultStore.TrainedBy by = new ResultStore.TrainedBy(execution.mode().key(), execution.workers(),
                    Provenance.gitCommit(), Provenance.dl4jVersion());
            try (TrialExecutor executor = TrialExecutor.create(execution, sc, config, data, id.dataHash());
                 Recorder recording = new Recorder(store, by, recorded, config.output().recordEverySeconds())) {
                List<TrialSpec> ordered = StartOrder.of(plan.trials(), config, data.shape());
                if (config.racing() != null) {
                    trainedNow = race(sc, config, executor, inFlight, id, ordered, new java.util.HashSet<>(todo),
                            failures, recording, store);
                } else {
                    trainAll(sc, config, executor, inFlight, id, StartOrder.of(todo, config, data.shape()),
                            plan.trials(), failures, recording);
                }
            } finally {
                sc.sc().removeSparkListener(failures);
            }
        }
        int notOk = store.notOk(planned);
        return new Summary(id.sweepId(), plan, planned, trainedNow, plan.trials().size() - todo.size(), notOk);
    }

    /**
     * Trains the trials, rung by rung when successive halving is on: every trial gets the first rung's epochs, the
     * best 1/reduction of each setting's classes (block, activation, rate) by mean validation accuracy over seeds go on
     * with every seed (continuing from their checkpoints up to the larger budget), the others are recorded as stopped
     * at that rung. Without halving there is one rung, train.epochs. Final results are recorded as each trial finishes.
     */
    private static void trainAll(JavaSparkContext sc, SweepConfig config, TrialExecutor executor, InFlight inFlight,
                                 SweepIdentity id, List<TrialSpec> todo, List<TrialSpec> planned,
                                 TaskFailures failures, Recorder recording) {
        List<Integer> rungs = config.train().halving().rungs(config.train().epochs());
        int reduction = config.train().halving().reduction();
        List<TrialSpec> survivors = todo;
        // Classes per setting (block, activation, rate) of the whole plan that reach this rung, recorded ones included.
        Map<String, Integer> reaching = new java.util.TreeMap<>();
        Map<String, Integer> classes = reaching;
        planned.stream().map(TrialSpec::classKey).distinct().forEach(k -> classes.merge(k.setting().key(), 1,
                Integer::sum));
        for (int r = 0; r < rungs.size() && !survivors.isEmpty(); r++) {
            boolean last = r == rungs.size() - 1;
            int rung = r;
            if (rungs.size() > 1) {
                LOG.info("Successive halving, rung {} of {}: {} trials for {} epochs.", r + 1, rungs.size(),
                        survivors.size(), rungs.get(r));
            }
            // Between rungs a trial's state is kept, so a survivor continues instead of repeating its first epochs.
            java.util.function.Function<String, Checkpoint> checkpoint = rungs.size() == 1 ? t -> Checkpoint.NONE
                    : t -> new Checkpoint(Checkpoint.dirOf(config.output().dir(), id.sweepId(), t), rung > 0, !last);
            List<TrialOutcome> outcomes = trainRung(sc, config, executor, inFlight, id, survivors, rungs.get(r),
                    checkpoint, failures, outcome -> {
                        // Final results, and trials that cannot go on, are recorded at once.
                        if (last || outcome.trial().status() != TrialStatus.OK) {
                            recording.add(finish(outcome, rung, null, id));
                            forgetCheckpoint(sc, checkpoint.apply(outcome.trial().trialId()));
                        }
                    });
            if (last) {
                break;
            }
            HalvingPolicy.Decision decision = HalvingPolicy.afterRung(outcomes, reaching, reduction, rungs.get(r));
            decision.stopped().forEach(st -> {
                recording.add(finish(st.outcome(), rung, st.reason(), id));
                forgetCheckpoint(sc, checkpoint.apply(st.outcome().trial().trialId()));
            });
            survivors = decision.goOn().stream().map(o -> o.trial().spec()).toList();
            reaching = decision.keep();
        }
        if (rungs.size() > 1) {
            // Every trial of this run is recorded: no state is needed any more (an interrupted run starts over).
            Checkpoint.delete(sc.hadoopConfiguration(), new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(
                    config.output().dir(), "checkpoints"), id.sweepId()).toString());
        }
    }

    /**
     * The seed race (sweep.racing): round by round, the contenders' trials at the next seed are trained (all their
     * first min-seeds seeds in the first round); after each round, per setting (block, activation, rate),
     * {@link SeedRace#round} decides who stays. Trials already recorded are not trained again, and the race is decided
     * from recorded accuracies, so a resumed race makes the same decisions. Returns the trials trained.
     */
    private static int race(JavaSparkContext sc, SweepConfig config, TrialExecutor executor, InFlight inFlight,
                             SweepIdentity id, List<TrialSpec> all, java.util.Set<TrialSpec> todo,
                             TaskFailures failures, Recorder recording, ResultStore store) {
        SweepConfig.Racing racing = config.racing();
        SeedRace race = new SeedRace(racing.minSeeds(), racing.maxSeeds(), org.ordersweep.stats.Stats.ALPHA);
        java.util.Set<ClassKey> contenders = new java.util.TreeSet<>();
        all.forEach(t -> contenders.add(t.classKey()));
        int trained = 0;
        for (int n = racing.minSeeds(); n <= racing.maxSeeds() && !contenders.isEmpty(); n++) {
            int seeds = n;
            List<TrialSpec> round = all.stream().filter(t -> contenders.contains(t.classKey())
                    && (seeds == racing.minSeeds() ? t.seedIndex() < seeds : t.seedIndex() == seeds - 1))
                    .toList();
            List<TrialSpec> train = round.stream().filter(todo::contains).toList();
            LOG.info("Seed race, round {} of {}: {} classes at {} seeds; {} trials to train, {} recorded.",
                    n - racing.minSeeds() + 1, race.rounds(), contenders.size(), n, train.size(),
                    round.size() - train.size());
            if (!train.isEmpty()) {
                trainRung(sc, config, executor, inFlight, id, train, config.train().epochs(), t -> Checkpoint.NONE,
                        failures, outcome -> recording.add(finish(outcome, 0, null, id)));
                trained += train.size();
            }
            recording.flush(); // the race is decided from what is recorded
            // Accuracy per contender and seed, from what is recorded (this round's trials included).
            Map<String, ClassKey> classOfTrial = new java.util.HashMap<>();
            all.stream().filter(t -> t.seedIndex() < seeds).forEach(t -> classOfTrial.put(id.trialId(t),
                    t.classKey()));
            Map<ClassKey, Map<Integer, Double>> accuracy = new java.util.TreeMap<>();
            contenders.forEach(c -> accuracy.put(c, new java.util.TreeMap<>()));
            for (org.apache.spark.sql.Row r : store.trials().where(org.apache.spark.sql.functions.col("trial_id")
                    .isin(classOfTrial.keySet().toArray())).select("trial_id", "seed", "status", "test_accuracy")
                    .collectAsList()) {
                ClassKey c = classOfTrial.get(r.getString(0));
                if (accuracy.containsKey(c) && TrialStatus.parse(r.getString(2)) == TrialStatus.OK
                        && !r.isNullAt(3)) {
                    accuracy.get(c).put(r.getInt(1), r.getDouble(3));
                }
            }
            java.util.Set<ClassKey> stay = new java.util.TreeSet<>();
            for (Setting setting : contenders.stream().map(ClassKey::setting).distinct().toList()) {
                // A trial not recorded ok (diverged, failed) has no accuracy: NaN, and its class leaves the race.
                Map<ClassKey, double[]> atSeeds = new java.util.LinkedHashMap<>();
                accuracy.forEach((c, bySeed) -> {
                    if (c.setting().equals(setting)) {
                        atSeeds.put(c, java.util.stream.IntStream.range(0, seeds)
                                .mapToDouble(s -> bySeed.getOrDefault(s, Double.NaN)).toArray());
                    }
                });
                SeedRace.Round<ClassKey> decided = race.round(seeds, atSeeds);
                LOG.info("Seed race, {} after {} seeds: {} of {} classes stay in (ruled out at alpha {}).",
                        setting.key(), seeds, decided.stay().size(), decided.compared(),
                        String.format(Locale.ROOT, "%.4f", race.roundAlpha()));
                if (decided.goesOn()) {
                    stay.addAll(decided.stay());
                }
            }
            contenders.retainAll(stay);
        }
        return trained;
    }

    /** Trains specs for {@code epochs} each, concurrently; {@code onDone} sees each outcome as it finishes. */
    private static List<TrialOutcome> trainRung(JavaSparkContext sc, SweepConfig config, TrialExecutor executor,
                                                InFlight inFlight, SweepIdentity id, List<TrialSpec> specs,
                                                int epochs,
                                                java.util.function.Function<String, Checkpoint> checkpoint,
                                                TaskFailures failures,
                                                java.util.function.Consumer<TrialOutcome> onDone) {
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
                        TrialOutcome outcome = runOne(sc, config, executor, id, spec, epochs,
                                checkpoint.apply(id.trialId(spec)), running, failures);
                        onDone.accept(outcome);
                        int now = running.decrementAndGet();
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
            if (e.getCause() instanceof org.ordersweep.results.SweepLock.Held lost) {
                throw lost; // another run holds the folder now: stop, having written nothing more
            }
            if (e.getCause() instanceof TrialStopped stopped) {
                throw stopped; // SIGTERM: what finished is recorded, the rest trains when the run resumes
            }
            throw new IllegalStateException("recording a trial failed: " + e.getCause().getMessage(), e.getCause());
        }
        return outcomes;
    }

    /** A recorded trial's checkpoint is no longer needed. */
    private static void forgetCheckpoint(JavaSparkContext sc, Checkpoint checkpoint) {
        if (checkpoint.dir() != null) {
            Checkpoint.delete(sc.hadoopConfiguration(), checkpoint.dir());
        }
    }

    /** The outcome as recorded: at its rung (stopped there when stopReason is set), with its class's inheritors. */
    private static TrialOutcome finish(TrialOutcome outcome, int rung, String stopReason, SweepIdentity id) {
        TrialRow row = outcome.trial().atRung(rung, stopReason);
        List<TrialRow> inherited = new ArrayList<>();
        for (Ordering member : row.spec().inheritors()) {
            TrialSpec m = row.spec().forMember(member);
            inherited.add(row.inheritedBy(m, id.trialId(m)));
        }
        return new TrialOutcome(row, outcome.epochs(), inherited);
    }

    /** Trains one representative in the FAIR pool, with a job group that names it in the Spark UI. */
    private static TrialOutcome runOne(JavaSparkContext sc, SweepConfig config, TrialExecutor executor,
                                       SweepIdentity id, TrialSpec spec, int epochs, Checkpoint checkpoint,
                                       AtomicInteger running, TaskFailures failures) {
        String trialId = id.trialId(spec);
        running.incrementAndGet();
        sc.setLocalProperty("spark.scheduler.pool", POOL);
        sc.setJobGroup(trialId, "trial " + spec.label(), false);
        TrialAttempts.Result result;
        try {
            result = TrialAttempts.run(spec.label(), config.train().retries(),
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
