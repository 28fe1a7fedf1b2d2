package org.ordersweep.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.ordersweep.config.Secrets;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.results.ResultStore;
import org.ordersweep.results.SweepLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** Rewrites a results folder's per-trial files into few, under the folder's lock; run does it after training. */
@Command(name = "compact", mixinStandardHelpOptions = true,
        description = "Rewrite trials/ and epochs/ of output.dir into one file each (run does this after training); "
                + "safe to stop at any moment.")
final class CompactCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() {
        SweepConfig config = options.load();
        SparkConf conf = sparkOptions.conf(config);
        org.apache.hadoop.conf.Configuration hadoop = SparkSetup.hadoopConfiguration(conf);
        ResultStore.checkReadable(config.output().dir(), hadoop);
        try (SweepLock lock = SweepLock.acquire(config.output().dir(), hadoop)) {
            SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
            try {
                ResultStore.Compaction c = new ResultStore(spark, config.output().dir(), lock::check).compact();
                System.out.println("Compacted " + Secrets.maskUris(config.output().dir()) + ": trials/ "
                        + c.trialFilesBefore() + " -> " + c.trialFilesAfter() + " files, epochs/ "
                        + c.epochFilesBefore() + " -> " + c.epochFilesAfter() + " files.");
                return 0;
            } finally {
                spark.stop();
            }
        }
    }
}
