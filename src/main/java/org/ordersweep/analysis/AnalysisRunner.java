package org.ordersweep.analysis;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ordersweep.config.ConfigError;
import org.ordersweep.results.ResultStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * Driver side of {@code analyze}: reads one sweep's trials/ and epochs/ from any Hadoop filesystem, runs the
 * analysis, and writes summary/ Parquet tables and report/<sweep_id>.html beside them.
 */
public final class AnalysisRunner {

    /** Where the outputs went, and the findings for the console. */
    public record Output(String sweepId, String reportPath, String summaryPath, List<Findings.Finding> findings) {
    }

    private AnalysisRunner() {
    }

    /**
     * @param sweepId     the sweep to analyse; null = the one whose trial finished last
     * @param dropoutRate the rate to judge commutation by when the sweep recorded no configuration of its own (the
     *                    rate the analysed sweep was trained with wins)
     */
    public static Output run(SparkSession spark, String dir, String sweepId, String sweepName, double dropoutRate) {
        ResultStore store = new ResultStore(spark, dir);
        Dataset<Row> all;
        try {
            all = store.trials();
            all.first();
        } catch (Exception e) {
            throw new ConfigError(dir + ": no results to analyse (no trials/ Parquet there)");
        }
        String id = sweepId != null ? sweepId
                : all.orderBy(col("finished_at").desc()).select("sweep_id").first().getString(0);
        // Trials stopped by successive halving were measured at smaller budgets: they are not compared.
        Dataset<Row> trials = all.where(col("sweep_id").equalTo(id).and(col("status").notEqual("stopped")));
        List<TrialRecord> records = new ArrayList<>();
        for (Row r : trials.collectAsList()) {
            records.add(new TrialRecord(r.getAs("trial_id"), r.getAs("ordering"), r.getAs("activation"),
                    r.getAs("seed"), r.getAs("status"), r.getAs("representative"), r.getAs("inherited_from"),
                    r.getAs("class_id"), num(r, "test_accuracy"), num(r, "train_seconds_per_epoch"),
                    num(r, "inference_samples_per_second")));
        }
        if (records.isEmpty()) {
            throw new ConfigError(dir + ": sweep " + id + " has no trials");
        }
        Analysis.Result result = Analysis.of(records);
        List<String> activations = records.stream().map(TrialRecord::activation).distinct().sorted().toList();
        double rate = recordedDropout(store, id).orElse(dropoutRate);
        List<Findings.Finding> findings = Findings.of(result, activations, rate);

        List<Object[]> curveRows = new ArrayList<>();
        Dataset<Row> epochs = store.epochs().join(trials.where(col("representative"))
                .select("trial_id", "activation", "ordering"), "trial_id");
        for (Row r : epochs.select("activation", "ordering", "epoch", "test_accuracy").collectAsList()) {
            if (!r.isNullAt(3)) {
                curveRows.add(new Object[]{r.getString(0), r.getString(1), r.getInt(2), r.getDouble(3)});
            }
        }
        long trained = records.stream().filter(TrialRecord::representative).count();
        String html = ReportWriter.html(new ReportWriter.Context(sweepName, id, dir, records.size(), (int) trained),
                result, findings, ReportWriter.curves(curveRows));
        Path report = new Path(new Path(dir, "report"), id + ".html");
        write(spark, report, html);
        String summary = new Path(dir, "summary").toString();
        writeTables(spark, summary, id, result, findings);
        return new Output(id, report.toString(), summary, findings);
    }

    private static double num(Row r, String field) {
        int i = r.fieldIndex(field);
        return r.isNullAt(i) ? Double.NaN : r.getDouble(i);
    }

    private static void write(SparkSession spark, Path path, String text) {
        try (FSDataOutputStream out = path.getFileSystem(spark.sparkContext().hadoopConfiguration())
                .create(path, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    static final StructType ORDERINGS = new StructType()
            .add("activation", DataTypes.StringType).add("ordering", DataTypes.StringType)
            .add("class_id", DataTypes.StringType).add("members", DataTypes.IntegerType)
            .add("n", DataTypes.IntegerType).add("accuracy_mean", DataTypes.DoubleType)
            .add("accuracy_std", DataTypes.DoubleType).add("accuracy_low", DataTypes.DoubleType)
            .add("accuracy_high", DataTypes.DoubleType).add("rank", DataTypes.IntegerType)
            .add("diff_vs_best", DataTypes.DoubleType).add("p_holm", DataTypes.DoubleType)
            .add("test", DataTypes.StringType).add("indistinguishable_from_best", DataTypes.BooleanType)
            .add("pareto", DataTypes.BooleanType).add("seconds_per_epoch", DataTypes.DoubleType)
            .add("seconds_per_epoch_low", DataTypes.DoubleType).add("seconds_per_epoch_high", DataTypes.DoubleType)
            .add("inference_samples_per_second", DataTypes.DoubleType);

    static final StructType PRECEDENCE = new StructType()
            .add("activation", DataTypes.StringType).add("first", DataTypes.StringType)
            .add("second", DataTypes.StringType).add("classes_before", DataTypes.IntegerType)
            .add("classes_after", DataTypes.IntegerType).add("accuracy_diff", DataTypes.DoubleType)
            .add("accuracy_low", DataTypes.DoubleType).add("accuracy_high", DataTypes.DoubleType)
            .add("accuracy_p", DataTypes.DoubleType).add("accuracy_test", DataTypes.StringType)
            .add("seconds_per_epoch_diff", DataTypes.DoubleType)
            .add("seconds_per_epoch_low", DataTypes.DoubleType).add("seconds_per_epoch_high", DataTypes.DoubleType);

    static final StructType INTERACTION = new StructType()
            .add("activations", DataTypes.StringType).add("orderings", DataTypes.IntegerType)
            .add("seeds", DataTypes.IntegerType).add("f", DataTypes.DoubleType).add("df1", DataTypes.IntegerType)
            .add("df2", DataTypes.IntegerType).add("p", DataTypes.DoubleType)
            .add("significant", DataTypes.BooleanType).add("best_by_activation", DataTypes.StringType);

    static final StructType FINDINGS = new StructType()
            .add("claim", DataTypes.IntegerType).add("text", DataTypes.StringType)
            .add("verdict", DataTypes.StringType).add("evidence", DataTypes.StringType);

    private static void writeTables(SparkSession spark, String dir, String sweepId, Analysis.Result r,
                                    List<Findings.Finding> findings) {
        List<Row> o = new ArrayList<>();
        for (Analysis.OrderingStats s : r.orderings()) {
            o.add(RowFactory.create(s.activation(), s.ordering(), s.classId(), s.members(), s.accuracy().n(),
                    n(s.accuracy().mean()), n(s.accuracy().std()), n(s.accuracy().low()), n(s.accuracy().high()),
                    s.rank(), n(s.vsBest().estimate()), n(s.adjustedP()), s.vsBest().test(), s.indistinguishable(),
                    s.pareto(), n(s.secondsPerEpoch().mean()), n(s.secondsPerEpoch().low()),
                    n(s.secondsPerEpoch().high()), n(s.inferenceSps())));
        }
        List<Row> p = new ArrayList<>();
        for (Analysis.Precedence e : r.precedence()) {
            p.add(RowFactory.create(e.activation(), e.first(), e.second(), e.orderingsBefore(), e.orderingsAfter(),
                    n(e.accuracy().estimate()), n(e.accuracy().low()), n(e.accuracy().high()), n(e.accuracy().p()),
                    e.accuracy().test(), n(e.secondsPerEpoch().estimate()), n(e.secondsPerEpoch().low()),
                    n(e.secondsPerEpoch().high())));
        }
        List<Row> f = new ArrayList<>();
        findings.forEach(x -> f.add(RowFactory.create(x.claim(), x.text(), x.verdict().key(), x.evidence())));
        table(spark, o, ORDERINGS, dir, "orderings", sweepId);
        table(spark, p, PRECEDENCE, dir, "precedence", sweepId);
        table(spark, f, FINDINGS, dir, "findings", sweepId);
        Analysis.Interaction in = r.interaction();
        if (in != null) {
            table(spark, List.of(RowFactory.create(String.join(" ", in.activations()), in.orderings(), in.seeds(),
                    n(in.test().f()), in.test().df1(), in.test().df2(), n(in.test().p()), in.significant(),
                    in.best().toString())), INTERACTION, dir, "interaction", sweepId);
        }
    }

    private static void table(SparkSession spark, List<Row> rows, StructType schema, String dir, String name,
                              String sweepId) {
        spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(new Path(new Path(dir, name), "sweep_id=" + sweepId).toString());
    }

    private static Double n(double d) {
        return Double.isNaN(d) || Double.isInfinite(d) ? null : d;
    }

    /** The dropout rate the sweep's newest run recorded in its config.conf. */
    static java.util.OptionalDouble recordedDropout(ResultStore store, String sweepId) {
        return store.latestRunFile(sweepId, "config.conf").stream().flatMap(String::lines)
                .filter(l -> l.startsWith("model.dropout = ")).mapToDouble(l -> Double.parseDouble(
                        l.substring("model.dropout = ".length()).strip())).findFirst();
    }
}
