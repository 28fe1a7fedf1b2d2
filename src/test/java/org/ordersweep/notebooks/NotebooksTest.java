package org.ordersweep.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ordersweep.RequiredTools;
import org.ordersweep.SparkTestBase;
import org.ordersweep.analysis.AnalysisRunner;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.train.SweepRunner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both notebooks run end to end on a real sweep's output: the Zeppelin note's SQL paragraphs through Spark SQL, the
 * Jupyter notebook headless with Debian's nbconvert (which has no Parquet engine, so it reads the CSV copies that
 * {@code export} writes of the same tables).
 */
class NotebooksTest extends SparkTestBase {

    private Path results;

    @BeforeAll
    void realSweep() throws Exception {
        results = Files.createTempDirectory("ordersweep-notebooks");
        // Two activations, two rates and an ablation, so that every summary table has rows for the notes to show.
        SweepConfig c = ConfigLoader.load(null, List.of("sweep.blocks=[\"conv act pool\", \"conv pool\"]",
                "sweep.activations=[relu,tanh]", "sweep.learning-rates=[0.001,0.01]", "sweep.seeds=2",
                "model.filters=[4,8]", "model.dense=16", "data.train-limit=400", "data.test-limit=100",
                "train.epochs=2", "train.batch-size=20", "train.mode=trial-parallel", "output.dir=" + results));
        SweepRunner.Summary s = SweepRunner.run(spark, c, DataLoader.load(c,
                spark.sparkContext().hadoopConfiguration()));
        AnalysisRunner.run(spark, c.output().dir(), s.sweepId(), c);
    }

    @Test
    void zeppelinSqlParagraphsRunThroughSparkSql() throws Exception {
        JsonNode note = new ObjectMapper().readTree(Path.of("notebooks", "ordersweep.zpln").toFile());
        String setup = note.get("paragraphs").get(0).get("text").asText();
        // What the note's first (Scala) paragraph registers, done here the same way.
        Map<String, String> views = Map.of("trial_rows", "trials", "epochs", "epochs", "summary_orderings",
                "summary/orderings", "summary_precedence", "summary/precedence", "summary_findings",
                "summary/findings");
        views.forEach((view, table) -> {
            assertTrue(setup.contains("\"" + view + "\" -> \"" + table + "\""), view);
            spark.read().parquet(results.resolve(table).toString()).createOrReplaceTempView(view);
        });
        // ... and its view of every trial's latest row, with the note's own SQL.
        java.util.regex.Matcher latest = java.util.regex.Pattern.compile(
                "spark\\.sql\\(\"(SELECT \\* FROM \\(SELECT[^\"]*)\"\\)"
                        + "\\.drop\\(\"latest\"\\)\\.createOrReplaceTempView\\(\"trials\"\\)").matcher(setup);
        assertTrue(latest.find(), setup);
        spark.sql(latest.group(1)).drop("latest").createOrReplaceTempView("trials");
        assertEquals(spark.table("trial_rows").select("trial_id").distinct().count(), spark.table("trials").count());
        // The tables only some sweeps have, registered as the note does (here every one is present).
        java.util.regex.Matcher optional = java.util.regex.Pattern.compile(
                "\\(\"(summary_[a-z_]+)\", \"(summary/[a-z_]+)\", \"([^\"]+)\"\\)").matcher(setup);
        int registered = 0;
        while (optional.find()) {
            Dataset<Row> table = spark.read().parquet(results.resolve(optional.group(2)).toString());
            // the note's empty stand-in has the table's own columns
            assertEquals(List.of(table.schema().fieldNames()), List.of(org.apache.spark.sql.types.StructType
                    .fromDDL(optional.group(3)).fieldNames()), optional.group(2));
            table.createOrReplaceTempView(optional.group(1));
            registered++;
        }
        assertEquals(3, registered, setup);
        int sql = 0;
        for (JsonNode p : note.get("paragraphs")) {
            String text = p.get("text").asText();
            if (text.startsWith("%sql")) {
                List<Row> rows = spark.sql(text.substring(text.indexOf('\n') + 1)).collectAsList();
                assertFalse(rows.isEmpty(), p.get("title").asText() + " returned nothing");
                sql++;
            }
        }
        assertEquals(10, sql);
    }

    @Test
    @Tag(RequiredTools.JUPYTER)
    void jupyterNotebookRunsHeadless() throws Exception {
        JsonNode nb = Jupyter.execute(results);
        assertEquals(4, Jupyter.images(nb), "accuracy, precedence, Pareto and learning-curve charts");
        // conv>pool>act trains for its class (pooling first is cheaper): its name is in the tables.
        assertTrue(nb.toString().contains("conv>pool>act") || nb.toString().contains("conv&gt;pool&gt;act"));
    }
}
