package org.ordersweep.train;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.domain.Ordering;
import org.ordersweep.plan.TrialSpec;
import org.ordersweep.results.Provenance;
import org.ordersweep.results.ResultStore;
import org.ordersweep.results.TrialOutcome;
import org.ordersweep.results.TrialRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The training of one run, with the state its steps share for as long as it lasts: the decided sweep, the pool that
 * trains trials at once and the recorder that appends what finished. Successive halving and the seed race both train
 * and record through it.
 */
final class SweepRun {

    private static final Logger LOG = LoggerFactory.getLogger(SweepRun.class);

    final SweepConfig config;
    final SweepIdentity id;
    private final JavaSparkContext sc;
    private final TrialPool pool;
    private final Recorder recorder;
    private final CoreTime coreTime;

    private SweepRun(JavaSparkContext sc, SweepConfig config, SweepIdentity id, TrialPool pool, Recorder recorder,
                     long startNanos) {
        this.sc = sc;
        this.config = config;
        this.id = id;
        this.pool = pool;
        this.recorder = recorder;
        this.coreTime = new CoreTime(sc.defaultParallelism(), id.execution().workers(), startNanos);
    }

    /**
     * Trains what {@code trials} says is left of {@code planned}: by the seed race when the sweep races, else in
     * rungs (one rung without halving). Returns the trials trained.
     *
     * @param id the sweep with its execution decided
     */
    static int train(JavaSparkContext sc, SweepConfig config, SweepIdentity id, ResultStore store,
                     DataLoader.TrainTest data, List<TrialSpec> planned, TrialsToTrain trials) {
        long start = System.nanoTime(); // the executors' data and the trials' start count as the phase's overhead
        DataLoader.TrainTest trainOn = HalvingRungs.data(config, data);
        TaskFailures failures = new TaskFailures();
        sc.sc().addSparkListener(failures);
        ResultStore.TrainedBy by = new ResultStore.TrainedBy(id.execution().mode().key(), id.execution().workers(),
                Provenance.gitCommit(), Provenance.dl4jVersion());
        try (TrialExecutor executor = TrialExecutor.create(id.execution(), sc, config, trainOn, id.dataHash());
             Recorder recorder = new Recorder(store, by, trials.recorded(), config.output().recordEverySeconds())) {
            SweepRun run = new SweepRun(sc, config, id, new TrialPool(sc, config, id, executor, failures), recorder,
                    start);
            int trained;
            if (config.racing() != null) {
                trained = new SeedRaceRunner(run, store).race(StartOrder.of(planned, config, trainOn.shape()),
                        new HashSet<>(trials.todo()));
            } else {
                new HalvingRungs(run).train(StartOrder.of(trials.todo(), config, trainOn.shape()), planned);
                trained = trials.todo().size();
            }
            LOG.info(run.coreTime.summary());
            return trained;
        } finally {
            sc.sc().removeSparkListener(failures);
        }
    }

    /** Trains specs for {@code epochs} each, concurrently; {@code onDone} sees each outcome as it finishes. */
    List<TrialOutcome> train(List<TrialSpec> specs, int epochs, Function<String, Checkpoint> checkpoint,
                             Consumer<TrialOutcome> onDone) {
        return pool.train(specs, epochs, checkpoint, onDone);
    }

    /** Records the outcome at its rung (stopped there when stopReason is set), with its class's inheritors. */
    void record(TrialOutcome outcome, int rung, String stopReason) {
        coreTime.add(outcome, System.nanoTime(), sc.defaultParallelism());
        TrialRow row = outcome.trial().atRung(rung, stopReason);
        List<TrialRow> inherited = new ArrayList<>();
        for (Ordering member : row.spec().inheritors()) {
            TrialSpec m = row.spec().forMember(member);
            inherited.add(row.inheritedBy(m, id.trialId(m)));
        }
        recorder.add(new TrialOutcome(row, outcome.epochs(), inherited));
    }

    /** Writes what is recorded but still queued, before anyone reads the results. */
    void flush() {
        recorder.flush();
    }

    Configuration hadoop() {
        return sc.hadoopConfiguration();
    }
}
