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
            field("finished_at", DataTypes.TimestampType, false),
    });

    public static final StructType EPOCHS = new StructType(new StructField[]{
            field("trial_id", StringType, false),
            field("epoch", IntegerType, false),
            field("train_loss", DoubleType, true),
            field("test_accuracy", DoubleType, true),
            field("test_loss", DoubleType, true),
            field("seconds", DoubleType, false),
    });

    private ResultSchemas() {
    }

    private static StructField field(String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
        return DataTypes.createStructField(name, type, nullable);
    }

    public static Row toRow(TrialRow t, java.sql.Timestamp finishedAt) {
        return RowFactory.create(t.sweepId(), t.trialId(), t.spec().ordering().key(), t.spec().activation().key(),
                t.spec().seedIndex(), t.spec().rngSeed(), t.spec().classId(), t.representative(), t.inheritedFrom(),
                t.classMembers(), t.status().key(), t.reason(), t.epochs(),
                orNull(t.testAccuracy()), orNull(t.testLoss()), orNull(t.macroF1()), orNull(t.trainSeconds()),
                orNull(t.trainSecondsPerEpoch()), orNull(t.evalSeconds()), orNull(t.inferenceSamplesPerSecond()),
                t.parameters(), finishedAt);
    }

    public static Row toRow(EpochRow e) {
        return RowFactory.create(e.trialId(), e.epoch(), orNull(e.trainLoss()), orNull(e.testAccuracy()),
                orNull(e.testLoss()), e.seconds());
    }

    /** Unmeasured values are stored as null, not NaN, so SQL aggregates skip them. */
    private static Double orNull(double d) {
        return Double.isNaN(d) || Double.isInfinite(d) ? null : d;
    }
}
