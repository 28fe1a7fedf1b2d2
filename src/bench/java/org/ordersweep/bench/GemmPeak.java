package org.ordersweep.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The machine's FP32 matrix-product speed through ND4J: the ceiling any training path here could approach. The
 * arrays are allocated once; each measurement is the better of two products, since a peak is a best case.
 */
final class GemmPeak implements AutoCloseable {

    private final int n;
    private final INDArray a;
    private final INDArray b;
    private final INDArray c;

    GemmPeak(int n) {
        this.n = n;
        Nd4j.getRandom().setSeed(7);
        this.a = Nd4j.rand(DataType.FLOAT, n, n);
        this.b = Nd4j.rand(DataType.FLOAT, n, n);
        this.c = Nd4j.create(DataType.FLOAT, n, n);
    }

    /** GFLOP/s with {@code threads} native threads; the thread setting is restored afterwards. */
    double measure(int threads) {
        NativeThreads.Setting before = NativeThreads.current();
        NativeThreads.use(threads);
        try {
            double best = 0;
            for (int i = 0; i < 2; i++) {
                long t0 = System.nanoTime();
                a.mmuli(b, c);
                best = Math.max(best, Flops.gflops(Flops.gemm(n), (System.nanoTime() - t0) / 1e9));
            }
            return best;
        } finally {
            NativeThreads.apply(before);
        }
    }

    int size() {
        return n;
    }

    @Override
    public void close() {
        a.close();
        b.close();
        c.close();
    }
}
