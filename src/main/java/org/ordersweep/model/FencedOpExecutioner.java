package org.ordersweep.model;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BroadcastOp;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.IndexAccumulation;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.RandomOp;
import org.nd4j.linalg.api.ops.ReduceOp;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.api.shape.TadPack;
import org.nd4j.linalg.cpu.nativecpu.ops.NativeOpExecutioner;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * ND4J's CPU executioner, with every op kept reachable until its native call has returned.
 *
 * <p>Why: ND4J frees an array's native memory when the collector finds its Java buffer unreachable (a deallocator
 * thread deletes it). ND4J 1.0.0-M2's executioner passes an op's buffers to native code and never touches the op
 * again, so once the JIT has compiled it the op is dead during the call. An array that only the op holds - a
 * broadcast's dimension array, created outside every workspace - can then be collected while native code reads it.
 * With two trials training in one JVM, one trial's end runs a collection while the other is inside a broadcast (a
 * dense or output layer's bias), and the JVM dies with SIGSEGV in {@code sd::DataBuffer::primary()} or
 * {@code sd::TadDescriptor} (docs/operations.md, "A native crash and its cause"). Each override holds the op (and its
 * context) past the call with {@link Reference#reachabilityFence}; the numbers are ND4J's own.
 *
 * <p>It also keeps the shape information of arrays ({@link #createShapeInfo}) once per distinct shape, and that of
 * their sub-arrays along dimensions ({@link #tadShapeInfoAndOffsets}).
 */
public final class FencedOpExecutioner extends NativeOpExecutioner {

    private static final Object LOCK = new Object();
    private static final LongAdder OPS = new LongAdder();
    /**
     * Distinct shapes (and shapes with dimensions) kept at most in each cache; past this, what is not kept is made
     * anew for every array, as ND4J does.
     */
    static final int MAX_KEPT = 10_000;

    private final ConcurrentHashMap<Longs, DataBuffer> shapes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Longs, TadPack> tads = new ConcurrentHashMap<>();

    /**
     * Makes this the executioner every ND4J op in this JVM goes through, once; ND4J chooses its executioner when it
     * starts and has no setter, so the choice is replaced in place. Called before the first network of a JVM is
     * built or trained: ops already in flight on other threads finish on the executioner they started with. The
     * calling thread also gets OpenMP's count from {@code OMP_NUM_THREADS} ({@link OpenMpThreads}).
     */
    public static void install() {
        OpenMpThreads.onThisThread(); // starts ND4J, if nothing has, where its count of 4 threads cannot stay
        if (Nd4j.getExecutioner() instanceof FencedOpExecutioner) {
            return;
        }
        synchronized (LOCK) {
            OpExecutioner current = Nd4j.getExecutioner();
            if (current instanceof FencedOpExecutioner) {
                return;
            }
            FencedOpExecutioner fenced = new FencedOpExecutioner();
            fenced.setProfilingMode(current.getProfilingMode());
            try {
                Field f = Nd4j.class.getDeclaredField("OP_EXECUTIONER_INSTANCE");
                f.setAccessible(true);
                f.set(null, fenced);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot install the fenced ND4J executioner: " + e, e);
            }
        }
    }

    @Override
    public INDArray exec(Op op, OpContext oc) {
        // ND4J passes these kinds on to their own exec, overridden below, which counts them: counted once.
        boolean passedOn = op instanceof ScalarOp || op instanceof ReduceOp || op instanceof IndexAccumulation
                || op instanceof BroadcastOp || op instanceof RandomOp;
        return passedOn ? fenced(op, oc, () -> super.exec(op, oc)) : held(op, oc, () -> super.exec(op, oc));
    }

    @Override
    public INDArray exec(BroadcastOp op, OpContext oc) {
        return held(op, oc, () -> super.exec(op, oc));
    }

    @Override
    public INDArray exec(ReduceOp op, OpContext oc) {
        return held(op, oc, () -> super.exec(op, oc));
    }

    @Override
    public INDArray exec(ScalarOp op, OpContext oc) {
        return held(op, oc, () -> super.exec(op, oc));
    }

    @Override
    public INDArray exec(IndexAccumulation op, OpContext oc) {
        return held(op, oc, () -> super.exec(op, oc));
    }

    @Override
    public INDArray exec(RandomOp op, OpContext oc, Random rng) {
        return held(op, oc, () -> super.exec(op, oc, rng));
    }

    @Override
    public INDArray[] exec(CustomOp op, OpContext oc) {
        return held(op, oc, () -> super.exec(op, oc));
    }

    /**
     * An array's shape information, kept per distinct shape. ND4J 1.0.0-M2 asks for it for every array it creates,
     * views and reshapes included (hundreds per training step), and each time copies shape and strides into two new
     * native arrays, asks libnd4j for its constant buffer of that shape, and wraps the answer in a new Java buffer
     * registered for deallocation: native allocations on every array, and Java objects that the young collection
     * copies before the deallocator thread lets them go. The buffer libnd4j answers with is a constant of its cache,
     * the same memory for every array of that shape, which ND4J marks constant and never writes or closes; one Java
     * buffer per shape is therefore what every array of that shape gets.
     */
    @Override
    public DataBuffer createShapeInfo(long[] shape, long[] stride, long elementWiseStride, char order,
                                      DataType dtype, boolean empty) {
        return kept(shapes, shapeKey(shape, stride, elementWiseStride, order, dtype, empty ? 1 : 0, 0),
                () -> constant(super.createShapeInfo(shape, stride, elementWiseStride, order, dtype, empty)));
    }

    /** As {@link #createShapeInfo(long[], long[], long, char, DataType, boolean)}, with ND4J's extras. */
    @Override
    public DataBuffer createShapeInfo(long[] shape, long[] stride, long elementWiseStride, char order,
                                      DataType dtype, long extras) {
        return kept(shapes, shapeKey(shape, stride, elementWiseStride, order, dtype, extras, 1),
                () -> constant(super.createShapeInfo(shape, stride, elementWiseStride, order, dtype, extras)));
    }

    /**
     * The sub-arrays' shape and offsets along {@code dimension} (a broadcast's or a reduction's), kept per array shape
     * and dimensions, for the same reason as {@link #createShapeInfo}: libnd4j answers from its constant cache, and
     * ND4J wraps the answer in two new Java buffers and a new native array of the dimensions on every op.
     */
    @Override
    public TadPack tadShapeInfoAndOffsets(INDArray array, int[] dimension) {
        long[] info = array.shapeInfoJava();
        long[] key = Arrays.copyOf(info, info.length + dimension.length);
        for (int i = 0; i < dimension.length; i++) {
            key[info.length + i] = dimension[i];
        }
        return kept(tads, new Longs(key), () -> super.tadShapeInfoAndOffsets(array, dimension));
    }

    /** Marked as ND4J's shape provider marks it: then no array's close() closes it. */
    private static DataBuffer constant(DataBuffer shapeInfo) {
        shapeInfo.setConstant(true);
        return shapeInfo;
    }

    private static Longs shapeKey(long[] shape, long[] stride, long elementWiseStride, char order, DataType dtype,
                                  long extra, int kind) {
        long[] values = new long[shape.length + stride.length + 6];
        values[0] = shape.length;
        System.arraycopy(shape, 0, values, 1, shape.length);
        System.arraycopy(stride, 0, values, 1 + shape.length, stride.length);
        int i = 1 + shape.length + stride.length;
        values[i] = elementWiseStride;
        values[i + 1] = order;
        values[i + 2] = dtype.ordinal();
        values[i + 3] = extra;
        values[i + 4] = kind;
        return new Longs(values);
    }

    /** What {@code cache} holds for {@code key}, made and kept on first use while it holds fewer than the bound. */
    private static <V> V kept(ConcurrentHashMap<Longs, V> cache, Longs key, Supplier<V> create) {
        V kept = cache.get(key);
        if (kept != null) {
            return kept;
        }
        V created = create.get();
        if (cache.size() >= MAX_KEPT) {
            return created;
        }
        V first = cache.putIfAbsent(key, created);
        return first == null ? created : first;
    }

    /** The distinct shapes whose information is kept. */
    int shapesKept() {
        return shapes.size();
    }

    /** The distinct array shapes and dimensions whose sub-array information is kept. */
    int tadsKept() {
        return tads.size();
    }

    /** A key of longs, compared by value. */
    private static final class Longs {
        private final long[] values;
        private final int hash;

        Longs(long[] values) {
            this.values = values;
            this.hash = Arrays.hashCode(values);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Longs k && k.hash == hash && Arrays.equals(k.values, values);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /**
     * The ND4J ops executed in this JVM so far, on every thread: each has a fixed cost in ND4J's Java code (building
     * the op, its result's shape information) however small its arrays, so their number per training step says how
     * much of a step that cost takes (the bench reports it). GEMMs through BLAS count too (ND4J runs them as ops).
     */
    public static long opsExecuted() {
        return OPS.sum();
    }

    /** Counts the op and runs ND4J's call with the op and its context reachable until it has returned. */
    private static <T> T held(Object op, OpContext oc, Supplier<T> call) {
        OPS.increment();
        return fenced(op, oc, call);
    }

    private static <T> T fenced(Object op, OpContext oc, Supplier<T> call) {
        try {
            return call.get();
        } finally {
            Reference.reachabilityFence(op);
            Reference.reachabilityFence(oc);
        }
    }
}
