package org.ordersweep.results;

import static org.apache.spark.sql.functions.col;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.ordersweep.config.ConfigError;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the tables of a results folder are, and reading them as they are meant to be read: each trial's latest row,
 * every epoch once, a sweep's verification report.
 */
final class ResultTables {

    private final SparkSession spark;
    private final Path root;

    ResultTables(SparkSession spark, Path root) {
        this.spark = spark;
        this.root = root;
    }

    Path root() {
        return root;
    }

    Configuration hadoop() {
        return spark.sparkContext().hadoopConfiguration();
    }

    String trialsPath() {
        return new Path(root, "trials").toString();
    }

    String epochsPath() {
        return new Path(root, "epochs").toString();
    }

    String verificationPath(String sweepId) {
        return new Path(new Path(root, "verification"), "sweep_id=" + sweepId).toString();
    }

    /** Whether the folder has this table (or file) yet. */
    boolean exists(String child) {
        try {
            Path p = new Path(root, child);
            return p.getFileSystem(hadoop()).exists(p);
        } catch (IOException e) {
            throw new ConfigError("output.dir = " + root + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Every trial's latest row. A trial that failed and was tried again by a later run has both rows in the files; the
     * later one is its result. (Rows without {@code execution_mode} come from before that column existed.)
     */
    Dataset<Row> trials() {
        WindowSpec latest = Window.partitionBy("trial_id")
                .orderBy(col("finished_at").desc(), col("representative").desc());
        return spark.read().schema(ResultSchemas.TRIALS).parquet(trialsPath())
                .withColumn("_latest", functions.row_number().over(latest))
                .where(col("_latest").equalTo(1)).drop("_latest");
    }

    /**
     * Every recorded epoch once (a compaction killed midway can leave a row in two files for a moment); none when
     * no trial has finished an epoch yet (every trial of the first run failed before its first).
     */
    Dataset<Row> epochs() {
        if (!exists("epochs")) {
            return spark.createDataFrame(List.of(), ResultSchemas.EPOCHS);
        }
        return spark.read().schema(ResultSchemas.EPOCHS).parquet(epochsPath()).dropDuplicates("trial_id", "epoch");
    }

    /** This sweep's verification report (every ordering checked, with its inference speed). */
    Dataset<Row> verification(String sweepId) {
        return spark.read().schema(ResultSchemas.VERIFICATION).parquet(verificationPath(sweepId));
    }

    /** Each recorded trial's latest row (empty when there are no results yet). */
    Map<String, ResultStore.Recorded> recordedTrials() {
        if (!exists("trials")) {
            return Map.of();
        }
        Map<String, ResultStore.Recorded> out = new HashMap<>();
        for (Row r : trials().select("trial_id", "status", "representative", "attempts").collectAsList()) {
            out.put(r.getString(0), new ResultStore.Recorded(TrialStatus.parse(r.getString(1)), r.getBoolean(2),
                    r.getInt(3)));
        }
        return out;
    }

    /** How many of these trials' latest rows say failed or diverged. */
    int notOk(List<String> trialIds) {
        if (!exists("trials")) {
            return 0;
        }
        return (int) trials().where(col("trial_id").isin(trialIds.toArray()).and(col("status")
                .isin(TrialStatus.FAILED.key(), TrialStatus.DIVERGED.key()))).count();
    }
}
