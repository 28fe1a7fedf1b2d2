package org.ordersweep.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.ordersweep.config.DataFormat;
import org.ordersweep.config.SweepConfig;

import java.io.IOException;

/**
 * data.format = spark, as every JVM reads it: the Parquet table the driver wrote once from the session's DataFrame
 * ({@link SparkTable}): train/ and, when the test rows were given, test/, in the table format's columns (label,
 * features as an array of doubles), read like any table.
 */
final class SparkSource implements DatasetSource {

    @Override
    public DataLoader.TrainTest read(SweepConfig.Data data, long seed, Configuration hadoop) {
        if (data.written().isEmpty()) {
            throw new DataError(SparkTable.describe(data), "data.format = spark is read through a Spark session "
                    + "(run, or OrderSweep with a session), which writes it once under output.dir/data/");
        }
        Path test = new Path(data.written(), SparkTable.TEST);
        boolean given;
        try {
            given = test.getFileSystem(hadoop).exists(test);
        } catch (IOException e) {
            throw new DataError(data.written(), "cannot read: " + e.getMessage());
        }
        SweepConfig.Data written = new SweepConfig.Data(DataFormat.TABLE, new Path(
                data.written(), SparkTable.TRAIN).toString(), data.trainLimit(), data.testLimit(), data.height(),
                data.width(), data.channels(), data.testFraction(), SweepConfig.Table.of(given ? test.toString() : "",
                SparkTable.LABEL, SparkTable.FEATURES, ""), "");
        DataLoader.TrainTest read = new TableSource().read(written, seed, hadoop);
        return new DataLoader.TrainTest(read.train(), read.test(), SparkTable.describe(data), read.classNames());
    }
}
