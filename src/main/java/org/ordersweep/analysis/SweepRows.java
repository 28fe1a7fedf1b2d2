package org.ordersweep.analysis;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ordersweep.config.ConfigError;
import org.ordersweep.domain.Ordering;
import org.ordersweep.plan.Setting;
import org.ordersweep.results.ResultSchemas;
import org.ordersweep.results.ResultStore;
import org.ordersweep.results.TrialRow;
import org.ordersweep.results.TrialStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One sweep's rows in a results folder as the analysis reads them: its compared trials, its representatives'
 * learning curves and its verified orderings' isolated speeds.
 */
final class SweepRows {

    private final ResultStore store;
    private final String sweepId;
    /** The sweep's trials but those stopped by successive halving: measured at smaller budgets, not compared. */
    private final Dataset<Row> compared;

    private SweepRows(ResultStore store, String sweepId, Dataset<Row> compared) {
        this.store = store;
        this.sweepId = sweepId;
        this.compared = compared;
    }

    /**
     * @param sweepId the sweep to read; null = the one whose trial finished last
     * @throws ConfigError when the folder holds no trials
     */
    static SweepRows of(ResultStore store, String dir, String sweepId) {
        Dataset<Row> all;
        try {
            all = store.trials();
            all.first();
        } catch (Exception e) {
            throw new ConfigError(dir + ": no results to analyse (no trials/ Parquet there)");
        }
        String id = sweepId != null ? sweepId
                : all.orderBy(col("finished_at").desc()).select("sweep_id").first().getString(0);
        return new SweepRows(store, id, all.where(col("sweep_id").equalTo(id)
                .and(col("status").notEqual(TrialStatus.STOPPED.key()))));
    }

    String sweepId() {
        return sweepId;
    }

    /** @param sweepRate the rate of rows written before rates could be swept (they have none of their own) */
    List<TrialRow> trials(double sweepRate) {
        List<TrialRow> out = new ArrayList<>();
        for (Row r : compared.collectAsList()) {
            out.add(ResultSchemas.trialRow(r, sweepRate));
        }
        return out;
    }

    /** The representatives' test accuracy per epoch, labelled as the analysis labels their setting. */
    List<ReportWriter.Curve> curves(List<TrialRow> trials, Analysis.Result result) {
        Map<Setting, String> labels = new HashMap<>();
        result.orderings().forEach(o -> labels.put(o.setting(), o.label()));
        Map<String, String> labelOfTrial = new HashMap<>();
        trials.stream().filter(TrialRow::representative)
                .forEach(t -> labelOfTrial.put(t.trialId(), labels.get(t.setting())));
        Dataset<Row> epochs = store.epochs().join(compared.where(col("representative"))
                .select("trial_id", "ordering"), "trial_id");
        List<Object[]> rows = new ArrayList<>();
        for (Row r : epochs.select("trial_id", "ordering", "epoch", "test_accuracy").collectAsList()) {
            String label = labelOfTrial.get(r.getString(0));
            if (!r.isNullAt(3) && label != null) {
                rows.add(new Object[]{label, r.getString(1), r.getInt(2), r.getDouble(3)});
            }
        }
        return ReportWriter.curves(rows);
    }

    /** Every verified ordering's isolated speed, for the speed parts of claims 1 and 2; null without a report. */
    TimedOrderings timed(List<String> activations) {
        List<TimedOrderings.Member> members = new ArrayList<>();
        try {
            for (Row r : store.verification(sweepId).collectAsList()) {
                String activation = r.getAs("activation");
                if (activations.contains(activation)) {
                    members.add(new TimedOrderings.Member(activation, r.getAs("class_id"),
                            Ordering.parse(r.getAs("ordering")), ResultSchemas.num(r, "inference_samples_per_second"),
                            ResultSchemas.num(r, "training_samples_per_second")));
                }
            }
        } catch (Exception e) {
            return null; // no verification report for this sweep
        }
        return new TimedOrderings(members);
    }
}
