package org.ordersweep.analysis;

import org.ordersweep.plan.SeedRace;
import org.ordersweep.stats.Stats;

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
import org.ordersweep.config.SweepConfig;
import org.ordersweep.domain.Ordering;
import org.ordersweep.results.Provenance;
import org.ordersweep.results.ResultStore;
import org.ordersweep.results.TrialStatus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
     * @param sweepId the sweep to analyse; null = the one whose trial finished last
     * @param current the configuration analyze runs with: its analysis.* keys and name; what the sweep did (dropout
     *                rate, seed race, halving) comes from the sweep's own recorded configuration when there is one
     */
    public static Output run(SparkSession spark, String dir, String sweepId, SweepConfig current) {
        String sweepName = current.sweep().name();
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
        Dataset<Row> trials = all.where(col("sweep_id").equalTo(id)
                .and(col("status").notEqual(TrialStatus.STOPPED.key())));
        Map<String, String> recorded = store.latestRunFile(id, "config.conf").map(SweepConfig::parseRendered)
                .orElse(current.resolved());
        // Rows from before rates could be swept trained at the sweep's one rate.
        double sweepRate = Double.parseDouble(recorded.getOrDefault("train.learning-rate",
                String.valueOf(current.train().learningRate())));
        List<TrialRecord> records = new ArrayList<>();
        for (Row r : trials.collectAsList()) {
            double rate = num(r, "learning_rate");
            records.add(new TrialRecord(r.getAs("trial_id"), Ordering.parse(r.getAs("ordering")), r.getAs("activation"),
                    r.getAs("seed"), TrialStatus.parse(r.getAs("status")), r.getAs("representative"),
                    r.getAs("inherited_from"),
                    r.getAs("class_id"), num(r, "test_accuracy"), num(r, "train_seconds_per_epoch"),
                    num(r, "inference_samples_per_second"), Double.isNaN(rate) ? sweepRate : rate));
        }
        if (records.isEmpty()) {
            throw new ConfigError(dir + ": sweep " + id + " has no trials");
        }
        double rate = recorded.containsKey("model.dropout") ? Double.parseDouble(recorded.get("model.dropout"))
                : current.model().dropout();
        double meanAccuracy = records.stream().filter(t -> t.representative() && t.ok())
                .mapToDouble(TrialRecord::accuracy).average().orElse(Double.NaN);
        Margin margin = Margin.of(current.analysisMargin(), testExamples(store, id), meanAccuracy);
        SweepConfig.Racing racing = SweepConfig.racing(recorded);
        boolean halving = "true".equals(recorded.get("train.halving.enabled"));
        String design = racing != null ? String.format(java.util.Locale.ROOT, "seed race: %d to %d seeds per class, "
                + "alpha %.2f split over %d rounds", racing.minSeeds(), racing.maxSeeds(), Stats.ALPHA,
                racing.maxSeeds() - racing.minSeeds() + 1)
                : halving ? "successive halving: only the classes that reached the full budget are compared"
                : "every class at every seed";
        String control = current.analysisControl();
        Analysis.Options options = new Analysis.Options(margin.value(), margin.why(),
                control.isBlank() ? null : control, racing == null ? null
                : new SeedRace(racing.minSeeds(), racing.maxSeeds(), Stats.ALPHA), design);
        Analysis.Result result = Analysis.of(records, options);
        List<String> activations = records.stream().map(TrialRecord::activation).distinct().sorted().toList();
        List<Findings.Finding> findings = Findings.of(result, activations, rate, timed(store, id, activations));

        List<Object[]> curveRows = new ArrayList<>();
        Map<String, String> labelOfTrial = new java.util.HashMap<>();
        Map<org.ordersweep.plan.Setting, String> labels = new java.util.HashMap<>();
        result.orderings().forEach(o -> labels.put(o.setting(), o.label()));
        records.stream().filter(TrialRecord::representative).forEach(t -> labelOfTrial.put(t.trialId(),
                labels.get(t.setting())));
        Dataset<Row> epochs = store.epochs().join(trials.where(col("representative"))
                .select("trial_id", "ordering"), "trial_id");
        for (Row r : epochs.select("trial_id", "ordering", "epoch", "test_accuracy").collectAsList()) {
            String label = labelOfTrial.get(r.getString(0));
            if (!r.isNullAt(3) && label != null) {
                curveRows.add(new Object[]{label, r.getString(1), r.getInt(2), r.getDouble(3)});
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
            .add("activation", DataTypes.StringType).add("learning_rate", DataTypes.DoubleType)
            .add("block", DataTypes.StringType).add("ordering", DataTypes.StringType)
            .add("class_id", DataTypes.StringType).add("members", DataTypes.IntegerType)
            .add("n", DataTypes.IntegerType).add("accuracy_mean", DataTypes.DoubleType)
            .add("accuracy_std", DataTypes.DoubleType).add("accuracy_low", DataTypes.DoubleType)
            .add("accuracy_high", DataTypes.DoubleType).add("rank", DataTypes.IntegerType)
            .add("might_be_best", DataTypes.BooleanType).add("best_low", DataTypes.DoubleType)
            .add("best_high", DataTypes.DoubleType).add("p_best", DataTypes.DoubleType)
            .add("out_of_race", DataTypes.StringType)
            .add("diff_vs_best", DataTypes.DoubleType).add("p_vs_best_unadjusted", DataTypes.DoubleType)
            .add("test", DataTypes.StringType).add("diff_vs_control", DataTypes.DoubleType)
            .add("control_low", DataTypes.DoubleType).add("control_high", DataTypes.DoubleType)
            .add("p_control", DataTypes.DoubleType)
            .add("pareto", DataTypes.BooleanType).add("seconds_per_epoch", DataTypes.DoubleType)
            .add("seconds_per_epoch_low", DataTypes.DoubleType).add("seconds_per_epoch_high", DataTypes.DoubleType)
            .add("inference_samples_per_second", DataTypes.DoubleType);

    static final StructType PRECEDENCE = new StructType()
            .add("activation", DataTypes.StringType).add("learning_rate", DataTypes.DoubleType)
            .add("block", DataTypes.StringType).add("first", DataTypes.StringType)
            .add("second", DataTypes.StringType).add("classes_before", DataTypes.IntegerType)
            .add("classes_after", DataTypes.IntegerType).add("classes_both_ways", DataTypes.IntegerType)
            .add("seeds", DataTypes.IntegerType).add("accuracy_diff", DataTypes.DoubleType)
            .add("accuracy_low", DataTypes.DoubleType).add("accuracy_high", DataTypes.DoubleType)
            .add("accuracy_p", DataTypes.DoubleType).add("accuracy_p_holm", DataTypes.DoubleType)
            .add("accuracy_test", DataTypes.StringType).add("margin", DataTypes.DoubleType)
            .add("p_equivalent", DataTypes.DoubleType).add("p_equivalent_holm", DataTypes.DoubleType)
            .add("p_beyond_margin", DataTypes.DoubleType).add("p_beyond_margin_holm", DataTypes.DoubleType)
            .add("same_contrast_as", DataTypes.StringType)
            .add("seconds_per_epoch_diff", DataTypes.DoubleType)
            .add("seconds_per_epoch_low", DataTypes.DoubleType).add("seconds_per_epoch_high", DataTypes.DoubleType);

    static final StructType INTERACTION = new StructType()
            .add("factor", DataTypes.StringType).add("within", DataTypes.StringType)
            .add("levels", DataTypes.StringType).add("orderings", DataTypes.IntegerType)
            .add("seeds", DataTypes.IntegerType).add("f", DataTypes.DoubleType).add("df1", DataTypes.IntegerType)
            .add("df2", DataTypes.IntegerType).add("p", DataTypes.DoubleType)
            .add("significant", DataTypes.BooleanType).add("best_by_level", DataTypes.StringType);

    static final StructType LEARNING_RATES = new StructType()
            .add("activation", DataTypes.StringType).add("block", DataTypes.StringType)
            .add("ordering", DataTypes.StringType).add("learning_rate", DataTypes.DoubleType)
            .add("n", DataTypes.IntegerType).add("accuracy_mean", DataTypes.DoubleType)
            .add("accuracy_low", DataTypes.DoubleType).add("accuracy_high", DataTypes.DoubleType)
            .add("best_rate", DataTypes.DoubleType).add("best_minus_next", DataTypes.DoubleType)
            .add("best_minus_next_p", DataTypes.DoubleType);

    static final StructType ABLATIONS = new StructType()
            .add("activation", DataTypes.StringType).add("learning_rate", DataTypes.DoubleType)
            .add("larger_block", DataTypes.StringType).add("smaller_block", DataTypes.StringType)
            .add("removed", DataTypes.StringType).add("best_larger", DataTypes.StringType)
            .add("best_smaller", DataTypes.StringType).add("mean_larger", DataTypes.DoubleType)
            .add("mean_smaller", DataTypes.DoubleType).add("seeds", DataTypes.IntegerType)
            .add("pairs", DataTypes.IntegerType).add("difference", DataTypes.DoubleType)
            .add("low", DataTypes.DoubleType).add("high", DataTypes.DoubleType);

    static final StructType FINDINGS = new StructType()
            .add("claim", DataTypes.IntegerType).add("text", DataTypes.StringType)
            .add("verdict", DataTypes.StringType).add("evidence", DataTypes.StringType)
            .add("margin", DataTypes.DoubleType).add("test", DataTypes.StringType).add("p", DataTypes.DoubleType)
            .add("p_adjusted", DataTypes.DoubleType).add("seeds_per_class", DataTypes.IntegerType)
            .add("design", DataTypes.StringType);

    private static void writeTables(SparkSession spark, String dir, String sweepId, Analysis.Result r,
                                    List<Findings.Finding> findings) {
        List<Row> o = new ArrayList<>();
        for (Analysis.OrderingStats s : r.orderings()) {
            Stats.Difference c = s.vsControl();
            o.add(RowFactory.create(s.activation(), s.setting().learningRate(), s.setting().block(),
                    s.ordering().key(), s.classId(), s.members(), s.accuracy().n(),
                    n(s.accuracy().mean()), n(s.accuracy().std()), n(s.accuracy().low()), n(s.accuracy().high()),
                    s.rank(), s.mightBeBest(), n(s.bestLow()), n(s.bestHigh()), n(s.bestP()), s.outOfRace(),
                    n(s.vsBest().estimate()), n(s.vsBest().p()), s.vsBest().test(),
                    c == null ? null : n(c.estimate()), c == null ? null : n(c.low()), c == null ? null : n(c.high()),
                    c == null ? null : n(c.p()), s.pareto(), n(s.secondsPerEpoch().mean()),
                    n(s.secondsPerEpoch().low()), n(s.secondsPerEpoch().high()), n(s.inferenceSps())));
        }
        List<Row> p = new ArrayList<>();
        for (Analysis.Precedence e : r.precedence()) {
            p.add(RowFactory.create(e.activation(), e.setting().learningRate(), e.setting().block(), e.first(),
                    e.second(), e.orderingsBefore(), e.orderingsAfter(),
                    e.classesBoth(), e.seeds(), n(e.accuracy().estimate()), n(e.accuracy().low()),
                    n(e.accuracy().high()), n(e.accuracy().p()), n(e.p()), e.accuracy().test(), n(e.margin().margin()),
                    n(e.margin().pEquivalent()), n(e.pEquivalent()), n(e.margin().pBeyond()), n(e.pBeyond()),
                    String.join(" ", e.sameContrastAs()), n(e.secondsPerEpoch().estimate()),
                    n(e.secondsPerEpoch().low()), n(e.secondsPerEpoch().high())));
        }
        List<Row> f = new ArrayList<>();
        findings.forEach(x -> f.add(RowFactory.create(x.claim(), x.text(), x.verdict().key(), x.evidence(),
                n(x.margin()), x.test(), n(x.p()), n(x.pAdjusted()), x.seeds(), x.design())));
        table(spark, o, ORDERINGS, dir, "orderings", sweepId);
        table(spark, p, PRECEDENCE, dir, "precedence", sweepId);
        table(spark, f, FINDINGS, dir, "findings", sweepId);
        List<Row> in = new ArrayList<>();
        r.interactions().forEach(i -> in.add(RowFactory.create(i.factor(), i.within(), String.join(" ", i.levels()),
                i.orderings(), i.seeds(), n(i.test().f()), i.test().df1(), i.test().df2(), n(i.test().p()),
                i.significant(), i.best().toString())));
        table(spark, in, INTERACTION, dir, "interaction", sweepId);
        List<Row> lr = new ArrayList<>();
        for (RateEffects.BestRate b : r.rates()) {
            for (int i = 0; i < b.rates().size(); i++) {
                Stats.Summary a = b.accuracy().get(i);
                lr.add(RowFactory.create(b.activation(), b.block(), b.ordering(), b.rates().get(i), a.n(),
                        n(a.mean()), n(a.low()), n(a.high()), b.bestRate(), n(b.vsNext().estimate()),
                        n(b.vsNext().p())));
            }
        }
        table(spark, lr, LEARNING_RATES, dir, "learning_rates", sweepId);
        List<Row> ab = new ArrayList<>();
        r.blocks().forEach(c -> ab.add(RowFactory.create(c.activation(), c.learningRate(), c.larger(), c.smaller(),
                String.join(" ", c.removed()), c.bestLarger(), c.bestSmaller(), n(c.meanLarger()),
                n(c.meanSmaller()), c.seeds(), c.pairs(), n(c.estimate()), n(c.low()), n(c.high()))));
        table(spark, ab, ABLATIONS, dir, "ablations", sweepId);
    }

    /** One sweep's partition of a summary table; none when there is nothing to say (e.g. one learning rate). */
    private static void table(SparkSession spark, List<Row> rows, StructType schema, String dir, String name,
                              String sweepId) {
        Path partition = new Path(new Path(dir, name), "sweep_id=" + sweepId);
        if (rows.isEmpty()) {
            try {
                org.apache.hadoop.fs.FileSystem fs = partition.getFileSystem(spark.sparkContext()
                        .hadoopConfiguration());
                fs.delete(partition, true);
                // A table left without partitions is no table: readers could not infer its schema.
                if (fs.exists(partition.getParent()) && fs.listStatus(partition.getParent()).length == 0) {
                    fs.delete(partition.getParent(), true);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot remove " + partition + ": " + e.getMessage(), e);
            }
            return;
        }
        spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Overwrite).parquet(partition.toString());
    }

    private static Double n(double d) {
        return Double.isNaN(d) || Double.isInfinite(d) ? null : d;
    }

    /** The test set size the sweep's newest run recorded in its provenance, 0 when absent. */
    static int testExamples(ResultStore store, String sweepId) {
        return store.latestRunFile(sweepId, "provenance.json").map(Provenance::testExamples).orElse(0);
    }

    /** Every verified ordering's isolated speed, for the speed parts of claims 1 and 2; null without a report. */
    private static TimedOrderings timed(ResultStore store, String sweepId, List<String> activations) {
        List<TimedOrderings.Member> members = new ArrayList<>();
        try {
            for (Row r : store.verification(sweepId).collectAsList()) {
                String activation = r.getAs("activation");
                if (activations.contains(activation)) {
                    members.add(new TimedOrderings.Member(activation, r.getAs("class_id"),
                            Ordering.parse(r.getAs("ordering")), num(r, "inference_samples_per_second"),
                            num(r, "training_samples_per_second")));
                }
            }
        } catch (Exception e) {
            return null; // no verification report for this sweep
        }
        return new TimedOrderings(members);
    }
}
