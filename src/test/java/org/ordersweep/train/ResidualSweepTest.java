package org.ordersweep.train;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ordersweep.SparkTestBase;
import org.ordersweep.analysis.AnalysisRunner;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.domain.Placement;
import org.ordersweep.results.ResultStore;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * conf/residual.conf end to end, shrunk: the five placements of a residual unit trained as DL4J graphs in both
 * execution modes, verified, resumed without training again, and analysed (claim 11); successive halving continuing
 * graphs from their checkpoints, and the seed race.
 */
class ResidualSweepTest extends SparkTestBase {

    @TempDir
    Path dir;

    private SweepConfig config(String... sets) {
        List<String> all = new ArrayList<>(List.of("train.epochs=1", "train.batch-size=16", "data.train-limit=600",
                "data.test-limit=200", "output.record-every=0", "output.dir=" + dir.resolve("results")));
        all.addAll(List.of(sets));
        return ConfigLoader.load(new File("conf/residual.conf"), all);
    }

    private SweepRunner.Summary run(SweepConfig c) {
        return SweepRunner.run(spark, c, DataLoader.load(c, spark.sparkContext().hadoopConfiguration()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"data-parallel", "trial-parallel"})
    void theFivePlacementsTrainResumeAndAreJudged(String mode) throws Exception {
        SweepConfig c = config("train.mode=" + mode, "sweep.seeds=2", "train.epochs=2", "data.train-limit=1000");
        SweepRunner.Summary first = run(c);
        assertEquals(5 * 2, first.trainedNow()); // no two placements are the same function
        assertEquals(0, first.notOk());
        SweepRunner.Summary again = run(c);
        assertEquals(first.sweepId(), again.sweepId());
        assertEquals(0, again.trainedNow());

        ResultStore store = new ResultStore(spark, c.output().dir());
        List<Row> checks = store.verification(first.sweepId()).collectAsList();
        assertEquals(5, checks.size()); // every placement built, run and timed as a graph
        checks.forEach(r -> assertTrue(r.<Boolean>getAs("passed"), String.valueOf(r)));
        List<Row> trials = store.trials().collectAsList();
        assertEquals(5 * 2, trials.size());
        Set<String> units = new HashSet<>();
        double sum = 0;
        for (Row r : trials) {
            assertEquals("ok", r.getAs("status"), String.valueOf(r));
            assertTrue(r.<Boolean>getAs("representative"));
            sum += r.<Double>getAs("test_accuracy");
            units.add(r.getAs("ordering"));
        }
        assertTrue(sum / trials.size() > 0.3, "mean test accuracy " + sum / trials.size()); // far above chance
        assertEquals(Arrays.stream(Placement.values()).map(p -> p.unit().key()).collect(
                java.util.stream.Collectors.toSet()), units);

        AnalysisRunner.Output out = AnalysisRunner.run(spark, c.output().dir(), null, c);
        String html = Files.readString(Path.of(out.reportPath().replace("file:", "")));
        assertTrue(html.contains("conv&gt;bn&gt;act&gt;pool (sizes 8) -&gt; the swept residual unit x2 (sizes 8, 16) "
                + "-&gt; global average pooling -&gt; softmax output"), "the report describes the network");
        assertTrue(html.contains("<code>full-preact (bn&gt;act&gt;conv&gt;bn&gt;act&gt;conv&gt;add)</code>"),
                "the report names each placement beside its unit");
        assertFalse(html.contains("Precedence effects"), "placements have no precedence pairs");
        Row claim11 = spark.read().parquet(c.output().dir() + "/summary/findings").where("claim = 11").first();
        assertNotEquals("not tested", claim11.getAs("verdict"));
        assertTrue(claim11.<String>getAs("evidence").contains("full-preact"), claim11.<String>getAs("evidence"));
        // No precedence pairs (an empty table is not written): in a unit that holds conv, bn and act twice,
        // "a before b" means nothing.
        assertFalse(Files.exists(Path.of(c.output().dir(), "summary", "precedence")));
    }

    /** Halving continues each surviving graph from its checkpoint; the race stops placements with fewer seeds. */
    @Test
    void halvingAndTheSeedRaceWorkOnGraphs() {
        SweepConfig halving = config("train.mode=trial-parallel", "train.epochs=2", "train.halving.enabled=true",
                "train.halving.min-epochs=1", "train.halving.reduction=2", "train.halving.validation-fraction=0.2",
                "output.dir=" + dir.resolve("halving"));
        SweepRunner.Summary h = run(halving);
        assertEquals(0, h.notOk());
        List<Row> rows = new ResultStore(spark, halving.output().dir()).trials().collectAsList();
        assertEquals(5, rows.size());
        long full = rows.stream().filter(r -> r.<Integer>getAs("epochs") == 2).count();
        assertTrue(full >= 1 && full < 5, "some placements were stopped after 1 epoch, some went on: " + full);
        // A survivor's second epoch continued from its first: its curve has epochs 1 and 2, each once.
        List<Row> curves = new ResultStore(spark, halving.output().dir()).epochs().collectAsList();
        assertEquals(5 + full, curves.size());
        assertFalse(Files.exists(dir.resolve("halving").resolve("checkpoints").resolve(h.sweepId())));

        SweepConfig raced = config("train.mode=trial-parallel", "sweep.seeds=3", "sweep.racing.enabled=true",
                "sweep.racing.min-seeds=2", "output.dir=" + dir.resolve("race"));
        SweepRunner.Summary r = run(raced);
        assertEquals(0, r.notOk());
        long trials = new ResultStore(spark, raced.output().dir()).trials().count();
        assertTrue(trials >= 5 * 2 && trials <= 5 * 3, trials + " trials");
    }
}
