package org.ordersweep.cli;

import org.apache.spark.SparkConf;
import org.ordersweep.config.ConfigError;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.results.NioLocalFileSystem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The Spark configuration every ordersweep session uses. */
public final class SparkSetup {

    private SparkSetup() {
    }

    /** Spark settings DL4J needs; the master comes from --master, spark.master, or spark-submit, never from code. */
    public static SparkConf sparkConf(SweepConfig config, String masterOption) {
        SparkConf conf = new SparkConf(true)
                .setAppName("ordersweep " + config.sweep().name())
                .set("spark.scheduler.mode", "FAIR")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator")
                .set("spark.locality.wait", "0")
                .set("spark.ui.showConsoleProgress", "false");
        config.spark().conf().forEach(conf::set);
        conf.setIfMissing("spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName());
        if (!conf.contains("spark.scheduler.allocation.file")) {
            conf.set("spark.scheduler.allocation.file", fairSchedulerFile());
        }
        if (masterOption != null && !masterOption.isBlank()) {
            conf.setMaster(masterOption);
        } else if (!config.spark().master().isEmpty()) {
            conf.setMaster(config.spark().master());
        }
        if (!conf.contains("spark.master")) {
            throw new ConfigError("spark.master: no Spark master set; pass --master (e.g. local[*]), set spark.master,"
                    + " or launch with spark-submit");
        }
        return conf;
    }

    /**
     * The Hadoop configuration the session will use, before the session exists: Hadoop's defaults plus every
     * {@code spark.hadoop.*} property (from spark.conf, spark-defaults.conf or --conf), as Spark builds its own.
     * The driver's own file access (data, the writability probe, the lock) goes through it, so S3A credentials and
     * endpoints or HDFS HA settings given to Spark reach it too.
     */
    public static org.apache.hadoop.conf.Configuration hadoopConfiguration(SparkConf conf) {
        org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
        for (scala.Tuple2<String, String> kv : conf.getAllWithPrefix("spark.hadoop.")) {
            hadoop.set(kv._1(), kv._2(), "spark.hadoop." + kv._1());
        }
        return hadoop;
    }

    /** The same for commands that start no Spark session: spark-defaults (system properties) and spark.conf. */
    public static org.apache.hadoop.conf.Configuration hadoopConfiguration(SweepConfig config) {
        SparkConf conf = new SparkConf(true);
        config.spark().conf().forEach(conf::set);
        return hadoopConfiguration(conf);
    }

    /**
     * The pools of fairscheduler.xml as a file. Spark looks for that resource with its own class loader, which under
     * spark-submit cannot see the application jar, so the pool "trials" would silently lose its settings.
     */
    private static String fairSchedulerFile() {
        try (InputStream in = SparkSetup.class.getResourceAsStream("/fairscheduler.xml")) {
            Path file = Files.createTempFile("ordersweep-fairscheduler", ".xml");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file.toUri().toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the FAIR scheduler pools to a temporary file", e);
        }
    }
}
