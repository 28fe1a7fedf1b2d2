package org.ordersweep.train;

import org.ordersweep.results.TrialOutcome;

import org.apache.spark.sql.SparkSession;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.plan.TrialSpec;
import org.ordersweep.results.ResultStore;
import org.ordersweep.results.TrialRow;
import org.ordersweep.results.TrialStatus;

import java.util.List;

/** Results a test needs that a real run would only produce by bad luck. */
public final class TrialFixtures {

    private TrialFixtures() {
    }

    /**
     * Records trial {@code trialId} of this trial-parallel sweep as failed, as a run that lost its executor for good
     * would have (its latest row, after any earlier one).
     */
    public static void markFailed(SparkSession spark, SweepConfig c, String trialId, int attempts) {
        DataLoader.TrainTest data = DataLoader.load(c, spark.sparkContext().hadoopConfiguration());
        SweepIdentity id = SweepIdentity.of(c, data).decided(new Execution(ExecutionMode.TRIAL_PARALLEL, 1, "test"));
        TrialSpec spec = SweepRunner.plan(c, data.shape()).trials().stream()
                .filter(t -> id.trialId(t).equals(trialId)).findFirst().orElseThrow();
        TrialRow row = TrialRow.notTrained(id.sweepId(), trialId, spec, TrialStatus.FAILED, "executor lost")
                .withAttempts(attempts, 1);
        new ResultStore(spark, c.output().dir()).append(new TrialOutcome(row, List.of(), List.of()),
                new ResultStore.TrainedBy("trial-parallel", 1, "test", "1.0.0-M2"));
    }
}
