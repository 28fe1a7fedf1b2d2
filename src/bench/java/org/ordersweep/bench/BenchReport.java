package org.ordersweep.bench;

import org.ordersweep.train.ExecutionMode;

import java.util.List;

/**
 * Everything one bench run measured, as data only: {@link BenchTable} prints it for people, {@link BenchJson} as one
 * JSON line for scripts. The headline figures are the first model's: the reference CNN. {@code jitSeconds} is the
 * time the JVM's JIT compilers spent in each round: threads that compete with the trials for the cores, which the
 * PyTorch side does not have; a round that still compiles is not yet the steady state.
 */
public record BenchReport(Setup setup, Gemm gemm, OpCost opCost, Spread jitSeconds, List<ModelResult> models,
                          Torch torch, Sweep sweep, double seconds) {

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

    /**
     * The fixed cost of one op, whatever its arrays: microseconds of an in-place add of two 16-float vectors through
     * ND4J ({@link TinyOp}) and through PyTorch (empty when PyTorch did not run).
     */
    public record OpCost(Spread nd4jMicros, Spread torchMicros) {
    }

    /**
     * Each side the way it runs a sweep over all {@code cores}: ordersweep's trial-parallel mode (one trial per core,
     * one native thread each) and PyTorch as a process pool (one process per core, one thread each), all at once.
     * Machine throughputs add the trials' (processes') own samples per second, the same way on both sides;
     * {@code sweepTrial} and {@code torchProcess} are the median trial's, {@code sweepSlowest} and
     * {@code torchSlowest} the slowest one's, and {@code sweepTrainWall} every trial's samples over the wall time of
     * the pass, which waits for the slowest trial (how the sweep side was counted before 2026-12-05).
     */
    public record Pool(int cores, Spread sweepTrain, Spread sweepInfer, Spread sweepTrial, Spread torchTrain,
                       Spread torchInfer, Spread torchProcess, Spread sweepTrainWall, Spread sweepSlowest,
                       Spread torchSlowest) {
    }

    /** One model's throughputs (samples/s) on every path; empty spreads for paths not run. */
    public record ModelResult(String name, String source, String description, int batch, long parameters,
                              double forwardFlop, double trainFlop, String layerHelpers, double nd4jOpsPerStep,
                              Spread dl4jTrain, Spread dl4jInfer, Spread sparkTrain, Spread torchTrain,
                              Spread torchInfer, Pool pool) {
        public double trainGflop() {
            return trainFlop / 1e9;
        }

        /**
         * The share of a sweep-mode step (one trial's, on one thread, as sweeps train) that is ND4J's fixed cost per
         * op: its ops times a tiny op's time, over the step's time (batch over the trial's median samples per
         * second); NaN when either is missing.
         */
        public double fixedCostShare(OpCost cost) {
            if (cost.nd4jMicros().isEmpty() || pool.sweepTrial().isEmpty()) {
                return Double.NaN;
            }
            double stepSeconds = batch / pool.sweepTrial().median();
            return nd4jOpsPerStep * cost.nd4jMicros().median() / 1e6 / stepSeconds;
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
                        int halvingReduction, HalvingBudget halving, ExecutionMode mode, List<SweepEfficiency.Run> runs,
                        int trialsPerRun, int samplesPerRun, int epochsPerRun) {
        double dedupeSavedShare() {
            return tflopWithoutDedupe > 0 ? 1 - tflop / tflopWithoutDedupe : Double.NaN;
        }

        /** The reduced sweep's run in {@code mode}; null when the sweeps were skipped. */
        Utilisation inMode(ExecutionMode mode) {
            return runs.stream().map(SweepEfficiency.Run::utilisation).filter(u -> u.mode() == mode).findFirst()
                    .orElse(null);
        }
    }

    /** The reference CNN's results: the headline figures. */
    public ModelResult reference() {
        return models.get(0);
    }
}
