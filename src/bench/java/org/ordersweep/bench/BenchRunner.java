package org.ordersweep.bench;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.ordersweep.cli.SparkSetup;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.plan.SweepPlan;
import org.ordersweep.train.ExecutionMode;
import org.ordersweep.train.SweepRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Runs the bench: warms every path up, then repeats rounds in which each path runs once (GEMM, plain DL4J, Spark,
 * PyTorch), so that load from other processes spreads over all paths instead of skewing one; then the sweep part.
 */
public final class BenchRunner {

    private static final Logger LOG = LoggerFactory.getLogger(BenchRunner.class);

    /**
     * What to measure.
     *
     * @param referenceConf the reference CNN's configuration (conf/fashion-mnist.conf)
     * @param sweepConf     the sweep configuration (conf/quickstart.conf): its model is the second one measured,
     *                      and its plan and a reduced run of it make the sweep part
     * @param overrides     --set overrides of the sweep configuration
     */
    public record Inputs(File referenceConf, File sweepConf, List<String> overrides, String master,
                         File torchScript, PlanCost planCost) {
    }

    private BenchRunner() {
    }

    public static BenchReport run(BenchOptions o, Inputs in) throws IOException, InterruptedException {
        long start = System.nanoTime();
        int cores = Runtime.getRuntime().availableProcessors();
        SweepConfig reference = ConfigLoader.load(in.referenceConf(), List.of());
        SweepConfig sweepConfig = ConfigLoader.load(in.sweepConf(), in.overrides());
        List<BenchModel> models = List.of(
                BenchModel.of("reference", in.referenceConf().getPath(), reference, o.samples()),
                BenchModel.of(safeName(sweepConfig.sweep().name()), in.sweepConf().getPath(), sweepConfig,
                        o.samples()));
        // As a sweep does before its first op: the backend report then names the executioner training runs on.
        org.ordersweep.model.FencedOpExecutioner.install();
        BackendInfo backend = BackendInfo.detect();
        LOG.info("Bench: {} repeats of {} images; DL4J natives {} ({}); warming up ...", o.repeats(), o.samples(),
                backend.classifier(), backend.backend());

        List<PlainThroughput> plain = new ArrayList<>();
        List<String> helpers = new ArrayList<>();
        for (BenchModel m : models) {
            PlainThroughput p = new PlainThroughput(m, o.threads());
            p.warmUp();
            plain.add(p);
            helpers.add(BackendInfo.layerHelpers(p.network()));
        }
        // The sweep's own way over these cores: one trial per core, one native thread each.
        List<PoolThroughput> pools = new ArrayList<>();
        for (BenchModel m : models) {
            PoolThroughput p = new PoolThroughput(m, cores);
            p.warmUp();
            pools.add(p);
        }
        GemmPeak gemm = new GemmPeak(o.gemmSize());
        gemm.measure(1);
        gemm.measure(cores);
        TinyOp tiny = new TinyOp();
        tiny.micros();

        SparkSession spark = null;
        List<SparkThroughput> sparkPaths = new ArrayList<>();
        TorchBench torch = null;
        BenchReport.Torch torchInfo = BenchReport.Torch.skipped();
        try {
            if (!o.skipSpark() || !o.skipSweep()) {
                spark = SparkSession.builder().config(sparkConf(sweepConfig, in.master())).getOrCreate();
            }
            if (!o.skipSpark()) {
                if (!backend.ompNumThreadsEnv().equals("1")) {
                    LOG.warn("OMP_NUM_THREADS is {}, not 1: each Spark task may start several native threads and "
                            + "the tasks then compete for the cores (jobs/ordersweep sets 1)",
                            backend.ompNumThreadsEnv());
                }
                JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                for (BenchModel m : models) {
                    SparkThroughput s = new SparkThroughput(sc, m, o.workers());
                    s.train(); // the first epoch: broadcasts, task deserialisation, executor workspaces
                    sparkPaths.add(s);
                }
            }
            if (!o.skipTorch()) {
                if (!in.torchScript().isFile()) {
                    torchInfo = new BenchReport.Torch(false, false, in.torchScript() + " not found", null, 0, null,
                            o.python());
                } else {
                    torch = new TorchBench(o.python(), in.torchScript(), models, o.threads());
                }
            }

            Series gemm1 = new Series();
            Series gemmN = new Series();
            Series tinyNd4j = new Series();
            Series tinyTorch = new Series();
            Series jit = new Series();
            List<Series[]> perModel = new ArrayList<>();
            for (int i = 0; i < models.size(); i++) {
                perModel.add(Stream.generate(Series::new).limit(14).toArray(Series[]::new));
            }
            for (int r = 1; r <= o.repeats(); r++) {
                LOG.info("Bench round {} of {} ...", r, o.repeats());
                long jit0 = jitMillis();
                gemm1.add(gemm.measure(1));
                gemmN.add(gemm.measure(cores));
                tinyNd4j.add(tiny.micros());
                for (int i = 0; i < models.size(); i++) {
                    perModel.get(i)[0].add(plain.get(i).train());
                    perModel.get(i)[1].add(plain.get(i).infer());
                }
                for (int i = 0; i < sparkPaths.size(); i++) {
                    perModel.get(i)[2].add(sparkPaths.get(i).train());
                }
                for (int i = 0; i < models.size(); i++) {
                    PoolThroughput.Pass train = pools.get(i).train();
                    perModel.get(i)[5].add(train.machine());
                    perModel.get(i)[7].add(train.perTrial());
                    perModel.get(i)[11].add(train.wall());
                    perModel.get(i)[12].add(train.slowest());
                    perModel.get(i)[6].add(pools.get(i).infer().machine());
                }
                if (torch != null) {
                    torchInfo = runTorch(torch, o, models, perModel, tinyTorch);
                    if (torchInfo.available()) {
                        runTorchPool(torch, cores, models, perModel);
                    }
                    if (!torchInfo.available()) {
                        torch.close();
                        torch = null;
                    }
                }
                jit.add(jit0 < 0 ? Double.NaN : (jitMillis() - jit0) / 1e3);
            }
            List<BenchReport.ModelResult> results = new ArrayList<>();
            for (int i = 0; i < models.size(); i++) {
                BenchModel m = models.get(i);
                Series[] s = perModel.get(i);
                results.add(new BenchReport.ModelResult(m.name(), m.source(), m.describe(), m.batchSize(),
                        m.cost().parameters(), m.cost().forwardFlops(), m.cost().trainFlops(), helpers.get(i),
                        plain.get(i).opsPerStep(), s[0].spread(), s[1].spread(), s[2].spread(), s[3].spread(),
                        s[4].spread(),
                        new BenchReport.Pool(cores, s[5].spread(), s[6].spread(), s[7].spread(), s[8].spread(),
                                s[9].spread(), s[10].spread(), s[11].spread(), s[12].spread(), s[13].spread())));
            }
            gemm.close();

            BenchReport.Sweep sweep = sweepPart(o, in, sweepConfig, models.get(1), spark, cores);
            String master = spark == null ? "(not started)" : spark.sparkContext().master();
            return new BenchReport(new BenchReport.Setup(o.repeats(), o.samples(), "embedded Fashion-MNIST subset, "
                    + "the first " + o.samples() + " of its " + BenchOptions.EMBEDDED_TRAIN_IMAGES
                    + " training images", cores, o.threads(), o.workers(), master, backend),
                    new BenchReport.Gemm(o.gemmSize(), cores, gemm1.spread(), gemmN.spread()),
                    new BenchReport.OpCost(tinyNd4j.spread(), tinyTorch.spread()), jit.spread(), results,
                    torchInfo, sweep, (System.nanoTime() - start) / 1e9);
        } finally {
            pools.forEach(PoolThroughput::close);
            sparkPaths.forEach(SparkThroughput::close);
            if (torch != null) {
                torch.close();
            }
            if (spark != null) {
                spark.stop();
            }
        }
    }

    private static BenchReport.Torch runTorch(TorchBench torch, BenchOptions o, List<BenchModel> models,
                                              List<Series[]> perModel, Series tinyOp) throws InterruptedException {
        TorchBench.Result r;
        try {
            r = torch.run();
        } catch (IOException e) {
            LOG.warn("PyTorch run failed, reported as missing: {}", e.getMessage());
            return new BenchReport.Torch(true, false, e.getMessage(), null, 0, null, o.python());
        }
        if (!r.available()) {
            LOG.warn("PyTorch is not available to {} ({}): run jobs/install-bench-deps to install Debian's "
                    + "python3-torch and libopenblas0-pthread", o.python(), r.reason());
            return new BenchReport.Torch(true, false, r.reason() + "; run jobs/install-bench-deps", null, 0, null,
                    o.python());
        }
        for (int i = 0; i < models.size(); i++) {
            double[] sps = r.trainAndInferSps().get(models.get(i).name());
            if (sps != null) {
                perModel.get(i)[3].add(sps[0]);
                perModel.get(i)[4].add(sps[1]);
            }
        }
        if (Double.isFinite(r.tinyOpMicros())) {
            tinyOp.add(r.tinyOpMicros());
        }
        return new BenchReport.Torch(true, true, null, r.version(), r.threads(), r.blas(), o.python());
    }

    /** Milliseconds the JVM's JIT compilers have spent so far (summed over their threads); -1 if not reported. */
    private static long jitMillis() {
        java.lang.management.CompilationMXBean c = java.lang.management.ManagementFactory.getCompilationMXBean();
        return c != null && c.isCompilationTimeMonitoringSupported() ? c.getTotalCompilationTime() : -1;
    }

    /** PyTorch as a process pool: one process per core, one thread each, all at once; their throughputs add up. */
    private static void runTorchPool(TorchBench torch, int cores, List<BenchModel> models, List<Series[]> perModel)
            throws InterruptedException {
        List<TorchBench.Result> pool;
        try {
            pool = torch.runPool(cores, 1);
        } catch (IOException e) {
            LOG.warn("PyTorch pool run failed: {}", e.getMessage());
            return;
        }
        for (int i = 0; i < models.size(); i++) {
            String name = models.get(i).name();
            List<double[]> each = pool.stream().filter(TorchBench.Result::available)
                    .map(r -> r.trainAndInferSps().get(name)).filter(Objects::nonNull).toList();
            if (each.size() == cores) {
                perModel.get(i)[8].add(each.stream().mapToDouble(x -> x[0]).sum());
                perModel.get(i)[9].add(each.stream().mapToDouble(x -> x[1]).sum());
                Spread processes = Spread.of(each.stream().map(x -> x[0]).toList());
                perModel.get(i)[10].add(processes.median());
                perModel.get(i)[13].add(processes.min());
            }
        }
    }

    private static BenchReport.Sweep sweepPart(BenchOptions o, Inputs in, SweepConfig config, BenchModel model,
                                               SparkSession spark, int cores) throws IOException {
        SweepPlan plan = SweepRunner.plan(config, model.train().shape());
        // As SweepRunner decides: the trials to train against the cores Spark runs tasks on.
        int sparkCores = spark == null ? o.workers() : spark.sparkContext().defaultParallelism();
        ExecutionMode mode = ExecutionMode.choose(config, plan, model.train().shape(), plan.trials().size(),
                sparkCores).mode();
        SweepConfig.Halving h = config.train().halving();
        HalvingBudget halving = HalvingBudget.of(plan.trials().size(),
                new SweepConfig.Halving(true, h.minEpochs(), h.reduction(), h.validationFraction())
                        .rungs(config.train().epochs()), h.reduction(), h.validationFraction());
        List<SweepEfficiency.Run> runs = new ArrayList<>();
        if (!o.skipSweep()) {
            SweepEfficiency efficiency = new SweepEfficiency(in.sweepConf(), in.overrides(), o);
            efficiency.warmUp(spark);
            for (ExecutionMode m : List.of(ExecutionMode.TRIAL_PARALLEL, ExecutionMode.DATA_PARALLEL)) {
                runs.add(efficiency.run(spark, m, cores));
            }
        }
        PlanCost cost = in.planCost();
        return new BenchReport.Sweep(in.sweepConf().getPath(), cost.orderings(), cost.combinations(), cost.trials(),
                cost.tflop(), cost.tflopWithoutDedupe(), h.enabled(), h.minEpochs(), h.reduction(), halving, mode,
                runs, o.sweepTrials(), o.sweepSamples(), o.sweepEpochs());
    }

    /** The project's Spark settings, on loopback for a local master, without the UI (nothing to watch). */
    static SparkConf sparkConf(SweepConfig config, String master) {
        SparkConf conf = SparkSetup.sparkConf(config, master).set("spark.ui.enabled", "false");
        if (conf.get("spark.master").startsWith("local")) {
            conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        }
        return conf;
    }

    /** A model name usable as a JSON key and a file name. */
    static String safeName(String name) {
        String s = name.replaceAll("[^A-Za-z0-9_.-]", "_");
        return s.isEmpty() || s.equals("reference") ? "sweep" : s;
    }

    /** Measurements of one quantity across rounds. */
    private static final class Series {
        private final List<Double> values = new ArrayList<>();

        void add(double v) {
            values.add(v);
        }

        Spread spread() {
            return Spread.of(values);
        }
    }
}
