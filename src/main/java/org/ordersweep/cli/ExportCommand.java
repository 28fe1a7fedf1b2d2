package org.ordersweep.cli;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.ordersweep.config.ConfigError;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.results.ResultStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Copies the result tables to CSV beside them, for readers without a Parquet library (Debian's Python has none).
 * The same rows, nothing recomputed: a notebook reads them exactly as it would read the Parquet.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write CSV copies of trials/, epochs/ and summary/ tables to output.dir/csv/.")
final class ExportCommand implements Callable<Integer> {

    static final List<String> TABLES = List.of("trials", "epochs", "verification", "summary/orderings",
            "summary/precedence", "summary/findings", "summary/interaction", "summary/learning_rates",
            "summary/ablations");

    @Mixin
    CommonOptions options;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() throws IOException {
        SweepConfig config = options.load();
        SparkSession spark = sparkOptions.start(config);
        try {
            int written = export(spark, config.output().dir());
            if (written == 0) {
                throw new ConfigError(config.output().dir() + ": no result tables to export");
            }
            System.out.println("CSV copies of " + written + " tables in " + new Path(config.output().dir(), "csv"));
            return 0;
        } finally {
            spark.stop();
        }
    }

    static int export(SparkSession spark, String dir) throws IOException {
        int written = 0;
        for (String table : TABLES) {
            Path source = new Path(dir, table);
            if (!source.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(source)) {
                continue;
            }
            // trials/ as every reader in ordersweep sees it: each trial's latest row.
            var rows = table.equals("trials") ? new ResultStore(spark, dir).trials()
                    : spark.read().parquet(source.toString());
            rows.coalesce(1).write().mode(SaveMode.Overwrite)
                    .option("header", "true").csv(new Path(new Path(dir, "csv"), table).toString());
            written++;
        }
        return written;
    }
}
