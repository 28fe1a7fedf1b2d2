package org.ordersweep.bench;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.plan.TrialSpec;
import org.ordersweep.results.ResultStore;
import org.ordersweep.results.TrialStatus;
import org.ordersweep.train.ExecutionMode;
import org.ordersweep.train.SweepIdentity;
import org.ordersweep.train.SweepRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Sweep-level efficiency: the sweep configuration, reduced to a few trials on a small slice of the embedded data,
 * run for real (SweepRunner: verification, training, results written to Parquet in a temporary folder) once in each
 * execution mode, after an untimed tiny sweep. The training seconds each trial row records, times the cores the
 * trial held, over the wall time times the cores, say how much of the machine went into training. Small trials
 * make the fixed costs per trial (evaluation, inference timing, writing its row) weigh more than in a real sweep.
 */
final class SweepEfficiency {

    private static final Logger LOG = LoggerFactory.getLogger(SweepEfficiency.class);
    private static final int TEST_IMAGES = 500;

    /** One mode's run: its utilisation and the overrides that defined the reduced sweep. */
    public record Run(Utilisation utilisation, List<String> overrides, double secondsPerEpoch) {
    }

    private final File conf;
    private final List<String> baseOverrides;
    private final BenchOptions options;

    SweepEfficiency(File conf, List<String> baseOverrides, BenchOptions options) {
        this.conf = conf;
        this.baseOverrides = List.copyOf(baseOverrides);
        this.options = options;
    }

    /**
     * The reduction: the first classes' representatives of the configured plan (so the trials are ones the full
     * sweep trains), the first activation, one seed, the embedded data, no halving; data-parallel trials one at a
     * time (each then holds all workers, so its recorded time converts to core-seconds exactly).
     */
    List<String> overrides(ExecutionMode mode, String outputDir) {
        SweepConfig full = ConfigLoader.load(conf, baseOverrides);
        var shape = DataLoader.load(SweepConfig.Data.embeddedFashion(1, 1), full.model(),
                full.sweep().masterSeed(), new org.apache.hadoop.conf.Configuration()).shape();
        List<String> orderings = SweepRunner.plan(full, shape).trials().stream()
                .filter(t -> t.activation() == full.sweep().activations().get(0) && t.seedIndex() == 0)
                .map(TrialSpec::ordering).distinct().limit(options.sweepTrials()).map(o -> o.key()).toList();
        List<String> o = new ArrayList<>(baseOverrides);
        o.add("sweep.orderings=[" + String.join(",", orderings) + "]");
        o.add("sweep.constraints=[]");
        o.add("sweep.activations=[" + full.sweep().activations().get(0).key() + "]");
        o.add("sweep.seeds=1");
        o.add("data.format=fashion-mnist");
        o.add("data.path=");
        o.add("data.train-limit=" + options.sweepSamples());
        o.add("data.test-limit=" + TEST_IMAGES);
        o.add("train.epochs=" + options.sweepEpochs());
        o.add("train.halving.enabled=false");
        o.add("train.mode=" + mode.key());
        if (mode == ExecutionMode.DATA_PARALLEL) {
            o.add("sweep.concurrent-trials=1");
        }
        o.add("output.dir=" + outputDir);
        return o;
    }

    /**
     * One tiny sweep, untimed (one trial, one epoch, 128 images): the first sweep in a JVM pays for Spark SQL's and
     * Parquet's start-up and for building the orderings' networks the first time, which would otherwise burden
     * whichever mode runs first.
     */
    void warmUp(SparkSession spark) throws IOException {
        Path out = Files.createTempDirectory("ordersweep-bench-warmup");
        try {
            List<String> o = new ArrayList<>(overrides(ExecutionMode.TRIAL_PARALLEL, out.toString()));
            o.add("data.train-limit=128");
            o.add("data.test-limit=128");
            o.add("train.epochs=1");
            SweepConfig config = ConfigLoader.load(conf, o);
            DataLoader.TrainTest data = DataLoader.load(config, spark.sparkContext().hadoopConfiguration());
            SweepRunner.run(spark, config, data, SweepIdentity.of(config, data, "warm-up " + System.nanoTime()),
                    SweepRunner.Failed.RETRY, () -> { });
        } finally {
            Soak.deleteTree(out);
        }
    }

    Run run(SparkSession spark, ExecutionMode mode, int cores) throws IOException {
        Path out = Files.createTempDirectory("ordersweep-bench-sweep");
        try {
            List<String> overrides = overrides(mode, out.toString());
            SweepConfig config = ConfigLoader.load(conf, overrides);
            DataLoader.TrainTest data = DataLoader.load(config, spark.sparkContext().hadoopConfiguration());
            SweepIdentity id = SweepIdentity.of(config, data, "bench " + System.nanoTime());
            int workers = config.train().workers() > 0 ? config.train().workers()
                    : spark.sparkContext().defaultParallelism();
            LOG.info("Sweep efficiency, {}: {} trials of {} epochs on {} images ...", mode.key(),
                    options.sweepTrials(), options.sweepEpochs(), data.train().size());
            double cpu0 = processCpuSeconds();
            long t0 = System.nanoTime();
            SweepRunner.run(spark, config, data, id, SweepRunner.Failed.RETRY, () -> { });
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = processCpuSeconds() - cpu0;
            List<Row> rows = new ResultStore(spark, out.toString()).trials()
                    .where(col("sweep_id").equalTo(id.sweepId()).and(col("representative")).and(
                            col("status").equalTo(TrialStatus.OK.key())))
                    .select("train_seconds", "train_seconds_per_epoch").collectAsList();
            List<Double> train = rows.stream().map(r -> r.getDouble(0)).toList();
            double perEpoch = rows.stream().mapToDouble(r -> r.getDouble(1)).average().orElse(Double.NaN);
            int coresPerTrial = mode == ExecutionMode.DATA_PARALLEL ? Math.min(workers, cores) : 1;
            return new Run(Utilisation.of(mode, train, wall, cores, coresPerTrial, cpu),
                    overrides.subList(baseOverrides.size(), overrides.size() - 1), perEpoch);
        } finally {
            Soak.deleteTree(out);
        }
    }

    static double processCpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }
}
