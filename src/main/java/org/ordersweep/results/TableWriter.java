package org.ordersweep.results;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.sql.Timestamp;
import java.util.List;

/**
 * Writes rows into the results folder's tables, one Spark write per table, after asking {@code beforeWrite} (a run
 * that lost its lock throws there, so nothing is written).
 */
final class TableWriter {

    private final SparkSession spark;
    private final ResultTables tables;
    private final Runnable beforeWrite;

    TableWriter(SparkSession spark, ResultTables tables, Runnable beforeWrite) {
        this.spark = spark;
        this.tables = tables;
        this.beforeWrite = beforeWrite;
    }

    /**
     * Appends trials, one Spark write per table for all of them: their epochs first, then their rows together with
     * the rows of the orderings that inherit them, so a visible trial row always has its learning curve and its class
     * is complete.
     */
    synchronized void appendAll(List<TrialOutcome> outcomes, ResultStore.TrainedBy by) {
        Timestamp now = new Timestamp(System.currentTimeMillis());
        List<Row> epochs = outcomes.stream().flatMap(o -> o.epochs().stream()).map(ResultSchemas::toRow).toList();
        if (!epochs.isEmpty()) {
            write(epochs, ResultSchemas.EPOCHS, tables.epochsPath());
        }
        List<Row> trials = outcomes.stream().flatMap(o -> o.rows().stream()).map(r -> ResultSchemas.toRow(r, now, by))
                .toList();
        if (!trials.isEmpty()) {
            write(trials, ResultSchemas.TRIALS, tables.trialsPath());
        }
    }

    private void write(List<Row> rows, StructType schema, String path) {
        beforeWrite.run();
        spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Append).parquet(path);
    }

    /** Replaces this sweep's verification report (a rerun recomputes the same rows). */
    void writeVerification(String sweepId, List<VerificationRow> checks) {
        beforeWrite.run();
        spark.createDataFrame(checks.stream().map(ResultSchemas::toRow).toList(), ResultSchemas.VERIFICATION)
                .coalesce(1).write().mode(SaveMode.Overwrite).parquet(tables.verificationPath(sweepId));
    }
}
