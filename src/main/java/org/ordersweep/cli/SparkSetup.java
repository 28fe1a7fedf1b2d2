package org.ordersweep.cli;

import org.apache.spark.SparkConf;
import org.ordersweep.config.ConfigError;
import org.ordersweep.config.SweepConfig;

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
}
