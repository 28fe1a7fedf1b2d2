package org.ordersweep.train;

import org.apache.spark.sql.SparkSession;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.plan.TrialIds;
import org.ordersweep.results.Provenance;
import org.ordersweep.results.ResultStore;

/**
 * What a run leaves under runs/&lt;sweep_id&gt;/ before it trains anything: a folder of its own with the configuration
 * it ran with and its provenance, so every run of a resumed sweep can be told apart and reproduced.
 */
final class RunRecord {

    private RunRecord() {
    }

    static void write(ResultStore store, SweepIdentity id, SweepConfig config, DataLoader.TrainTest data,
                      SparkSession spark) {
        String run = store.newRun();
        store.writeRunFile(id.sweepId(), run + "/config.conf", config.render());
        store.writeRunFile(id.sweepId(), run + "/provenance.json", Provenance.toJson(Provenance.collect(id.sweepId(),
                TrialIds.sha256(id.trialFingerprint()), id.dataHash(), data.source(), data.sampling(),
                data.test().size(), data.classNames(), spark.version(), spark.sparkContext().master())));
    }
}
