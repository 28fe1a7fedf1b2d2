package org.ordersweep;

import static org.apache.spark.sql.functions.col;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ordersweep.analysis.AnalysisRunner;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.DataFormat;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.data.SparkTable;
import org.ordersweep.model.LayerShapes;
import org.ordersweep.plan.SweepPlan;
import org.ordersweep.results.Ranking;
import org.ordersweep.results.ResultStore;
import org.ordersweep.results.SweepLock;
import org.ordersweep.train.SweepIdentity;
import org.ordersweep.train.SweepRunner;

import java.io.File;
import java.util.List;

/**
 * ordersweep from a program or a notebook whose SparkSession already exists (a Zeppelin {@code %spark} paragraph,
 * {@code spark-shell} on a gateway, a Java application): plan, run and analyze with the same validation, lock,
 * resume and results as the command line, which is a thin shell over this class. Errors are exceptions carrying the
 * command line's one-line messages: {@link org.ordersweep.config.ConfigError} for bad configuration, data or results
 * folders (exit 2 there), {@link SweepLock.Held} when another run holds the folder (exit 3). The caller's session is
 * used as it is and never stopped; the configuration's {@code spark.master} and {@code spark.conf} apply only to the
 * sessions the command line starts.
 *
 * <pre>{@code
 * var config = OrderSweep.config("conf/quickstart.conf", "sweep.seeds=2", "output.dir=hdfs:///sweeps/qs");
 * OrderSweep.Run run = OrderSweep.run(spark, config);
 * run.analysis().reportPath();
 * }</pre>
 */
public final class OrderSweep {

    private OrderSweep() {
    }

    /**
     * A configuration from a HOCON file (null: the defaults) and KEY=VALUE overrides, checked as {@code --conf} and
     * {@code --set} are.
     */
    public static SweepConfig config(String file, String... overrides) {
        return ConfigLoader.load(file == null ? null : new File(file), List.of(overrides));
    }

    /** What a run of this configuration would train (the data is read for its shape, as {@code plan} does). */
    public static SweepPlan plan(SparkSession spark, SweepConfig config) {
        DataLoader.TrainTest data = DataLoader.load(config, spark.sparkContext().hadoopConfiguration());
        return SweepRunner.plan(config, data.shape());
    }

    /**
     * How a run treats what is already recorded.
     *
     * @param fresh      start a new sweep (new sweep and trial ids) instead of resuming this configuration's
     * @param keepFailed leave trials recorded as failed as they are instead of training them again
     */
    public record RunOptions(boolean fresh, boolean keepFailed) {
        public static final RunOptions RESUME = new RunOptions(false, false);
    }

    /**
     * A finished run: what it trained, the ranking of the sweep's classes and the analysis (report and summary
     * tables written).
     */
    public record Run(SweepRunner.Summary summary, List<Ranking.Entry> ranking, AnalysisRunner.Output analysis,
                      String trialsPath) {
        /** Every planned trial finished (none failed or diverged); the command line exits 4 otherwise. */
        public boolean allOk() {
            return summary.notOk() == 0;
        }
    }

    /**
     * The checks that need no Spark, done before a run starts one: the results folder is readable and writable, the
     * data loads (bad data fails here, touching nothing), and the folder's lock is taken. Close it to release the
     * lock.
     */
    public static final class Prepared implements AutoCloseable {
        private final SweepConfig config;
        private final DataLoader.TrainTest data;
        private final SweepLock lock;

        private Prepared(SweepConfig config, DataLoader.TrainTest data, SweepLock lock) {
            this.config = config;
            this.data = data;
            this.lock = lock;
        }

        @Override
        public void close() {
            lock.close();
        }
    }

    /**
     * {@link #prepare(SweepConfig, Configuration)} in a session: data.format = spark is read by the session and written
     * once under output.dir/data/ (after the results folder's checks, before the lock).
     */
    public static Prepared prepare(SparkSession spark, SweepConfig config) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        if (config.data().format() == DataFormat.SPARK && config.data().written().isEmpty()) {
            ResultStore.checkReadable(config.output().dir(), hadoop);
            ResultStore.checkWritable(config.output().dir(), hadoop);
            config = SparkTable.write(spark, config);
        }
        return prepare(config, hadoop);
    }

    public static Prepared prepare(SweepConfig config, Configuration hadoop) {
        ResultStore.checkReadable(config.output().dir(), hadoop);
        ResultStore.checkWritable(config.output().dir(), hadoop);
        DataLoader.TrainTest data = DataLoader.load(config, hadoop);
        LayerShapes.requireOneFits(SweepRunner.plan(config, data.shape()).orderings(), config, data.shape());
        return new Prepared(config, data, SweepLock.acquire(config.output().dir(), hadoop));
    }

    /** Resumes the sweep of this configuration in the caller's session: trains what is not recorded, analyses. */
    public static Run run(SparkSession spark, SweepConfig config) {
        return run(spark, config, RunOptions.RESUME);
    }

    public static Run run(SparkSession spark, SweepConfig config, RunOptions options) {
        try (Prepared prepared = prepare(spark, config)) {
            return run(spark, prepared, options);
        }
    }

    /**
     * A sweep of DataFrames in hand (a notebook's): {@code train}'s rows, and {@code test}'s (null: data.split-column
     * of train, else a stratified data.test-fraction of it), with the configuration's data.label-column,
     * data.features-column or data.features-columns and data.channels x data.height x data.width. Checked and
     * written once under output.dir/data/ as data.format = spark is, and recorded as data.source = dataframe: the same
     * rows give the same sweep, so a rerun resumes; other rows are a new sweep, and the log says so in one line.
     */
    public static Run run(SparkSession spark, SweepConfig config, Dataset<Row> train, Dataset<Row> test,
                          RunOptions options) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        ResultStore.checkReadable(config.output().dir(), hadoop);
        ResultStore.checkWritable(config.output().dir(), hadoop);
        SweepConfig c = SparkTable.write(spark, config.withDataFrames(SparkTable.DATAFRAME), train, test,
                "the training DataFrame", test == null ? "the training DataFrame" : "the test DataFrame");
        try (Prepared prepared = prepare(c, hadoop)) {
            return run(spark, prepared, options);
        }
    }

    /** The run itself, in {@code spark}, holding {@code prepared}'s lock (checked before every write). */
    public static Run run(SparkSession spark, Prepared prepared, RunOptions options) {
        SweepConfig config = prepared.config;
        SweepLock lock = prepared.lock;
        SweepIdentity id = SweepIdentity.of(config, prepared.data, options.fresh() ? java.time.Instant.now()
                .toString() : "");
        SweepRunner.Summary summary = SweepRunner.run(spark, config, prepared.data, id,
                options.keepFailed() ? SweepRunner.Failed.KEEP : SweepRunner.Failed.RETRY, lock::check);
        ResultStore store = new ResultStore(spark, config.output().dir());
        List<Ranking.Entry> ranking = Ranking.of(store.trials().where(col("trial_id")
                .isin(summary.plannedTrialIds().toArray())));
        if (summary.trainedNow() > 0) {
            ResultStore.Compaction c = new ResultStore(spark, config.output().dir(), lock::check).compact();
            org.slf4j.LoggerFactory.getLogger(OrderSweep.class).info("Compacted trials/ from {} files to {} and "
                    + "epochs/ from {} to {}.", c.trialFilesBefore(), c.trialFilesAfter(), c.epochFilesBefore(),
                    c.epochFilesAfter());
        }
        lock.check();
        AnalysisRunner.Output analysis = AnalysisRunner.run(spark, config.output().dir(), summary.sweepId(), config);
        return new Run(summary, ranking, analysis, store.trialsPath());
    }

    /** Analyses a recorded sweep ({@code sweepId} null: the one whose trial finished last). */
    public static AnalysisRunner.Output analyze(SparkSession spark, SweepConfig config, String sweepId) {
        ResultStore.checkReadable(config.output().dir(), spark.sparkContext().hadoopConfiguration());
        return AnalysisRunner.run(spark, config.output().dir(), sweepId, config);
    }
}
