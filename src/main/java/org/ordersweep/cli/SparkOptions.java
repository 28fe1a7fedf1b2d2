package org.ordersweep.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.ordersweep.config.SweepConfig;
import picocli.CommandLine.Option;

/** The --master option of every command that starts Spark, and the session it starts. */
public final class SparkOptions {

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (overrides spark.master); spark-submit sets it on clusters.")
    String master;

    /** The configuration, checked (a master must come from somewhere) before anything runs. */
    SparkConf conf(SweepConfig config) {
        return SparkSetup.sparkConf(config, master);
    }

    SparkSession start(SweepConfig config) {
        return SparkSession.builder().config(conf(config)).getOrCreate();
    }
}
