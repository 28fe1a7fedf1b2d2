package org.ordersweep.analysis;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** report/<sweep_id>.html beside the results, on whatever Hadoop filesystem holds them. */
final class ReportFile {

    private ReportFile() {
    }

    /** Writes (or replaces) the sweep's report and returns where it went. */
    static Path write(SparkSession spark, String dir, String sweepId, String html) {
        Path path = new Path(new Path(dir, "report"), sweepId + ".html");
        try (FSDataOutputStream out = path.getFileSystem(spark.sparkContext().hadoopConfiguration())
                .create(path, true)) {
            out.write(html.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + path + ": " + e.getMessage(), e);
        }
        return path;
    }
}
