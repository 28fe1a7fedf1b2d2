package org.ordersweep.results;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

/** The explicit Parquet schemas of trials/ and epochs/, and the conversion of result records to rows. */
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

    public static Row toRow(EpochRow e) {
        return RowFactory.create(e.trialId(), e.epoch(), orNull(e.trainLoss()), orNull(e.testAccuracy()),
                orNull(e.testLoss()), e.seconds());
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
