package org.ordersweep.train;

import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.model.EquivalenceVerifier;
import org.ordersweep.model.TrainingStep;
import org.ordersweep.plan.SweepPlan;
import org.ordersweep.results.ResultStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * Checks every class against DL4J before anything is trained; members that disagree with their representative
 * are split off and trained on their own. The report goes to verification/ beside the trials.
 */
public final class ClassVerification {

    // The console shows the logger's name: the run's lines keep the one they always had.
    private static final Logger LOG = LoggerFactory.getLogger(SweepRunner.class);

    private ClassVerification() {
    }

    public static EquivalenceVerifier.Result verify(SweepPlan plan, SweepConfig config, DataLoader.TrainTest data,
                                                    ResultStore store, SweepIdentity id) {
        long t0 = System.nanoTime();
        EquivalenceVerifier.Result result = new EquivalenceVerifier(config.model(), data.shape(),
                config.sweep().masterSeed(), TrainingStep.of(config.train().step())).verify(plan.classes());
        store.writeVerification(id.sweepId(), VerificationRows.of(result.checks()));
        long compared = result.checks().stream().filter(c -> !c.isRepresentative()).count();
        LOG.info("Verified {} classes against DL4J in {} s: {} members compared with their representative, {} failed"
                        + " (report: {})", plan.classes().size(),
                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9), compared, result.failures(),
                store.verificationPath(id.sweepId()));
        result.checks().stream().filter(c -> !c.passed()).forEach(c -> LOG.warn("Not equivalent after all, trained "
                + "separately: {} ({}): {}", c.member(), c.activation(), c.problem()));
        return result;
    }
}
