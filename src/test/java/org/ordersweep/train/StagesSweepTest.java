package org.ordersweep.train;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * conf/fc-block.conf and conf/avgpool.conf end to end, shrunk, in both execution modes: a swept fully connected
 * stage behind a fixed conv stage, and a max-pool block beside an avg-pool block. Every class verified against DL4J,
 * trained, resumed without training again, and analysed (claims 9 and 10, the report naming the blocks).
 */
class StagesSweepTest extends SparkTestBase {

    @TempDir
    Path dir;

    private SweepConfig config(String file, String mode, String... sets) {
        List<String> all = new ArrayList<>(List.of("train.epochs=1", "train.batch-size=16", "data.train-limit=300",
                "data.test-limit=200", "output.record-every=0", "train.mode=" + mode,
                "output.dir=" + dir.resolve("results")));
        all.addAll(List.of(sets));
        return ConfigLoader.load(new File(file), all);
    }

    private SweepRunner.Summary run(SweepConfig c) {
        return SweepRunner.run(spark, c, DataLoader.load(c, spark.sparkContext().hadoopConfiguration()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"data-parallel", "trial-parallel"})
    void aSweptFullyConnectedStageTrainsResumesAndIsJudged(String mode) throws Exception {
        SweepConfig c = config("conf/fc-block.conf", mode, "sweep.seeds=2", "data.train-limit=1000");
        SweepRunner.Summary first = run(c);
        // dense first: 6 orderings, 4 classes for relu (act and dropout commute), 2 seeds each.
        assertEquals(4 * 2, first.trainedNow());
        assertEquals(0, first.notOk());
        SweepRunner.Summary again = run(c);
        assertEquals(first.sweepId(), again.sweepId());
        assertEquals(0, again.trainedNow());
        assertEquals(4 * 2, again.skipped());

        ResultStore store = new ResultStore(spark, c.output().dir());
        List<Row> checks = store.verification(first.sweepId()).collectAsList();
        assertEquals(6, checks.size()); // every ordering checked against DL4J, none failed
        checks.forEach(r -> assertTrue(r.<Boolean>getAs("passed"), String.valueOf(r)));
        List<Row> trials = store.trials().collectAsList();
        assertEquals(6 * 2, trials.size()); // the 2 members of the 2 two-ordering classes inherit their results
        assertEquals(4 * 2, trials.stream().filter(r -> r.<Boolean>getAs("representative")).count());
        for (Row r : trials) {
            assertEquals("ok", r.getAs("status"), String.valueOf(r));
            assertTrue(r.<String>getAs("ordering").startsWith("dense>"), String.valueOf(r));
            if (r.<Boolean>getAs("representative")) { // members point to it (inherited_from), with no numbers
                Double accuracy = r.getAs("test_accuracy");
                assertTrue(accuracy != null && accuracy > 0.3, String.valueOf(r)); // far above chance (0.1)
            }
        }

        AnalysisRunner.Output out = AnalysisRunner.run(spark, c.output().dir(), null, c);
        String html = Files.readString(Path.of(out.reportPath().replace("file:", "")));
        assertTrue(html.contains("dense&gt;bn&gt;act&gt;dropout") || html.contains("dense>bn>act>dropout"),
                "the report ranks the FC stage's orderings");
        assertTrue(html.contains("x2 (sizes 16, 32) -&gt; the swept block (sizes 64, dropout 0.5) -&gt; "
                + "softmax output"), "the report describes the network it trained");
        Row claim10 = spark.read().parquet(c.output().dir() + "/summary/findings").where("claim = 10").first();
        assertNotEquals("not tested", claim10.getAs("verdict"));
        assertTrue(claim10.<String>getAs("evidence").contains("bn before dropout minus after"),
                claim10.<String>getAs("evidence"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"data-parallel", "trial-parallel"})
    void maxAndAveragePoolingBlocksTrainSideBySide(String mode) throws Exception {
        // conv first, dropout last: relu has 4 classes of the max-pool block's 6 orderings (act and pool commute)
        // and 6 of the avg-pool block (act and avgpool do not).
        SweepConfig c = config("conf/avgpool.conf", mode, "sweep.constraints=[\"conv first\", \"dropout last\"]",
                "model.filters=[4,8]", "model.dense=16");
        SweepRunner.Summary first = run(c);
        assertEquals(4 + 6, first.trainedNow());
        assertEquals(0, first.notOk());
        assertEquals(0, run(c).trainedNow());

        AnalysisRunner.Output out = AnalysisRunner.run(spark, c.output().dir(), null, c);
        String html = Files.readString(Path.of(out.reportPath().replace("file:", "")));
        assertTrue(html.contains("conv+bn+act+avgpool+dropout"), "the report names the avg-pool block");
        assertTrue(html.contains("avgpool for pool"), "the report compares the two blocks head to head");
        Row swap = spark.read().parquet(c.output().dir() + "/summary/ablations").first();
        assertEquals("pool", swap.getAs("removed"));
        assertEquals("avgpool", swap.getAs("added"));
        Row claim9 = spark.read().parquet(c.output().dir() + "/summary/findings").where("claim = 9").first();
        assertEquals("refuted", claim9.getAs("verdict"));
        assertTrue(claim9.<String>getAs("evidence").contains("relu, conv+bn+act+avgpool+dropout: test accuracy with act "
                + "before avgpool minus after"), claim9.<String>getAs("evidence"));
    }
}
