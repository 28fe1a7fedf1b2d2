package org.ordersweep.train;

import org.ordersweep.plan.SweepPlan;
import org.ordersweep.plan.TrialSpec;
import org.ordersweep.results.ResultStore;
import org.ordersweep.results.TrialStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a run trains of its plan, resuming by trial id: a planned representative is trained unless an earlier run
 * recorded it (trials recorded as failed are trained again unless kept).
 *
 * @param recorded the trials recorded before this run, by id
 * @param planned  every planned trial id, the inheriting orderings' included
 * @param todo     the representatives to train now, in the plan's order
 * @param retried  how many of {@code todo} an earlier run recorded as failed
 */
record TrialsToTrain(Map<String, ResultStore.Recorded> recorded, List<String> planned, List<TrialSpec> todo,
                     int retried) {

    // The console shows the logger's name: the run's lines keep the one they always had.
    private static final Logger LOG = LoggerFactory.getLogger(SweepRunner.class);

    static TrialsToTrain of(SweepPlan plan, SweepIdentity id, ResultStore store, SweepRunner.Failed failed) {
        Map<String, ResultStore.Recorded> recorded = store.recordedTrials();
        int orphans = store.removeOrphanEpochs(recorded.keySet());
        if (orphans > 0) {
            LOG.info("Removed {} epoch files of trials an earlier run started but never recorded; they run again.",
                    orphans);
        }
        List<String> planned = new ArrayList<>();
        List<TrialSpec> todo = new ArrayList<>();
        int retried = 0;
        for (TrialSpec spec : plan.trials()) {
            String trialId = id.trialId(spec);
            planned.add(trialId);
            spec.inheritors().forEach(o -> planned.add(id.trialId(spec.forMember(o))));
            ResultStore.Recorded r = recorded.get(trialId);
            // Trained when its own row is a representative's; a row that only inherited another ordering's result
            // (an earlier run with dedupe on) does not count when this ordering is now trained itself.
            boolean trained = r != null && r.representative()
                    && (r.status() != TrialStatus.FAILED || failed == SweepRunner.Failed.KEEP);
            if (!trained) {
                todo.add(spec);
                retried += r != null && r.status() == TrialStatus.FAILED ? 1 : 0;
            }
        }
        return new TrialsToTrain(recorded, planned, todo, retried);
    }
}
