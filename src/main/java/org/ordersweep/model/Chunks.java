package org.ordersweep.model;

/**
 * Work arrays for the Java loops of the training step ({@link JavaAdam}, {@link InvertedDropout}), one set per
 * thread. The loops copy the native buffers into Java arrays a chunk at a time because the JIT vectorises loops over
 * arrays and not over buffers; allocating those arrays on every call was half of a training step's heap allocation,
 * and so half of its young collections. A network trains on one thread, and the loops do not call each other.
 */
final class Chunks {

    /** Elements per chunk. */
    static final int SIZE = 4096;

    private static final ThreadLocal<Chunks> OF_THREAD = ThreadLocal.withInitial(Chunks::new);

    final float[] first = new float[SIZE];
    final float[] second = new float[SIZE];
    final float[] third = new float[SIZE];
    final int[] ints = new int[SIZE];

    private Chunks() {
    }

    static Chunks ofThisThread() {
        return OF_THREAD.get();
    }
}
