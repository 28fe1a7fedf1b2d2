package org.ordersweep.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ordersweep.results.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Everything one bench run measured, as a table for people or one JSON line for scripts. The headline keys
 * (dl4j_train_sps, spark_train_sps, torch_train_sps, train_gflop_per_sample) are the first model's: the reference
 * CNN.
 */
public record BenchReport(Setup setup, Gemm gemm, List<ModelResult> models, Torch torch, Sweep sweep,
                          double seconds) {

    /** Conventions printed with the numbers, so that they can be compared with other people's. */
    public static final String FLOP_CONVENTION = "CostModel: forward = 2 FLOP per multiply-add (conv, dense), "
            + "4 per element for batch norm, 1 for activation and pooling; training = 3 x forward (forward, input "
            + "gradient, weight gradient) + 2 per element for dropout's mask and scale";

    /** How the run was set up. */
    public record Setup(int repeats, int samples, String data, int cores, int threads, int workers, String master,
                        BackendInfo backend) {
    }

    /** FP32 GEMM speed through ND4J, with one thread and with {@code threads} (all cores). */
    public record Gemm(int size, int threads, Spread oneThread, Spread allThreads) {
        /** The peak: the best run with all threads. */
        public double peak() {
            return allThreads.isEmpty() ? Double.NaN : allThreads.max();
        }

        public double peakOneThread() {
            return oneThread.isEmpty() ? Double.NaN : oneThread.max();
        }
    }

    /** One model's throughputs (samples/s) on every path; empty spreads for paths not run. */
    /**
     * Each side the way it runs a sweep over all {@code cores}: ordersweep's trial-parallel mode (one trial per core,
     * one native thread each) and PyTorch as a process pool (one process per core, one thread each), all at once.
     * Machine throughputs add every trial's samples; {@code sweepTrial} and {@code torchProcess} are one trial's.
     */
    public record Pool(int cores, Spread sweepTrain, Spread sweepInfer, Spread sweepTrial, Spread torchTrain,
                       Spread torchInfer, Spread torchProcess) {
    }

    public record ModelResult(String name, String source, String description, int batch, long parameters,
                              double forwardFlop, double trainFlop, String layerHelpers, Spread dl4jTrain,
                              Spread dl4jInfer, Spread sparkTrain, Spread torchTrain, Spread torchInfer, Pool pool) {
        public double trainGflop() {
            return trainFlop / 1e9;
        }
    }

    /** Whether PyTorch ran, and as what. */
    public record Torch(boolean ran, boolean available, String note, String version, int threads, String blas,
                        String python) {
        static Torch skipped() {
            return new Torch(false, false, "skipped (--skip-torch)", null, 0, null, null);
        }
    }

    /**
     * The sweep part: the plan's savings and, unless skipped, the reduced sweep in each mode.
     *
     * @param mode the execution mode the full configuration would run in (train.mode, or auto's choice)
     */
    public record Sweep(String source, int orderings, int combinations, int trials, double tflop,
                        double tflopWithoutDedupe, boolean halvingEnabled, int halvingMinEpochs,
                        int halvingReduction, HalvingBudget halving, String mode, List<SweepEfficiency.Run> runs,
                        int trialsPerRun, int samplesPerRun, int epochsPerRun) {
        double dedupeSavedShare() {
            return tflopWithoutDedupe > 0 ? 1 - tflop / tflopWithoutDedupe : Double.NaN;
        }

        Utilisation inMode(String key) {
            return runs.stream().map(SweepEfficiency.Run::utilisation).filter(u -> u.mode().equals(key)).findFirst()
                    .orElse(null);
        }
    }

    private ModelResult reference() {
        return models.get(0);
    }

    public String json() {
        ModelResult ref = reference();
        Pool p = ref.pool();
        ObjectNode o = Json.object()
                .put("sweep_train_sps", median(p.sweepTrain()))
                .put("torch_pool_train_sps", median(p.torchTrain()))
                .put("sweep_over_torch_pool", p.sweepTrain().medianOver(p.torchTrain()))
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
        o.put("flop_convention", FLOP_CONVENTION);
        ObjectNode perModel = Json.object();
        for (ModelResult m : models) {
            perModel.set(m.name(), modelJson(m));
        }
        o.set("models", perModel);
        o.set("torch", torch.ran() || torch.note() != null ? Json.object().put("available", torch.available())
                .put("note", torch.note()).put("version", torch.version())
                .put("threads", torch.available() ? torch.threads() : null)
                .put("blas", torch.blas()).put("python", torch.python()) : null);
        o.set("sweep", sweep == null ? null : sweepJson());
        o.put("seconds", seconds);
        return Json.line(o);
    }

    private ObjectNode modelJson(ModelResult m) {
        ObjectNode o = Json.object()
                .put("source", m.source())
                .put("description", m.description())
                .put("batch", m.batch())
                .put("parameters", m.parameters())
                .put("forward_gflop_per_sample", m.forwardFlop() / 1e9)
                .put("train_gflop_per_sample", m.trainGflop())
                .put("layer_helpers", m.layerHelpers());
        o.set("dl4j", path(m, m.dl4jTrain(), m.dl4jInfer()));
        o.set("spark", path(m, m.sparkTrain(), Spread.NONE));
        o.set("torch", path(m, m.torchTrain(), m.torchInfer()));
        o.set("sweep_mode", path(m, m.pool().sweepTrain(), m.pool().sweepInfer()));
        o.set("torch_pool", path(m, m.pool().torchTrain(), m.pool().torchInfer()));
        o.set("sweep_trial_train_sps", m.pool().sweepTrial().json());
        o.set("torch_process_train_sps", m.pool().torchProcess().json());
        return o.put("sweep_over_torch_pool", m.pool().sweepTrain().medianOver(m.pool().torchTrain()))
                .put("one_thread_per_trial_ratio", m.pool().sweepTrial().medianOver(m.pool().torchProcess()))
                .put("spark_over_plain", m.sparkTrain().medianOver(m.dl4jTrain()))
                .put("dl4j_over_torch_train", m.dl4jTrain().medianOver(m.torchTrain()));
    }

    private ObjectNode path(ModelResult m, Spread train, Spread infer) {
        if (train.isEmpty() && infer.isEmpty()) {
            return null;
        }
        double gflops = Flops.achievedGflops(train.median(), m.trainFlop());
        ObjectNode o = Json.object();
        o.set("train_sps", train.json());
        o.set("infer_sps", infer.json());
        return o.put("train_gflops", gflops).put("share_of_peak", Flops.shareOfPeak(gflops, gemm.peak()));
    }

    private ObjectNode sweepJson() {
        ObjectNode utilisation = Json.object();
        ArrayNode runs = Json.array();
        for (SweepEfficiency.Run r : sweep.runs()) {
            Utilisation u = r.utilisation();
            utilisation.put(u.mode(), u.coreUtilisation());
            ObjectNode run = Json.object().put("mode", u.mode()).put("trials", u.trials())
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
                .put("mode", sweep.mode());
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

    private static Double median(Spread s) {
        return s.isEmpty() ? null : s.median();
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        BackendInfo b = setup.backend();
        sb.append(String.format(Locale.ROOT, "ordersweep bench: %d repeats, interleaved; %d training images per pass "
                        + "(%s); %d cores; plain paths %s; Spark %s%n", setup.repeats(), setup.samples(),
                setup.data(), setup.cores(), threads(setup.threads()), setup.master()));
        sb.append(String.format(Locale.ROOT, "DL4J natives: nd4j-native %s (%s); layer helpers: %s; "
                        + "OMP_NUM_THREADS=%s%n", b.classifier(), b.backend(), reference().layerHelpers(),
                b.ompNumThreadsEnv()));
        sb.append("PyTorch: ").append(torchLine()).append('\n');
        sb.append("Values: median [min-max] over the repeats.\n\n");

        sb.append(String.format(Locale.ROOT, "FP32 GEMM %d^3 through ND4J: 1 thread %s GFLOP/s, %s %s GFLOP/s"
                        + " (peak used below: %s)%n%n", gemm.size(), spread(gemm.oneThread(), "%.1f"),
                threads(gemm.threads()), spread(gemm.allThreads(), "%.1f"), num(gemm.peak(), "%.1f")));

        String row = "%-13s %-24s %25s %25s %9s %8s%n";
        sb.append(String.format(Locale.ROOT, row, "model", "path", "train samples/s", "inference samples/s",
                "GFLOP/s", "of peak"));
        for (ModelResult m : models) {
            sb.append(String.format(Locale.ROOT, row, m.name(), "DL4J plain, " + threads(setup.threads()),
                    spread(m.dl4jTrain(), "%,.0f"), spread(m.dl4jInfer(), "%,.0f"), gflops(m, m.dl4jTrain()),
                    share(m, m.dl4jTrain())));
            if (!m.sparkTrain().isEmpty()) {
                sb.append(String.format(Locale.ROOT, row, "", "DL4J Spark " + setup.master(),
                        spread(m.sparkTrain(), "%,.0f"), "-", gflops(m, m.sparkTrain()),
                        share(m, m.sparkTrain())));
            }
            if (!m.torchTrain().isEmpty()) {
                sb.append(String.format(Locale.ROOT, row, "", "PyTorch, " + threads(torch.threads()),
                        spread(m.torchTrain(), "%,.0f"), spread(m.torchInfer(), "%,.0f"), gflops(m, m.torchTrain()),
                        share(m, m.torchTrain())));
            }
            Pool p = m.pool();
            sb.append(String.format(Locale.ROOT, row, "", "sweep mode, " + p.cores() + " trials x 1",
                    spread(p.sweepTrain(), "%,.0f"), spread(p.sweepInfer(), "%,.0f"), gflops(m, p.sweepTrain()),
                    share(m, p.sweepTrain())));
            if (!p.torchTrain().isEmpty()) {
                sb.append(String.format(Locale.ROOT, row, "", "PyTorch pool, " + p.cores() + " proc x 1",
                        spread(p.torchTrain(), "%,.0f"), spread(p.torchInfer(), "%,.0f"), gflops(m, p.torchTrain()),
                        share(m, p.torchTrain())));
            }
        }
        sb.append('\n');
        for (ModelResult m : models) {
            List<String> ratios = new ArrayList<>();
            addRatio(ratios, "sweep mode/PyTorch pool", m.pool().sweepTrain().medianOver(m.pool().torchTrain()));
            addRatio(ratios, "one trial/one PyTorch process", m.pool().sweepTrial().medianOver(
                    m.pool().torchProcess()));
            addRatio(ratios, "Spark/plain", m.sparkTrain().medianOver(m.dl4jTrain()));
            addRatio(ratios, "DL4J plain/PyTorch", m.dl4jTrain().medianOver(m.torchTrain()));
            addRatio(ratios, "Spark/PyTorch", m.sparkTrain().medianOver(m.torchTrain()));
            sb.append(String.format(Locale.ROOT, "%s: %s; %s; %,d parameters; %.2f MFLOP forward, %.2f MFLOP "
                            + "training per sample.%s%n", m.name(), m.source(), m.description(), m.parameters(),
                    m.forwardFlop() / 1e6, m.trainFlop() / 1e6,
                    ratios.isEmpty() ? "" : " Training speed " + String.join(", ", ratios) + "."));
        }
        sb.append("FLOP: ").append(FLOP_CONVENTION).append(". Share of peak: achieved GFLOP/s over the machine's "
                + "GEMM peak (all cores).\n");
        if (sweep != null) {
            sb.append('\n').append(sweepText());
        }
        sb.append(String.format(Locale.ROOT, "%nbench took %.0f s%n", seconds));
        return sb.toString();
    }

    private String sweepText() {
        StringBuilder sb = new StringBuilder();
        if (!sweep.runs().isEmpty()) {
            sb.append(String.format(Locale.ROOT, "Sweep efficiency: %s reduced to %d trials, %d training images, %d "
                            + "epochs, run in each mode (the full sweep would run %s).%n", sweep.source(),
                    sweep.trialsPerRun(), sweep.samplesPerRun(), sweep.epochsPerRun(), sweep.mode()));
            String row = "  %-15s %7s %7s %16s %17s %16s %16s%n";
            sb.append(String.format(Locale.ROOT, row, "mode", "trials", "wall s", "training core-s",
                    "core utilisation", "CPU utilisation", "s/epoch (mean)"));
            for (SweepEfficiency.Run r : sweep.runs()) {
                Utilisation u = r.utilisation();
                sb.append(String.format(Locale.ROOT, row, u.mode(), u.trials(), num(u.wallSeconds(), "%.1f"),
                        num(u.busyCoreSeconds(), "%.1f") + " (x" + u.coresPerTrial() + ")",
                        pct(u.coreUtilisation()), pct(u.cpuUtilisation()), num(r.secondsPerEpoch(), "%.2f")));
            }
            sb.append("  core utilisation: training seconds recorded in trials/ x cores each trial held, over wall "
                    + "time x cores; CPU utilisation: the JVM's CPU time over wall time x cores.\n");
        }
        sb.append(String.format(Locale.ROOT, "Plan of %s: %d orderings, %d combinations, %d trials; dedupe: %.3f "
                        + "instead of %.3f TFLOP (saves %s).%n", sweep.source(), sweep.orderings(),
                sweep.combinations(), sweep.trials(), sweep.tflop(), sweep.tflopWithoutDedupe(),
                pct(sweep.dedupeSavedShare())));
        HalvingBudget h = sweep.halving();
        sb.append(String.format(Locale.ROOT, "Successive halving (%s, min-epochs %d, reduction %d): rungs %s with %s "
                        + "trials: %d trial-epochs instead of %d, on %.0f%% of the data (saves %s).%n",
                sweep.halvingEnabled() ? "on" : "off in this configuration; if it were on",
                sweep.halvingMinEpochs(), sweep.halvingReduction(), h.rungs(), h.trialsPerRung(), h.trialEpochs(),
                h.trialEpochsWithoutHalving(), 100 * (1 - h.validationFraction()), pct(h.savedShare())));
        return sb.toString();
    }

    private String torchLine() {
        if (!torch.ran()) {
            return torch.note();
        }
        if (!torch.available()) {
            return "not available (" + torch.note() + ")";
        }
        return String.format(Locale.ROOT, "%s with %d threads, BLAS %s, OPENBLAS_NUM_THREADS=1 (%s)",
                torch.version(), torch.threads(), torch.blas(), torch.python());
    }

    private String gflops(ModelResult m, Spread sps) {
        return sps.isEmpty() ? "-" : num(Flops.achievedGflops(sps.median(), m.trainFlop()), "%.1f");
    }

    private String share(ModelResult m, Spread sps) {
        return sps.isEmpty() ? "-" : pct(Flops.shareOfPeak(Flops.achievedGflops(sps.median(), m.trainFlop()),
                gemm.peak()));
    }

    private static void addRatio(List<String> out, String name, double r) {
        if (Double.isFinite(r)) {
            out.add(name + " " + ratio(r));
        }
    }

    static String threads(int n) {
        return n + (n == 1 ? " thread" : " threads");
    }

    static String spread(Spread s, String format) {
        if (s.isEmpty()) {
            return "-";
        }
        return String.format(Locale.ROOT, format + " [" + format + "-" + format + "]", s.median(), s.min(), s.max());
    }

    static String num(double d, String format) {
        return Double.isFinite(d) ? String.format(Locale.ROOT, format, d) : "-";
    }

    static String pct(double share) {
        return Double.isFinite(share) ? String.format(Locale.ROOT, "%.1f%%", 100 * share) : "-";
    }

    static String ratio(double r) {
        return Double.isFinite(r) ? String.format(Locale.ROOT, "%.2f", r) : "-";
    }
}
