package org.ordersweep.results;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.Ordering;
import org.ordersweep.plan.TrialSpec;

import java.util.Arrays;
import java.util.List;

/** The explicit Parquet schemas of trials/ and epochs/, and the conversion of result records to rows and back. */
public final class ResultSchemas {

    public static final StructType TRIALS = new StructType(new StructField[]{
            field("sweep_id", StringType, false),
            field("trial_id", StringType, false),
            field("ordering", StringType, false),
            field("activation", StringType, false),
            field("seed", IntegerType, false),
            field("rng_seed", LongType, false),
            field("class_id", StringType, false),
            field("representative", DataTypes.BooleanType, false),
            field("inherited_from", StringType, true),
            field("class_members", StringType, false),
            field("status", StringType, false),
            field("reason", StringType, true),
            field("epochs", IntegerType, false),
            field("test_accuracy", DoubleType, true),
            field("test_loss", DoubleType, true),
            field("macro_f1", DoubleType, true),
            field("train_seconds", DoubleType, true),
            field("train_seconds_per_epoch", DoubleType, true),
            field("eval_seconds", DoubleType, true),
            field("inference_samples_per_second", DoubleType, true),
            field("parameters", LongType, false),
            field("validation_accuracy", DoubleType, true),
            field("rung", IntegerType, false),
            field("stop_reason", StringType, true),
            field("attempts", IntegerType, false),
            field("failed_tasks", IntegerType, false),
            field("finished_at", DataTypes.TimestampType, false),
            // How and by what the trial was trained; null in rows written before these columns existed.
            field("execution_mode", StringType, true),
            field("workers", IntegerType, true),
            field("ordersweep_commit", StringType, true),
            field("dl4j_version", StringType, true),
            // The trial's Adam rate; null in rows written before rates could be swept (train.learning-rate then).
            field("learning_rate", DoubleType, true),
    });

    public static final StructType EPOCHS = new StructType(new StructField[]{
            field("trial_id", StringType, false),
            field("epoch", IntegerType, false),
            field("train_loss", DoubleType, true),
            field("test_accuracy", DoubleType, true),
            field("test_loss", DoubleType, true),
            field("seconds", DoubleType, false),
            // The evaluation after the epoch; null in rows written before it was recorded.
            field("eval_seconds", DoubleType, true),
    });

    /** One row per ordering checked by the equivalence verifier (representatives with empty differences). */
    public static final StructType VERIFICATION = new StructType(new StructField[]{
            field("class_id", StringType, false),
            field("activation", StringType, false),
            field("ordering", StringType, false),
            field("representative", DataTypes.BooleanType, false),
            field("representative_ordering", StringType, false),
            field("inference_diff", DoubleType, true),
            field("training_diff", DoubleType, true),
            field("gradient_diff", DoubleType, true),
            field("passed", DataTypes.BooleanType, false),
            field("problem", StringType, true),
            field("inference_samples_per_second", DoubleType, true),
            field("training_samples_per_second", DoubleType, true),
    });

    private ResultSchemas() {
    }

    private static StructField field(String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
        return DataTypes.createStructField(name, type, nullable);
    }

    public static Row toRow(TrialRow t, java.sql.Timestamp finishedAt, ResultStore.TrainedBy by) {
        return RowFactory.create(t.sweepId(), t.trialId(), t.spec().ordering().key(), t.spec().activation().key(),
                t.spec().seedIndex(), t.spec().rngSeed(), t.spec().classId(), t.representative(), t.inheritedFrom(),
                t.classMembers(), t.status().key(), t.reason(), t.epochs(),
                orNull(t.testAccuracy()), orNull(t.testLoss()), orNull(t.macroF1()), orNull(t.trainSeconds()),
                orNull(t.trainSecondsPerEpoch()), orNull(t.evalSeconds()), orNull(t.inferenceSamplesPerSecond()),
                t.parameters(), orNull(t.validationAccuracy()), t.rung(), t.stopReason(), t.attempts(), t.failedTasks(),
                finishedAt, by.executionMode(), by.workers(), by.commit(), by.dl4jVersion(), t.spec().learningRate());
    }

    /**
     * A trials/ row (read with {@link #TRIALS}) back as the {@link TrialRow} it was written from; when and by what it
     * was trained stays in the table. Columns a row predates read as null: its learning rate is then
     * {@code rateIfMissing} (rows from before rates could be swept trained at the sweep's one rate), its rung 0, its
     * attempts 1 and its failed tasks 0. A representative's spec gets the other class members as its inheritors,
     * an inherited row's none, as when they were written.
     */
    public static TrialRow trialRow(Row r, double rateIfMissing) {
        Ordering ordering = Ordering.parse(r.getAs("ordering"));
        boolean representative = r.getAs("representative");
        String members = r.getAs("class_members");
        List<Ordering> inheritors = !representative || members == null ? List.of()
                : Arrays.stream(members.split(" ")).filter(m -> !m.isBlank()).map(Ordering::parse)
                .filter(m -> !m.equals(ordering)).toList();
        double rate = num(r, "learning_rate");
        TrialSpec spec = new TrialSpec(ordering, ActivationKind.parse(r.getAs("activation")),
                Double.isNaN(rate) ? rateIfMissing : rate, r.getAs("seed"), r.getAs("rng_seed"), r.getAs("class_id"),
                inheritors);
        return new TrialRow(r.getAs("sweep_id"), r.getAs("trial_id"), spec, TrialStatus.parse(r.getAs("status")),
                r.getAs("reason"), representative, r.getAs("inherited_from"), members, whole(r, "epochs", 0),
                num(r, "test_accuracy"), num(r, "test_loss"), num(r, "macro_f1"), num(r, "train_seconds"),
                num(r, "train_seconds_per_epoch"), num(r, "eval_seconds"), num(r, "inference_samples_per_second"),
                r.isNullAt(r.fieldIndex("parameters")) ? 0 : r.<Long>getAs("parameters"),
                num(r, "validation_accuracy"), whole(r, "rung", 0), r.getAs("stop_reason"), whole(r, "attempts", 1),
                whole(r, "failed_tasks", 0));
    }

    /** A nullable double column; null (unmeasured, see {@link #orNull}) is NaN again. */
    public static double num(Row r, String field) {
        int i = r.fieldIndex(field);
        return r.isNullAt(i) ? Double.NaN : r.getDouble(i);
    }

    private static int whole(Row r, String field, int ifNull) {
        int i = r.fieldIndex(field);
        return r.isNullAt(i) ? ifNull : r.getInt(i);
    }

    public static Row toRow(EpochRow e) {
        return RowFactory.create(e.trialId(), e.epoch(), orNull(e.trainLoss()), orNull(e.testAccuracy()),
                orNull(e.testLoss()), e.seconds(), orNull(e.evalSeconds()));
    }

    public static Row toRow(VerificationRow v) {
        return RowFactory.create(v.classId(), v.activation(), v.ordering(), v.representative(),
                v.representativeOrdering(), orNull(v.inferenceDiff()), orNull(v.trainingDiff()),
                orNull(v.gradientDiff()), v.passed(), v.problem(), orNull(v.inferenceSamplesPerSecond()),
                orNull(v.trainingSamplesPerSecond()));
    }

    /** Unmeasured values are stored as null, not NaN, so SQL aggregates skip them. */
    private static Double orNull(double d) {
        return Double.isNaN(d) || Double.isInfinite(d) ? null : d;
    }
}
