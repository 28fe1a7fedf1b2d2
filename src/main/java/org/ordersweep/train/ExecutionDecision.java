package org.ordersweep.train;

import org.ordersweep.config.SweepConfig;
import org.ordersweep.domain.InputShape;
import org.ordersweep.plan.SweepPlan;
import org.ordersweep.results.ResultStore;

import java.util.Optional;

/**
 * The sweep's execution, decided at its first run from the whole plan and recorded; later runs reuse it, so a
 * resumed sweep with few trials left does not switch modes under the same ids.
 */
final class ExecutionDecision {

    private ExecutionDecision() {
    }

    /** The recorded decision when there is one, else the one decided now (and recorded) for {@code cores}. */
    static Execution once(ResultStore store, SweepIdentity sweep, SweepConfig config, SweepPlan plan,
                          InputShape shape, int cores) {
        Optional<String> recorded = store.readRunFile(sweep.sweepId(), Execution.FILE);
        if (recorded.isPresent()) {
            Execution e = Execution.parse(recorded.get(), store.runFilePath(sweep.sweepId(), Execution.FILE));
            return new Execution(e.mode(), e.workers(), "decided at the sweep's first run: " + e.reason());
        }
        Execution e = Execution.decide(ExecutionMode.choose(config, plan, shape, plan.trials().size(), cores),
                config.train().workers(), cores);
        store.writeRunFile(sweep.sweepId(), Execution.FILE, e.toProperties());
        return e;
    }
}
