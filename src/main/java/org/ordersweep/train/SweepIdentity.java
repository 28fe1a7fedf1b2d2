package org.ordersweep.train;

import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.plan.TrialIds;
import org.ordersweep.plan.TrialSpec;

/**
 * The ids that make results comparable and resumable (docs/analysis.md#identity). The sweep's id comes from the keys
 * that define the sweep (the trial-defining ones and the configured execution keys) and the data's content hash; each
 * trial's id from the trial-defining keys, the data's hash, how the sweep decided to run it ({@link Execution}) and
 * the trial's own ordering, activation, learning rate (when it is not train.learning-rate) and seed index - nothing
 * else, so names, paths, parallelism or the search space can change between runs without changing what a recorded
 * trial is.
 *
 * @param fresh     a token that makes a new sweep of the same configuration ("" resumes the existing one)
 * @param execution how the sweep runs its trials; null until decided, and trial ids need it
 */
public record SweepIdentity(String sweepId, String sweepFingerprint, String dataHash, String fresh,
                            SweepConfig config, Execution execution) {

    public static SweepIdentity of(SweepConfig config, DataLoader.TrainTest data) {
        return of(config, data, "");
    }

    public static SweepIdentity of(SweepConfig config, DataLoader.TrainTest data, String fresh) {
        String dataHash = data.hash();
        String fingerprint = config.sweepFingerprint() + freshLine(fresh);
        return new SweepIdentity(TrialIds.sweepId(fingerprint, dataHash), fingerprint, dataHash, fresh, config, null);
    }

    /** The same sweep with its execution decided. */
    public SweepIdentity decided(Execution e) {
        return new SweepIdentity(sweepId, sweepFingerprint, dataHash, fresh, config, e);
    }

    /** What defines every trial of this sweep, as stable text. */
    public String trialFingerprint() {
        if (execution == null) {
            throw new IllegalStateException("trial ids need the sweep's execution decision");
        }
        return config.trialFingerprint(execution.mode().trainMode(), execution.workers()) + freshLine(fresh);
    }

    public String trialId(TrialSpec spec) {
        return TrialIds.trialId(trialFingerprint(), dataHash, spec, config.train().learningRate());
    }

    private static String freshLine(String fresh) {
        return fresh.isEmpty() ? "" : "fresh=" + fresh + "\n";
    }
}
