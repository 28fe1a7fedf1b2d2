package org.ordersweep.results;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ordersweep.domain.Ordering;
import org.ordersweep.plan.Setting;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The console's closing table: orderings ranked by mean test accuracy over their seeds. */
public final class Ranking {

    /** One class: its trained representative and how many planned orderings share its result. */
    public record Entry(String ordering, String activation, double learningRate, int classSize, long ok, long notOk,
                        double meanAccuracy,
                        double stdAccuracy, double secondsPerEpoch) {
    }

    private Ranking() {
    }

    /** Aggregates the trained trials (one sweep's) per class representative, activation and rate, best first. */
    public static List<Entry> of(Dataset<Row> trials) {
        List<Entry> out = new ArrayList<>();
        Dataset<Row> agg = trials.where(col("representative")).groupBy("ordering", "activation", "learning_rate").agg(
                sum(when(col("status").equalTo(TrialStatus.OK.key()), 1).otherwise(0)).as("ok"),
                count("*").as("n"),
                avg("test_accuracy").as("mean"),
                stddev_samp("test_accuracy").as("std"),
                avg("train_seconds_per_epoch").as("spe"),
                first("class_members").as("members"))
                .orderBy(col("mean").desc_nulls_last(), col("ordering"), col("activation"), col("learning_rate"));
        for (Row r : agg.collectAsList()) {
            long ok = r.getLong(3);
            out.add(new Entry(r.getString(0), r.getString(1), num(r, 2), r.getString(8).split(" ").length, ok,
                    r.getLong(4) - ok, num(r, 5), num(r, 6), num(r, 7)));
        }
        return out;
    }

    private static double num(Row r, int i) {
        return r.isNullAt(i) ? Double.NaN : r.getDouble(i);
    }

    public static String format(List<Entry> entries) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%4s  %-26s %-6s %-10s %-7s %4s %6s %9s %8s %8s%n", "rank", "ordering (trained)", "equiv",
                "activation", "lr", "ok", "not ok", "accuracy", "std", "s/epoch"));
        int rank = 0;
        for (Entry e : entries) {
            sb.append(String.format(Locale.ROOT, "%4d  %-26s %-6s %-10s %-7s %4d %6d %9s %8s %8s%n", ++rank,
                    Ordering.parse(e.ordering()).name(), e.classSize() > 1 ? "+" + (e.classSize() - 1) : "", e.activation(),
                    Setting.rate(e.learningRate()), e.ok(), e.notOk(), fmt(e.meanAccuracy(), 4),
                    fmt(e.stdAccuracy(), 4), fmt(e.secondsPerEpoch(), 2)));
        }
        return sb.toString();
    }

    private static String fmt(double d, int decimals) {
        return Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", d);
    }
}
