package org.ordersweep.analysis;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.ordersweep.config.ConfigError;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.plan.SeedRace;
import org.ordersweep.results.RecordedRun;
import org.ordersweep.results.ResultStore;
import org.ordersweep.results.TrialRow;
import org.ordersweep.stats.Stats;

import java.util.List;
import java.util.Locale;

/**
 * Driver side of {@code analyze}: reads one sweep's rows ({@link SweepRows}) and what it was run with
 * ({@link RecordedRun}) from any Hadoop filesystem, runs the analysis, and writes summary/ Parquet tables
 * ({@link SummaryTables}) and report/<sweep_id>.html ({@link ReportFile}) beside them.
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
        ResultStore store = new ResultStore(spark, dir);
        SweepRows rows = SweepRows.of(store, dir, sweepId);
        String id = rows.sweepId();
        RecordedRun run = RecordedRun.read(store, id, current);
        List<TrialRow> trials = rows.trials(run.learningRate());
        if (trials.isEmpty()) {
            throw new ConfigError(dir + ": sweep " + id + " has no trials");
        }
        double meanAccuracy = trials.stream().filter(t -> t.representative() && t.ok())
                .mapToDouble(TrialRow::testAccuracy).average().orElse(Double.NaN);
        Margin margin = Margin.of(current.analysisMargin(), run.testExamples(), meanAccuracy);
        SweepConfig.Racing racing = run.racing();
        String control = current.analysisControl();
        Analysis.Options options = new Analysis.Options(margin.value(), margin.why(),
                control.isBlank() ? null : control, racing == null ? null : SeedRace.of(racing), design(run),
                current.analysisComparison());
        Analysis.Result result = Analysis.of(trials, options);
        List<String> activations = trials.stream().map(t -> t.spec().activation().key()).distinct().sorted()
                .toList();
        List<Findings.Finding> findings = Findings.of(result, activations, run.dropout(), rows.timed(activations));

        long trained = trials.stream().filter(TrialRow::representative).count();
        String html = ReportWriter.html(new ReportWriter.Context(current.sweep().name(), id, dir, run.network(), trials.size(),
                (int) trained), result, findings, rows.curves(trials, result));
        Path report = ReportFile.write(spark, dir, id, html);
        String summary = new Path(dir, "summary").toString();
        SummaryTables.write(spark, summary, id, result, findings);
        return new Output(id, report.toString(), summary, findings);
    }

    /** How the sweep chose which classes to compare at how many seeds, for the findings table. */
    private static String design(RecordedRun run) {
        SweepConfig.Racing racing = run.racing();
        return racing != null ? String.format(Locale.ROOT, "seed race: %d to %d seeds per class, "
                + "alpha %.2f split over %d rounds, each decided %s", racing.minSeeds(), racing.maxSeeds(),
                Stats.ALPHA, racing.maxSeeds() - racing.minSeeds() + 1, racing.rule().described())
                : run.halving() ? "successive halving: only the classes that reached the full budget are compared"
                : "every class at every seed";
    }
}
