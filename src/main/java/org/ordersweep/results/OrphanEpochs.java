package org.ordersweep.results;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Epoch files of trials that never got their row, removed when a sweep resumes: a driver killed between a trial's two
 * writes leaves them behind, and the rerun writes them again.
 */
final class OrphanEpochs {

    private final SparkSession spark;
    private final ResultTables tables;

    OrphanEpochs(SparkSession spark, ResultTables tables) {
        this.spark = spark;
        this.tables = tables;
    }

    /**
     * Each appended trial's epochs are one file, and a compacted file holds only recorded trials' epochs, so whole
     * files go.
     *
     * @return how many files were removed
     */
    int remove(Set<String> recordedTrialIds) {
        if (!tables.exists("epochs")) {
            return 0;
        }
        String epochsPath = tables.epochsPath();
        Map<String, Boolean> fileHasOnlyOrphans = new HashMap<>();
        Dataset<Row> files = spark.read().schema(ResultSchemas.EPOCHS).parquet(epochsPath);
        for (Row r : files.select(col("trial_id"), input_file_name()).distinct().collectAsList()) {
            boolean orphan = !recordedTrialIds.contains(r.getString(0));
            fileHasOnlyOrphans.merge(r.getString(1), orphan, Boolean::logicalAnd);
        }
        int removed = 0;
        try {
            for (Map.Entry<String, Boolean> e : fileHasOnlyOrphans.entrySet()) {
                if (e.getValue()) {
                    Path file = new Path(e.getKey());
                    if (file.getFileSystem(tables.hadoop()).delete(file, false)) {
                        removed++;
                    }
                }
            }
        } catch (IOException ex) {
            throw new IllegalStateException("cannot remove unfinished epochs under " + epochsPath + ": "
                    + ex.getMessage(), ex);
        }
        if (removed > 0) {
            spark.catalog().refreshByPath(epochsPath);
        }
        return removed;
    }
}
