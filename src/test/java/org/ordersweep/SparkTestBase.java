package org.ordersweep;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.ordersweep.cli.SparkSetup;
import org.ordersweep.config.ConfigLoader;

import java.util.List;

/** The one Spark test base: a local[2] session per test class, named after it, with the settings ordersweep uses. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SparkTestBase {

    protected SparkSession spark;

    /** The session's settings: ordersweep's own, as the command line starts it. */
    protected org.apache.spark.SparkConf sessionConf() {
        return SparkSetup.sparkConf(ConfigLoader.load(null, List.of()), "local[2]");
    }

    @BeforeAll
    void startSpark() {
        spark = SparkSession.builder()
                .config(sessionConf())
                .appName(getClass().getSimpleName())
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    @AfterAll
    void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }
}
