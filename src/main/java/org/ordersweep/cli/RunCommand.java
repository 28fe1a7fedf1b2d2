package org.ordersweep.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.ordersweep.config.ConfigError;
import org.ordersweep.config.Secrets;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.results.Ranking;
import org.ordersweep.results.ResultStore;
import org.ordersweep.results.SweepLock;
import org.ordersweep.train.SweepIdentity;
import org.ordersweep.train.SweepRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

import static org.apache.spark.sql.functions.col;

/** Trains the sweep on Spark and prints the ranking of orderings. */
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
        // Cheap checks before Spark starts: bad data or output locations cost nothing and touch nothing.
        org.apache.hadoop.conf.Configuration hadoop = SparkSetup.hadoopConfiguration(conf);
        ResultStore.checkReadable(config.output().dir(), hadoop);
        ResultStore.checkWritable(config.output().dir(), hadoop);
        DataLoader.TrainTest data = DataLoader.load(config, hadoop);
        try (SweepLock lock = SweepLock.acquire(config.output().dir(), hadoop)) {
            return run(config, conf, data, lock);
        }
    }

    private Integer run(SweepConfig config, SparkConf conf, DataLoader.TrainTest data, SweepLock lock) {
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            SweepIdentity id = SweepIdentity.of(config, data, fresh ? java.time.Instant.now().toString() : "");
            SweepRunner.Summary summary = SweepRunner.run(spark, config, data, id,
                    keepFailed ? SweepRunner.Failed.KEEP : SweepRunner.Failed.RETRY, lock::check);
            ResultStore store = new ResultStore(spark, config.output().dir());
            var trials = store.trials().where(col("trial_id").isin(summary.plannedTrialIds().toArray()));
            System.out.println();
            System.out.println("Sweep " + summary.sweepId() + ": trained " + summary.trainedNow()
                    + ", already recorded " + summary.skipped() + ". Results: "
                    + Secrets.maskUris(store.trialsPath()));
            System.out.print(Ranking.format(Ranking.of(trials)));
            System.out.println("'equiv': planned orderings proved to compute the same function as the trained one; "
                    + "they inherit its result. Deduplication trained " + summary.plan().trials().size() + " of "
                    + summary.plan().plannedCombinations() + " combinations.");
            if (summary.trainedNow() > 0) {
                ResultStore.Compaction c = new ResultStore(spark, config.output().dir(), lock::check).compact();
                org.slf4j.LoggerFactory.getLogger(RunCommand.class).info("Compacted trials/ from {} files to {} and "
                        + "epochs/ from {} to {}.", c.trialFilesBefore(), c.trialFilesAfter(), c.epochFilesBefore(),
                        c.epochFilesAfter());
            }
            lock.check();
            AnalyzeCommand.print(org.ordersweep.analysis.AnalysisRunner.run(spark, config.output().dir(),
                    summary.sweepId(), config));
            if (summary.notOk() > 0) {
                System.out.println(summary.notOk() + " planned trial(s) ended failed or diverged (see their reason "
                        + "in trials/); a resumed run trains the failed ones again.");
                return Main.TRIALS_NOT_OK;
            }
            return 0;
        } finally {
            spark.stop();
        }
    }
}
