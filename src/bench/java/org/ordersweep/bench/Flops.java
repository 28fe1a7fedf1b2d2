package org.ordersweep.bench;

/**
 * FLOP arithmetic of the bench. Convention (the project's {@link org.ordersweep.model.CostModel}): a multiply-add is
 * 2 FLOP; one training step costs three forward passes (forward, gradient with respect to the inputs, gradient with
 * respect to the weights) plus dropout's mask and scale. A matrix product of n x n by n x n costs 2 n^3.
 */
public final class Flops {

    private Flops() {
    }

    /** FLOP of one n x n by n x n matrix product. */
    public static double gemm(int n) {
        return 2.0 * n * n * n;
    }

    /** GFLOP/s achieved when {@code flop} FLOP take {@code seconds}. */
    public static double gflops(double flop, double seconds) {
        return seconds > 0 ? flop / seconds / 1e9 : Double.NaN;
    }

    /** GFLOP/s a path achieves at a throughput, from the cost model's FLOP per sample. */
    public static double achievedGflops(double samplesPerSecond, double flopPerSample) {
        return samplesPerSecond * flopPerSample / 1e9;
    }

    /** Share of the machine's GEMM peak, in [0, 1] for sane inputs; NaN when either side is unknown. */
    public static double shareOfPeak(double achievedGflops, double peakGflops) {
        return Double.isFinite(achievedGflops) && Double.isFinite(peakGflops) && peakGflops > 0
                ? achievedGflops / peakGflops : Double.NaN;
    }
}
