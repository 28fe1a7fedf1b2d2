package org.ordersweep.results;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.ordersweep.config.ConfigError;
import org.ordersweep.train.TrialOutcome;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * The results folder: {@code trials/} and {@code epochs/} as Parquet, and each sweep's configuration and provenance
 * under {@code runs/<sweep_id>/}. A trial becomes visible when its row is committed to trials/, after its epochs.
 */
public final class ResultStore {

    private final SparkSession spark;
    private final Path root;

    public ResultStore(SparkSession spark, String dir) {
        this.spark = spark;
        this.root = new Path(dir);
    }

    public String trialsPath() {
        return new Path(root, "trials").toString();
    }

    public String epochsPath() {
        return new Path(root, "epochs").toString();
    }

    /**
     * Refuses an output location that cannot hold results: an existing file, or a folder that cannot be created or
     * written. Runs before any training; touches nothing that exists.
     */
    public static void checkWritable(String dir, Configuration hadoop) {
        Path p = new Path(dir);
        try {
            FileSystem fs = p.getFileSystem(hadoop);
            if (fs.exists(p) && !fs.getFileStatus(p).isDirectory()) {
                throw new ConfigError("output.dir = " + dir + ": is a file; it must be a folder (or not exist yet)");
            }
            if (!fs.exists(p) && !fs.mkdirs(p)) {
                throw new ConfigError("output.dir = " + dir + ": cannot create the folder");
            }
            Path probe = new Path(p, "._ordersweep_write_probe");
            try (FSDataOutputStream out = fs.create(probe, true)) {
                out.write(1);
            }
            fs.delete(probe, false);
        } catch (IOException e) {
            throw new ConfigError("output.dir = " + dir + ": not writable (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Appends one trial: its epochs first, then its row together with the rows of the orderings that inherit it, so a
     * visible trial row always has its learning curve and its class is complete.
     */
    public synchronized void append(TrialOutcome outcome) {
        Timestamp now = new Timestamp(System.currentTimeMillis());
        if (!outcome.epochs().isEmpty()) {
            write(outcome.epochs().stream().map(ResultSchemas::toRow).toList(), ResultSchemas.EPOCHS, epochsPath());
        }
        write(outcome.rows().stream().map(r -> ResultSchemas.toRow(r, now)).toList(), ResultSchemas.TRIALS,
                trialsPath());
    }

    private void write(List<Row> rows, org.apache.spark.sql.types.StructType schema, String path) {
        spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Append).parquet(path);
    }

    public String verificationPath(String sweepId) {
        return new Path(new Path(root, "verification"), "sweep_id=" + sweepId).toString();
    }

    /** Replaces this sweep's verification report (a rerun recomputes the same rows). */
    public void writeVerification(String sweepId, List<org.ordersweep.model.EquivalenceVerifier.Check> checks) {
        spark.createDataFrame(checks.stream().map(ResultSchemas::toRow).toList(), ResultSchemas.VERIFICATION)
                .coalesce(1).write().mode(SaveMode.Overwrite).parquet(verificationPath(sweepId));
    }

    /** Trial ids already recorded under this folder (empty when there are no results yet). */
    public Set<String> recordedTrialIds() {
        if (!exists("trials")) {
            return Set.of();
        }
        Set<String> ids = new HashSet<>();
        for (Row r : trials().select("trial_id").collectAsList()) {
            ids.add(r.getString(0));
        }
        return ids;
    }

    /**
     * Deletes epoch files of trials that never got their row: a driver killed between a trial's two writes leaves
     * them behind, and the rerun writes them again. Each trial's epochs are one file, so whole files go.
     *
     * @return how many files were removed
     */
    public int removeOrphanEpochs(Set<String> recordedTrialIds) {
        if (!exists("epochs")) {
            return 0;
        }
        Map<String, Boolean> fileHasOnlyOrphans = new HashMap<>();
        for (Row r : epochs().select(col("trial_id"), input_file_name()).distinct().collectAsList()) {
            boolean orphan = !recordedTrialIds.contains(r.getString(0));
            fileHasOnlyOrphans.merge(r.getString(1), orphan, Boolean::logicalAnd);
        }
        int removed = 0;
        try {
            for (Map.Entry<String, Boolean> e : fileHasOnlyOrphans.entrySet()) {
                if (e.getValue()) {
                    Path file = new Path(e.getKey());
                    if (file.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(file, false)) {
                        removed++;
                    }
                }
            }
        } catch (IOException ex) {
            throw new IllegalStateException("cannot remove unfinished epochs under " + epochsPath() + ": "
                    + ex.getMessage(), ex);
        }
        if (removed > 0) {
            spark.catalog().refreshByPath(epochsPath());
        }
        return removed;
    }

    public Dataset<Row> trials() {
        return spark.read().schema(ResultSchemas.TRIALS).parquet(trialsPath());
    }

    public Dataset<Row> epochs() {
        return spark.read().schema(ResultSchemas.EPOCHS).parquet(epochsPath());
    }

    private boolean exists(String child) {
        try {
            Path p = new Path(root, child);
            return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
        } catch (IOException e) {
            throw new ConfigError("output.dir = " + root + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Writes runs/<sweep_id>/<name>, replacing an earlier copy of the same sweep's file. */
    public void writeRunFile(String sweepId, String name, String text) {
        Path p = new Path(new Path(new Path(root, "runs"), sweepId), name);
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            try (FSDataOutputStream out = fs.create(p, true)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + p + ": " + e.getMessage(), e);
        }
    }
}
