package org.ordersweep.train;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ordersweep.SparkTestBase;
import org.ordersweep.analysis.AnalysisRunner;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.results.ResultStore;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * conf/ablation-lr.conf end to end, shrunk: two blocks, rates as a dimension, and the identity contract when rates are
 * added to a recorded sweep (same sweep, its trials kept, only the new rate trained).
 */
class RatesAndBlocksSweepTest extends SparkTestBase {

    @TempDir
    Path dir;

    private SweepConfig config(String... sets) {
        List<String> all = new ArrayList<>(List.of("sweep.seeds=2", "model.filters=[4,8]", "model.dense=16",
                "train.epochs=1", "train.batch-size=16", "data.train-limit=300", "data.test-limit=200",
                "output.record-every=0", "output.dir=" + dir.resolve("results")));
        all.addAll(List.of(sets));
        return ConfigLoader.load(new File("conf/ablation-lr.conf"), all);
    }

    private SweepRunner.Summary run(SweepConfig c) {
        return SweepRunner.run(spark, c, DataLoader.load(c, spark.sparkContext().hadoopConfiguration()));
    }

    @Test
    void addingRatesKeepsTheRecordedTrialsAndTheAnalysisComparesRatesAndBlocks() throws Exception {
        // Night one: the base rate alone (train.learning-rate = 0.003 in the file).
        SweepRunner.Summary first = run(config("sweep.learning-rates=[]"));
        // Classes for relu: 4 of the full block (act and pool commute), 1 without bn.
        assertEquals(5 * 2, first.trainedNow());
        // Night two: two more rates. The sweep is the same; its recorded trials are not trained again.
        SweepRunner.Summary second = run(config("sweep.learning-rates=[0.003, 0.03]"));
        assertEquals(first.sweepId(), second.sweepId());
        assertEquals(5 * 2, second.skipped());
        assertEquals(5 * 2, second.trainedNow());
        assertTrue(second.plannedTrialIds().containsAll(first.plannedTrialIds()));
        assertEquals(0, second.notOk());

        List<Row> rows = new ResultStore(spark, dir.resolve("results").toString()).trials().collectAsList();
        assertEquals(second.plannedTrialIds().size(), rows.size()); // nothing duplicated
        assertEquals(Set.of(0.003, 0.03), new HashSet<>(rows.stream().map(r -> (Double) r.getAs("learning_rate"))
                .toList()));
        // Seeds pair across rates: the same rng seed for seed index i at every rate and ordering.
        for (Row r : rows) {
            assertEquals(org.ordersweep.plan.Seeds.derive(20240601L, r.<Integer>getAs("seed")),
                    (long) r.<Long>getAs("rng_seed"));
        }

        AnalysisRunner.Output out = AnalysisRunner.run(spark, dir.resolve("results").toString(), null,
                config("sweep.learning-rates=[0.003, 0.03]"));
        assertEquals(first.sweepId(), out.sweepId());
        String html = Files.readString(Path.of(out.reportPath().replace("file:", "")));
        assertTrue(html.contains("Accuracy by learning rate (relu, conv+bn+act+pool+dropout)"), "rates section");
        assertTrue(html.contains("Ablations: what removing or replacing an element costs"), "ablation section");
        assertTrue(html.contains("Does the best ordering depend on the learning rate? (relu, "
                + "conv+bn+act+pool+dropout)"), "rate interaction");
        String summary = dir.resolve("results").resolve("summary").toString();
        List<Row> ablations = spark.read().parquet(summary + "/ablations").collectAsList();
        assertEquals(2, ablations.size()); // one per rate
        ablations.forEach(a -> assertEquals("bn", a.getAs("removed")));
        assertEquals(4 * 2 + 1 * 2, spark.read().parquet(summary + "/learning_rates").count()); // orderings x rates
        Row claim8 = spark.read().parquet(summary + "/findings").where("claim = 8").first();
        assertNotEquals("not tested", claim8.getAs("verdict"));
        assertEquals(8, spark.read().parquet(summary + "/orderings").select("block", "learning_rate", "ordering")
                .distinct().where("block = 'conv+bn+act+pool+dropout'").count()); // 4 classes x 2 rates
    }
}
