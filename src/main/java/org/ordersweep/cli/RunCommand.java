package org.ordersweep.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.ordersweep.OrderSweep;
import org.ordersweep.config.ConfigError;
import org.ordersweep.config.DataFormat;
import org.ordersweep.config.Secrets;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.results.Ranking;
import org.ordersweep.train.SweepRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** Trains the sweep on Spark and prints the ranking of orderings: {@link OrderSweep#run} in a session of its own. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Train every planned trial not yet recorded in output.dir, then rank orderings.")
final class RunCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Mixin
    SparkOptions sparkOptions;

    @Option(names = "--fresh", description = "Start a new sweep (new sweep and trial ids) instead of resuming the one "
            + "this configuration and data already have in output.dir (--resume, the default).")
    boolean fresh;

    @Option(names = "--resume", description = "Resume: train only the trials not yet recorded (the default).")
    boolean resume;

    @Option(names = "--keep-failed", description = "Leave trials an earlier run recorded as failed as they are "
            + "(by default a resumed run trains them again; their attempts add up).")
    boolean keepFailed;

    @Override
    public Integer call() {
        if (fresh && resume) {
            throw new ConfigError("--fresh and --resume: choose one (--resume is the default)");
        }
        SweepConfig config = options.load();
        SparkConf conf = sparkOptions.conf(config);
        OrderSweep.RunOptions runOptions = new OrderSweep.RunOptions(fresh, keepFailed);
        if (config.data().format() == DataFormat.SPARK) {
            // The session reads the data: it starts first, and the checks run in it before anything is written.
            SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
            try (OrderSweep.Prepared prepared = OrderSweep.prepare(spark, config)) {
                return print(OrderSweep.run(spark, prepared, runOptions));
            } finally {
                spark.stop();
            }
        }
        // Cheap checks and the lock before Spark starts: bad data or output locations cost nothing and touch nothing.
        try (OrderSweep.Prepared prepared = OrderSweep.prepare(config, SparkSetup.hadoopConfiguration(conf))) {
            SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
            try {
                return print(OrderSweep.run(spark, prepared, runOptions));
            } finally {
                spark.stop();
            }
        }
    }

    private static Integer print(OrderSweep.Run run) {
        SweepRunner.Summary summary = run.summary();
        System.out.println();
        System.out.println("Sweep " + summary.sweepId() + ": trained " + summary.trainedNow()
                + ", already recorded " + summary.skipped() + ". Results: " + Secrets.maskUris(run.trialsPath()));
        System.out.print(Ranking.format(run.ranking()));
        System.out.println("'equiv': planned orderings proved to compute the same function as the trained one; "
                + "they inherit its result. Deduplication trained " + summary.plan().trials().size() + " of "
                + summary.plan().plannedCombinations() + " combinations.");
        AnalyzeCommand.print(run.analysis());
        if (!run.allOk()) {
            System.out.println(summary.notOk() + " planned trial(s) ended failed or diverged (see their reason "
                    + "in trials/); a resumed run trains the failed ones again.");
            return Main.TRIALS_NOT_OK;
        }
        return 0;
    }
}
