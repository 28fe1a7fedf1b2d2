package org.ordersweep.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ordersweep.model.TrainingStep;
import org.ordersweep.results.Json;

import java.util.List;

/**
 * The bench's results as one JSON line for scripts (`--format json`, `--json-file`), written with the project's
 * {@link Json} so that numbers read as everywhere else: six significant digits, null for what was not measured.
 * Keys are snake_case; the headline keys (dl4j_train_sps, spark_train_sps, torch_train_sps, train_gflop_per_sample)
 * sit at the top level and are the reference CNN's.
 */
public final class BenchJson {

    private BenchJson() {
    }

    /** A bench run's report. */
    public static String line(BenchReport r) {
        BenchReport.Setup setup = r.setup();
        BenchReport.Gemm gemm = r.gemm();
        BenchReport.Sweep sweep = r.sweep();
        BenchReport.Torch torch = r.torch();
        BenchReport.ModelResult ref = r.reference();
        BenchReport.Pool p = ref.pool();
        ObjectNode o = Json.object()
                .put("sweep_train_sps", median(p.sweepTrain()))
                .put("torch_pool_train_sps", median(p.torchTrain()))
                .put("sweep_over_torch_pool", p.sweepTrain().medianOver(p.torchTrain()))
                .put("sweep_over_torch_pool_wall", p.sweepTrainWall().medianOver(p.torchTrain()))
                .put("sweep_infer_sps", median(p.sweepInfer()))
                .put("torch_pool_infer_sps", median(p.torchInfer()))
                .put("sweep_over_torch_pool_infer", p.sweepInfer().medianOver(p.torchInfer()))
                .put("one_thread_per_trial_ratio", p.sweepTrial().medianOver(p.torchProcess()))
                .put("dl4j_train_sps", median(ref.dl4jTrain()))
                .put("dl4j_infer_sps", median(ref.dl4jInfer()))
                .put("spark_train_sps", median(ref.sparkTrain()))
                .put("torch_train_sps", median(ref.torchTrain()))
                .put("torch_infer_sps", median(ref.torchInfer()))
                .put("spark_over_plain", ref.sparkTrain().medianOver(ref.dl4jTrain()))
                .put("dl4j_over_torch_train", ref.dl4jTrain().medianOver(ref.torchTrain()))
                .put("spark_over_torch_train", ref.sparkTrain().medianOver(ref.torchTrain()))
                .put("gemm_peak_gflops", gemm.peak())
                .put("gemm_peak_gflops_1thread", gemm.peakOneThread())
                .put("train_gflop_per_sample", ref.trainGflop())
                .put("sweep_core_utilisation", sweep == null || sweep.inMode(sweep.mode()) == null ? null
                        : sweep.inMode(sweep.mode()).coreUtilisation())
                .put("repeats", setup.repeats())
                .put("samples", setup.samples())
                .put("data", setup.data())
                .put("cores", setup.cores())
                .put("threads", setup.threads())
                .put("spark_master", setup.master())
                .put("spark_workers", setup.workers());
        o.set("backend", Json.object()
                .put("nd4j_classifier", setup.backend().classifier())
                .put("nd4j_backend", setup.backend().backend())
                .put("blas_vendor", setup.backend().blasVendor())
                .put("onednn", setup.backend().onednn())
                .put("helpers_allowed", setup.backend().helpersAllowed())
                .put("layer_helpers", ref.layerHelpers())
                .put("omp_num_threads_env", setup.backend().ompNumThreadsEnv()));
        ObjectNode g = Json.object().put("size", gemm.size()).put("threads", gemm.threads());
        g.set("gflops_1thread", gemm.oneThread().json());
        g.set("gflops", gemm.allThreads().json());
        o.set("gemm", g);
        ObjectNode c = Json.object().put("elements", TinyOp.ELEMENTS);
        c.set("nd4j_us", r.opCost().nd4jMicros().json());
        c.set("torch_us", r.opCost().torchMicros().json());
        o.set("op_cost", c);
        o.set("jit_compile_seconds_per_round", r.jitSeconds().json());
        o.put("flop_convention", BenchReport.FLOP_CONVENTION);
        ObjectNode perModel = Json.object();
        for (BenchReport.ModelResult m : r.models()) {
            perModel.set(m.name(), model(m, gemm.peak()).put("nd4j_ops_per_step", m.nd4jOpsPerStep())
                    .put("fixed_cost_share_of_sweep_step", m.fixedCostShare(r.opCost())));
        }
        o.set("models", perModel);
        o.set("torch", torch.ran() || torch.note() != null ? Json.object().put("available", torch.available())
                .put("note", torch.note()).put("version", torch.version())
                .put("threads", torch.available() ? torch.threads() : null)
                .put("blas", torch.blas()).put("python", torch.python()) : null);
        o.set("sweep", sweep == null ? null : sweep(sweep));
        o.put("seconds", r.seconds());
        return Json.line(o);
    }

    /** The training step's levers, one by one ({@link LeverBench}). */
    public static String line(List<LeverBench.Row> rows, BenchModel model, int cores, int rounds) {
        Spread base = rows.get(0).train();
        ArrayNode levers = Json.array();
        for (LeverBench.Row r : rows) {
            TrainingStep step = r.lever().step();
            ObjectNode lever = Json.object().put("lever", r.lever().name());
            // Every switch of the step, by its name in snake case: fused_batch_norm, copy_free_relu, ...
            for (java.lang.reflect.RecordComponent c : TrainingStep.class.getRecordComponents()) {
                try {
                    lever.put(c.getName().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT),
                            (boolean) c.getAccessor().invoke(step));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read the training step's " + c.getName(), e);
                }
            }
            lever.set("train_sps", r.train().json());
            lever.put("over_dl4j", r.train().medianOver(base));
            levers.add(lever);
        }
        ObjectNode o = Json.object().put("model", model.name()).put("trials", cores)
                .put("images", model.train().size()).put("rounds", rounds);
        o.set("levers", levers);
        return Json.line(o);
    }

    private static ObjectNode model(BenchReport.ModelResult m, double peak) {
        BenchReport.Pool pool = m.pool();
        ObjectNode o = Json.object()
                .put("source", m.source())
                .put("description", m.description())
                .put("batch", m.batch())
                .put("parameters", m.parameters())
                .put("forward_gflop_per_sample", m.forwardFlop() / 1e9)
                .put("train_gflop_per_sample", m.trainGflop())
                .put("layer_helpers", m.layerHelpers());
        o.set("dl4j", path(m, m.dl4jTrain(), m.dl4jInfer(), peak));
        o.set("spark", path(m, m.sparkTrain(), Spread.NONE, peak));
        o.set("torch", path(m, m.torchTrain(), m.torchInfer(), peak));
        o.set("sweep_mode", path(m, pool.sweepTrain(), pool.sweepInfer(), peak));
        o.set("torch_pool", path(m, pool.torchTrain(), pool.torchInfer(), peak));
        o.set("sweep_trial_train_sps", pool.sweepTrial().json());
        o.set("torch_process_train_sps", pool.torchProcess().json());
        o.set("sweep_mode_wall_train_sps", pool.sweepTrainWall().json());
        o.set("sweep_slowest_trial_train_sps", pool.sweepSlowest().json());
        o.set("torch_slowest_process_train_sps", pool.torchSlowest().json());
        return o.put("sweep_over_torch_pool", pool.sweepTrain().medianOver(pool.torchTrain()))
                .put("sweep_over_torch_pool_wall", pool.sweepTrainWall().medianOver(pool.torchTrain()))
                .put("one_thread_per_trial_ratio", pool.sweepTrial().medianOver(pool.torchProcess()))
                .put("spark_over_plain", m.sparkTrain().medianOver(m.dl4jTrain()))
                .put("dl4j_over_torch_train", m.dl4jTrain().medianOver(m.torchTrain()));
    }

    /** One path's throughputs and what they achieve against the GEMM peak; null for a path that did not run. */
    private static ObjectNode path(BenchReport.ModelResult m, Spread train, Spread infer, double peak) {
        if (train.isEmpty() && infer.isEmpty()) {
            return null;
        }
        double gflops = Flops.achievedGflops(train.median(), m.trainFlop());
        ObjectNode o = Json.object();
        o.set("train_sps", train.json());
        o.set("infer_sps", infer.json());
        return o.put("train_gflops", gflops).put("share_of_peak", Flops.shareOfPeak(gflops, peak));
    }

    private static ObjectNode sweep(BenchReport.Sweep sweep) {
        ObjectNode utilisation = Json.object();
        ArrayNode runs = Json.array();
        for (SweepEfficiency.Run r : sweep.runs()) {
            Utilisation u = r.utilisation();
            utilisation.put(u.mode().key(), u.coreUtilisation());
            ObjectNode run = Json.object().put("mode", u.mode().key()).put("trials", u.trials())
                    .put("wall_seconds", u.wallSeconds()).put("train_seconds", u.trainSeconds())
                    .put("cores_per_trial", u.coresPerTrial()).put("busy_core_seconds", u.busyCoreSeconds())
                    .put("core_utilisation", u.coreUtilisation()).put("cpu_utilisation", u.cpuUtilisation())
                    .put("train_seconds_per_epoch", r.secondsPerEpoch());
            run.set("overrides", Json.node(r.overrides()));
            runs.add(run);
        }
        HalvingBudget h = sweep.halving();
        ObjectNode o = Json.object()
                .put("source", sweep.source())
                .put("mode", sweep.mode().key());
        o.set("core_utilisation_by_mode", utilisation);
        o.set("runs", runs);
        o.put("orderings", sweep.orderings())
                .put("combinations", sweep.combinations())
                .put("trials", sweep.trials())
                .put("train_tflop", sweep.tflop())
                .put("train_tflop_without_dedupe", sweep.tflopWithoutDedupe())
                .put("dedupe_saved_share", sweep.dedupeSavedShare());
        ObjectNode halving = Json.object().put("enabled", sweep.halvingEnabled())
                .put("min_epochs", sweep.halvingMinEpochs()).put("reduction", sweep.halvingReduction());
        halving.set("rungs", Json.node(h.rungs()));
        halving.set("trials_per_rung", Json.node(h.trialsPerRung()));
        halving.put("trial_epochs", h.trialEpochs()).put("trial_epochs_without", h.trialEpochsWithoutHalving())
                .put("validation_fraction", h.validationFraction()).put("saved_share", h.savedShare());
        o.set("halving", halving);
        return o;
    }

    /** The median, or null (not NaN) for a path that was not run. */
    private static Double median(Spread s) {
        return s.isEmpty() ? null : s.median();
    }
}
