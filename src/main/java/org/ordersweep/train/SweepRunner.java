package org.ordersweep.train;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.ordersweep.config.Secrets;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.domain.InputShape;
import org.ordersweep.model.CostModel;
import org.ordersweep.model.FencedOpExecutioner;
import org.ordersweep.plan.SweepPlan;
import org.ordersweep.plan.TrialSpec;
import org.ordersweep.results.Provenance;
import org.ordersweep.results.ResultStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;

/**
 * Runs a sweep on the driver, step by step: the execution decided once per sweep ({@link ExecutionDecision}), the
 * run's files ({@link RunRecord}), the classes verified against DL4J ({@link ClassVerification}), what is left to
 * train ({@link TrialsToTrain}), then the training ({@link SweepRun}): several trials at once as concurrent Spark jobs,
 * each result appended (with the rows of the orderings that inherit it) as it finishes. One bad trial never stops the
 * sweep.
 */
public final class SweepRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SweepRunner.class);

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
        FencedOpExecutioner.install(); // before the driver's first op; executors install it with their first network
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        ResultStore store = new ResultStore(spark, config.output().dir(), stillHeld);
        SweepPlan derived = plan(config, data.shape());
        Execution execution = ExecutionDecision.once(store, sweep, config, derived, data.shape(),
                sc.defaultParallelism());
        SweepIdentity id = sweep.decided(execution);
        RunRecord.write(store, id, config, data, spark);
        SweepPlan plan = derived.withClasses(ClassVerification.verify(derived, config, data, store, id).classes());
        TrialsToTrain trials = TrialsToTrain.of(plan, id, store, failed);
        List<TrialSpec> todo = trials.todo();
        int combos = plan.plannedCombinations();
        LOG.info("Sweep {} '{}': {} x {} learning rates x {} seeds = {} combinations; {} "
                        + "classes of equivalent orderings, so {} trials to train ({}); {} already recorded in {}, {} "
                        + "to train now{}.", id.sweepId(), config.sweep().name(),
                plan.orderingsTimesActivations(), plan.learningRates().size(), plan.seeds(), combos,
                plan.classes().size(), plan.trials().size(),
                String.format(Locale.ROOT, "dedupe saves %.0f%% of the training", 100.0 * (combos
                        - plan.trials().size()) / combos),
                plan.trials().size() - todo.size(), Secrets.maskUris(config.output().dir()), todo.size(),
                trials.retried() == 0 ? "" : " (" + trials.retried() + " of them failed before and are tried again)");
        LOG.info("Data: {} ({} train / {} test examples, hash {}). Native backend: {}", data.source(),
                data.train().size(), data.test().size(), id.dataHash().substring(0, 12), Provenance.nativeBackend());
        LOG.info("Execution mode: {} with {} worker(s) per trial ({}).", execution.mode().key(), execution.workers(),
                execution.reason());
        int trainedNow = todo.isEmpty() ? 0 : SweepRun.train(sc, config, id, store, data, plan.trials(), trials);
        int notOk = store.notOk(trials.planned());
        return new Summary(id.sweepId(), plan, trials.planned(), trainedNow, plan.trials().size() - todo.size(),
                notOk);
    }
}
