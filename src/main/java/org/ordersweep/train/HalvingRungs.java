package org.ordersweep.train;

import org.apache.hadoop.fs.Path;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.plan.TrialSpec;
import org.ordersweep.results.TrialOutcome;
import org.ordersweep.results.TrialStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Trains the trials rung by rung when successive halving is on: every trial gets the first rung's epochs, the best
 * 1/reduction of each setting's classes (block, activation, rate) by mean validation accuracy over seeds go on with
 * every seed (continuing from their checkpoints up to the larger budget), the others are recorded as stopped at that
 * rung ({@link HalvingPolicy} decides who). Without halving there is one rung, train.epochs. Final results are
 * recorded as each trial finishes.
 */
final class HalvingRungs {

    // The console shows the logger's name: the run's lines keep the one they always had.
    private static final Logger LOG = LoggerFactory.getLogger(SweepRunner.class);

    private final SweepRun run;
    private final SweepConfig.Halving halving;
    private final List<Integer> rungs;

    HalvingRungs(SweepRun run) {
        this.run = run;
        this.halving = run.config.train().halving();
        this.rungs = halving.rungs(run.config.train().epochs());
    }

    /** The data trials train on: with halving, part of the training data is held out to rank them. */
    static DataLoader.TrainTest data(SweepConfig config, DataLoader.TrainTest data) {
        // Halving ranks trials on data held out of training, never on the test set.
        return config.train().halving().enabled()
                ? data.withValidation(config.train().halving().validationFraction()) : data;
    }

    /**
     * @param todo    the trials to train, in the order they start
     * @param planned the whole plan, recorded trials included: a setting's share of classes that go on counts them
     */
    void train(List<TrialSpec> todo, List<TrialSpec> planned) {
        List<TrialSpec> survivors = todo;
        // Classes per setting (block, activation, rate) of the whole plan that reach this rung, recorded ones included.
        Map<String, Integer> reaching = new TreeMap<>();
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
            Function<String, Checkpoint> checkpoint = checkpoints(rung, last);
            List<TrialOutcome> outcomes = run.train(survivors, rungs.get(r), checkpoint, outcome -> {
                // Final results, and trials that cannot go on, are recorded at once.
                if (last || outcome.trial().status() != TrialStatus.OK) {
                    run.record(outcome, rung, null);
                    forget(checkpoint.apply(outcome.trial().trialId()));
                }
            });
            if (last) {
                break;
            }
            HalvingPolicy.Decision decision = HalvingPolicy.afterRung(outcomes, reaching, halving.reduction(),
                    rungs.get(r));
            decision.stopped().forEach(st -> {
                run.record(st.outcome(), rung, st.reason());
                forget(checkpoint.apply(st.outcome().trial().trialId()));
            });
            survivors = decision.goOn().stream().map(o -> o.trial().spec()).toList();
            reaching = decision.keep();
        }
        if (rungs.size() > 1) {
            // Every trial of this run is recorded: no state is needed any more (an interrupted run starts over).
            Checkpoint.delete(run.hadoop(), new Path(new Path(run.config.output().dir(), "checkpoints"),
                    run.id.sweepId()).toString());
        }
    }

    /** Between rungs a trial's state is kept, so a survivor continues instead of repeating its first epochs. */
    private Function<String, Checkpoint> checkpoints(int rung, boolean last) {
        return rungs.size() == 1 ? t -> Checkpoint.NONE
                : t -> new Checkpoint(Checkpoint.dirOf(run.config.output().dir(), run.id.sweepId(), t), rung > 0,
                !last);
    }

    /** A recorded trial's checkpoint is no longer needed. */
    private void forget(Checkpoint checkpoint) {
        if (checkpoint.dir() != null) {
            Checkpoint.delete(run.hadoop(), checkpoint.dir());
        }
    }
}
