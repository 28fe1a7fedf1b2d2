package org.ordersweep.analysis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ordersweep.SparkTestBase;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.train.SweepRunner;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** analyze judges a sweep by the configuration it was trained with, not by whatever configuration analyze gets. */
class AnalysisRunnerTest extends SparkTestBase {

    @TempDir
    Path out;

    @Test
    void theAnalysedSweepsOwnDropoutRateDecidesWhatCommutes() throws Exception {
        SweepConfig c = ConfigLoader.load(null, List.of("sweep.block=[conv,act,dropout]",
                "sweep.orderings=[\"conv>act>dropout\"]", "sweep.activations=[relu,tanh]", "model.dropout=0",
                "model.filters=[2,2]", "model.dense=4",
                "data.train-limit=200", "data.test-limit=100", "train.epochs=1", "train.mode=trial-parallel",
                "output.dir=" + out));
        SweepRunner.run(spark, c, DataLoader.load(c, spark.sparkContext().hadoopConfiguration()));
        // Dropout at rate 0 is the identity, so it commutes with relu and tanh: claim 3 holds for both. Asked with
        // the default rate 0.25, tanh would not commute (partly).
        SweepConfig asked = ConfigLoader.load(null, List.of("model.dropout=0.25", "output.dir=" + out));
        Findings.Finding claim3 = AnalysisRunner.run(spark, out.toString(), null, asked).findings().get(2);
        assertEquals(3, claim3.claim());
        assertEquals(Findings.Verdict.SUPPORTED, claim3.verdict(), claim3.evidence());
        // A sweep that recorded no configuration (written before runs kept theirs) falls back to the rate given.
        org.apache.commons.io.FileUtils.deleteDirectory(out.resolve("runs").toFile());
        assertEquals(Findings.Verdict.PARTLY, AnalysisRunner.run(spark, out.toString(), null, asked).findings()
                .get(2).verdict());
    }
}
