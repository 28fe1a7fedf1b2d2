package org.ordersweep.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bench's results as text tables for people (the default output): every path that ran with its median and
 * min-max over the rounds, what it achieves against the GEMM peak, and "-" for anything not measured.
 */
public final class BenchTable {

    private BenchTable() {
    }

    /** A bench run's report. */
    public static String text(BenchReport r) {
        BenchReport.Setup setup = r.setup();
        BenchReport.Gemm gemm = r.gemm();
        StringBuilder sb = new StringBuilder();
        BackendInfo b = setup.backend();
        sb.append(String.format(Locale.ROOT, "ordersweep bench: %d repeats, interleaved; %d training images per pass "
                        + "(%s); %d cores; plain paths %s; Spark %s%n", setup.repeats(), setup.samples(),
                setup.data(), setup.cores(), threads(setup.threads()), setup.master()));
        sb.append(String.format(Locale.ROOT, "DL4J natives: nd4j-native %s (%s); layer helpers: %s; "
                        + "OMP_NUM_THREADS=%s%n", b.classifier(), b.backend(), r.reference().layerHelpers(),
                b.ompNumThreadsEnv()));
        sb.append("PyTorch: ").append(torchLine(r.torch())).append('\n');
        sb.append("Values: median [min-max] over the repeats.\n\n");

        sb.append(String.format(Locale.ROOT, "FP32 GEMM %d^3 through ND4J: 1 thread %s GFLOP/s, %s %s GFLOP/s"
                        + " (peak used below: %s)%n", gemm.size(), spread(gemm.oneThread(), "%.1f"),
                threads(gemm.threads()), spread(gemm.allThreads(), "%.1f"), num(gemm.peak(), "%.1f")));
        sb.append(String.format(Locale.ROOT, "Fixed cost of one op (in-place add of %d floats): ND4J %s us, PyTorch "
                + "%s us%n", TinyOp.ELEMENTS, spread(r.opCost().nd4jMicros(), "%.2f"),
                spread(r.opCost().torchMicros(), "%.2f")));
        sb.append(String.format(Locale.ROOT, "JIT compilation in the JVM per round (its threads compete with the "
                + "trials): %s s%n%n", spread(r.jitSeconds(), "%.1f")));

        double peak = gemm.peak();
        String row = "%-13s %-24s %25s %25s %9s %8s%n";
        sb.append(String.format(Locale.ROOT, row, "model", "path", "train samples/s", "inference samples/s",
                "GFLOP/s", "of peak"));
        for (BenchReport.ModelResult m : r.models()) {
            sb.append(String.format(Locale.ROOT, row, m.name(), "DL4J plain, " + threads(setup.threads()),
                    spread(m.dl4jTrain(), "%,.0f"), spread(m.dl4jInfer(), "%,.0f"), gflops(m, m.dl4jTrain()),
                    share(m, m.dl4jTrain(), peak)));
            if (!m.sparkTrain().isEmpty()) {
                sb.append(String.format(Locale.ROOT, row, "", "DL4J Spark " + setup.master(),
                        spread(m.sparkTrain(), "%,.0f"), "-", gflops(m, m.sparkTrain()),
                        share(m, m.sparkTrain(), peak)));
            }
            if (!m.torchTrain().isEmpty()) {
                sb.append(String.format(Locale.ROOT, row, "", "PyTorch, " + threads(r.torch().threads()),
                        spread(m.torchTrain(), "%,.0f"), spread(m.torchInfer(), "%,.0f"), gflops(m, m.torchTrain()),
                        share(m, m.torchTrain(), peak)));
            }
            BenchReport.Pool p = m.pool();
            sb.append(String.format(Locale.ROOT, row, "", "sweep mode, " + p.cores() + " trials x 1",
                    spread(p.sweepTrain(), "%,.0f"), spread(p.sweepInfer(), "%,.0f"), gflops(m, p.sweepTrain()),
                    share(m, p.sweepTrain(), peak)));
            if (!p.torchTrain().isEmpty()) {
                sb.append(String.format(Locale.ROOT, row, "", "PyTorch pool, " + p.cores() + " proc x 1",
                        spread(p.torchTrain(), "%,.0f"), spread(p.torchInfer(), "%,.0f"), gflops(m, p.torchTrain()),
                        share(m, p.torchTrain(), peak)));
            }
        }
        sb.append('\n');
        for (BenchReport.ModelResult m : r.models()) {
            List<String> ratios = new ArrayList<>();
            addRatio(ratios, "sweep mode/PyTorch pool", m.pool().sweepTrain().medianOver(m.pool().torchTrain()));
            addRatio(ratios, "the same waiting for the slowest trial", m.pool().sweepTrainWall().medianOver(
                    m.pool().torchTrain()));
            addRatio(ratios, "one trial/one PyTorch process", m.pool().sweepTrial().medianOver(
                    m.pool().torchProcess()));
            addRatio(ratios, "Spark/plain", m.sparkTrain().medianOver(m.dl4jTrain()));
            addRatio(ratios, "DL4J plain/PyTorch", m.dl4jTrain().medianOver(m.torchTrain()));
            addRatio(ratios, "Spark/PyTorch", m.sparkTrain().medianOver(m.torchTrain()));
            sb.append(String.format(Locale.ROOT, "%s: %s; %s; %,d parameters; %.2f MFLOP forward, %.2f MFLOP "
                            + "training per sample; %s ND4J ops per training step, their fixed cost %s of a "
                            + "sweep-mode step.%s%n", m.name(), m.source(), m.description(), m.parameters(),
                    m.forwardFlop() / 1e6, m.trainFlop() / 1e6, num(m.nd4jOpsPerStep(), "%.0f"),
                    pct(m.fixedCostShare(r.opCost())),
                    ratios.isEmpty() ? "" : " Training speed " + String.join(", ", ratios) + "."));
        }
        sb.append("FLOP: ").append(BenchReport.FLOP_CONVENTION).append(". Share of peak: achieved GFLOP/s over the "
                + "machine's GEMM peak (all cores).\n");
        if (r.sweep() != null) {
            sb.append('\n').append(sweep(r.sweep()));
        }
        sb.append(String.format(Locale.ROOT, "%nbench took %.0f s%n", r.seconds()));
        return sb.toString();
    }

    /** The training step's levers, one by one ({@link LeverBench}), each against DL4J's step as shipped. */
    public static String text(List<LeverBench.Row> rows, BenchModel model, int cores, int rounds) {
        Spread base = rows.get(0).train();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "Training-step levers: %s, %d trials x 1 thread, %d images per pass, median [min-max] of %d "
                        + "interleaved rounds%n", model.name(), cores, model.train().size(), rounds));
        sb.append(String.format(Locale.ROOT, "%-42s %-26s %s%n", "lever", "train samples/s", "vs DL4J's layers"));
        for (LeverBench.Row r : rows) {
            Spread s = r.train();
            sb.append(String.format(Locale.ROOT, "%-42s %-26s %.2f%n", r.lever().name(),
                    String.format(Locale.ROOT, "%,.0f [%,.0f-%,.0f]", s.median(), s.min(), s.max()),
                    s.medianOver(base)));
        }
        return sb.toString();
    }

    private static String sweep(BenchReport.Sweep sweep) {
        StringBuilder sb = new StringBuilder();
        if (!sweep.runs().isEmpty()) {
            sb.append(String.format(Locale.ROOT, "Sweep efficiency: %s reduced to %d trials, %d training images, %d "
                            + "epochs, run in each mode (the full sweep would run %s).%n", sweep.source(),
                    sweep.trialsPerRun(), sweep.samplesPerRun(), sweep.epochsPerRun(), sweep.mode().key()));
            String row = "  %-15s %7s %7s %16s %17s %16s %16s%n";
            sb.append(String.format(Locale.ROOT, row, "mode", "trials", "wall s", "training core-s",
                    "core utilisation", "CPU utilisation", "s/epoch (mean)"));
            for (SweepEfficiency.Run r : sweep.runs()) {
                Utilisation u = r.utilisation();
                sb.append(String.format(Locale.ROOT, row, u.mode().key(), u.trials(), num(u.wallSeconds(), "%.1f"),
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

    private static String torchLine(BenchReport.Torch torch) {
        if (!torch.ran()) {
            return torch.note();
        }
        if (!torch.available()) {
            return "not available (" + torch.note() + ")";
        }
        return String.format(Locale.ROOT, "%s with %d threads, BLAS %s, OPENBLAS_NUM_THREADS=1 (%s)",
                torch.version(), torch.threads(), torch.blas(), torch.python());
    }

    private static String gflops(BenchReport.ModelResult m, Spread sps) {
        return sps.isEmpty() ? "-" : num(Flops.achievedGflops(sps.median(), m.trainFlop()), "%.1f");
    }

    private static String share(BenchReport.ModelResult m, Spread sps, double peak) {
        return sps.isEmpty() ? "-" : pct(Flops.shareOfPeak(Flops.achievedGflops(sps.median(), m.trainFlop()), peak));
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
