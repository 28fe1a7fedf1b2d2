package org.ordersweep.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's fixed cost per op: the microseconds of an in-place add of two {@value #ELEMENTS}-float vectors, whose
 * arithmetic is nothing, so its time is ND4J building the op and calling into libnd4j. Times a training step's ops
 * ({@link PlainThroughput#opsPerStep}) it is the part of the step that no faster kernel shortens. PyTorch's
 * counterpart is timed the same way in {@code jobs/bench/torch_bench.py} ({@code tiny_op_us}).
 */
final class TinyOp {

    static final int ELEMENTS = 16;
    private static final int OPS = 20_000;

    private final INDArray v = Nd4j.rand(DataType.FLOAT, 1, ELEMENTS);
    private final INDArray w = Nd4j.rand(DataType.FLOAT, 1, ELEMENTS);

    /** Microseconds per op over one timed run (the caller has warmed it up). */
    double micros() {
        long t0 = System.nanoTime();
        for (int i = 0; i < OPS; i++) {
            v.addi(w);
        }
        double us = (System.nanoTime() - t0) / 1e3 / OPS;
        v.assign(w);
        return us;
    }
}
