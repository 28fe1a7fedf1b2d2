package org.ordersweep.analysis;

import org.ordersweep.plan.SeedRace;
import org.ordersweep.stats.Stats;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ordersweep.config.ConfigError;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.domain.Ordering;
import org.ordersweep.results.RecordedRun;
import org.ordersweep.results.ResultStore;
import org.ordersweep.results.TrialStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/**
 * Driver side of {@code analyze}: reads one sweep's trials/ and epochs/ from any Hadoop filesystem, runs the
 * analysis, and writes summary/ Parquet tables ({@link SummaryTables}) and report/<sweep_id>.html
 * ({@link ReportFile}) beside them.
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
        RecordedRun run = RecordedRun.read(store, id, current);
        // Rows from before rates could be swept trained at the sweep's one rate.
        double sweepRate = run.learningRate();
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
        double rate = run.dropout();
        double meanAccuracy = records.stream().filter(t -> t.representative() && t.ok())
                .mapToDouble(TrialRecord::accuracy).average().orElse(Double.NaN);
        Margin margin = Margin.of(current.analysisMargin(), run.testExamples(), meanAccuracy);
        SweepConfig.Racing racing = run.racing();
        boolean halving = run.halving();
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
        Path report = ReportFile.write(spark, dir, id, html);
        String summary = new Path(dir, "summary").toString();
        SummaryTables.write(spark, summary, id, result, findings);
        return new Output(id, report.toString(), summary, findings);
    }

    private static double num(Row r, String field) {
        int i = r.fieldIndex(field);
        return r.isNullAt(i) ? Double.NaN : r.getDouble(i);
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
