package org.ordersweep.results;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Rewrites trials/ and epochs/, one small file per appended trial, into one file each: every trial's latest row, and
 * the epochs of recorded trials. No row is ever lost or visible twice, even if the process is killed midway: the new
 * file is written beside the table, moved in, and only then are the old files deleted; in between, every reader
 * ({@link ResultTables#trials()}, {@link ResultTables#epochs()}) sees each row once, and the next compaction finishes
 * the job. Resume is unaffected: trial ids and rows are the same.
 */
final class Compactor {

    private final SparkSession spark;
    private final ResultTables tables;
    private final Runnable beforeWrite;

    Compactor(SparkSession spark, ResultTables tables, Runnable beforeWrite) {
        this.spark = spark;
        this.tables = tables;
        this.beforeWrite = beforeWrite;
    }

    /** @param afterMove runs once the new files are in place and before the old ones go (tests stop there) */
    ResultStore.Compaction compact(Runnable afterMove) {
        beforeWrite.run();
        if (!tables.exists("trials")) {
            return new ResultStore.Compaction(0, 0, 0, 0);
        }
        Path root = tables.root();
        Path trialsPath = new Path(tables.trialsPath());
        Path epochsPath = new Path(tables.epochsPath());
        try {
            FileSystem fs = root.getFileSystem(tables.hadoop());
            Path staging = new Path(root, "_compacting");
            fs.delete(staging, true); // left by a compaction that was killed: its files never reached a table
            Dataset<Row> trials = tables.trials();
            Dataset<Row> epochs = tables.exists("epochs") ? tables.epochs().join(trials.select("trial_id"), "trial_id")
                    .select(Arrays.stream(ResultSchemas.EPOCHS.fieldNames()).map(functions::col)
                            .toArray(Column[]::new))
                    : null;
            List<Path> oldTrials = parts(fs, trialsPath);
            List<Path> oldEpochs = epochs == null ? List.of() : parts(fs, epochsPath);
            if (oldTrials.size() <= 1 && oldEpochs.size() <= 1) {
                return new ResultStore.Compaction(oldTrials.size(), oldTrials.size(), oldEpochs.size(),
                        oldEpochs.size());
            }
            String stamp = UUID.randomUUID().toString().substring(0, 8);
            // Both tables' new files are written before either table changes.
            trials.coalesce(1).write().parquet(new Path(staging, "trials").toString());
            if (epochs != null) {
                epochs.coalesce(1).write().parquet(new Path(staging, "epochs").toString());
            }
            moveIn(fs, new Path(staging, "trials"), trialsPath, stamp);
            if (epochs != null) {
                moveIn(fs, new Path(staging, "epochs"), epochsPath, stamp);
            }
            afterMove.run();
            for (Path p : oldTrials) {
                fs.delete(p, false);
            }
            for (Path p : oldEpochs) {
                fs.delete(p, false);
            }
            fs.delete(staging, true);
            spark.catalog().refreshByPath(trialsPath.toString());
            spark.catalog().refreshByPath(epochsPath.toString());
            return new ResultStore.Compaction(oldTrials.size(), parts(fs, trialsPath).size(), oldEpochs.size(),
                    epochs == null ? 0 : parts(fs, epochsPath).size());
        } catch (IOException e) {
            throw new IllegalStateException("cannot compact " + root + ": " + e.getMessage(), e);
        }
    }

    /** A table's Parquet files (not its markers or checksums). */
    private static List<Path> parts(FileSystem fs, Path table) throws IOException {
        List<Path> out = new ArrayList<>();
        for (FileStatus st : fs.listStatus(table)) {
            if (st.isFile() && st.getPath().getName().endsWith(".parquet")) {
                out.add(st.getPath());
            }
        }
        return out;
    }

    private void moveIn(FileSystem fs, Path from, Path table, String stamp) throws IOException {
        for (Path p : parts(fs, from)) {
            beforeWrite.run();
            Path to = new Path(table, "part-compacted-" + stamp + "-" + p.getName().replaceFirst("^part-", ""));
            if (!fs.rename(p, to)) {
                throw new IOException("cannot move " + p + " to " + to);
            }
        }
    }
}
