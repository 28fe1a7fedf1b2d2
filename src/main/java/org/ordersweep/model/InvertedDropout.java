package org.ordersweep.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;

import java.nio.FloatBuffer;

/**
 * One draw of DL4J's dropout mask, computed in Java bit for bit as ND4J's {@code DropOutInverted} op does it, and
 * applied as a product in one pass. DL4J 1.0.0-M2 makes the mask with three ops (fill with ones, the random op,
 * multiply) and multiplies again in the backward pass; the random op alone was 6.7% of the small model's training
 * profile, as it hashes each element's index with the generator's two states. Here the same hash runs in Java,
 * and the mask is never stored: the backward pass draws it again from the states kept. The generator is left
 * where the op leaves it, so whatever draws next (the next dropout layer, the next minibatch) sees the same state
 * as with DL4J's code, and so every trial's numbers are the same to the bit (TrainingStepTest,
 * InvertedDropoutTest against the op itself).
 */
final class InvertedDropout {

    /** 0, 1, 2, ...: the loop reads an element's index from here, as the JIT does not vectorise a loop over i + c. */
    private static final int[] IOTA = java.util.stream.IntStream.range(0, Chunks.SIZE).toArray();

    private final long rootState;
    private final long nodeState;
    private final long length;
    /**
     * The largest top 23 bits of a draw that keeps its element, -1 when none does: {@link #threshold}'s, whose low 9
     * bits are all ones, so a draw is at most the threshold exactly when its top 23 bits are at most these.
     */
    private final int lastKept;
    /** A kept element's factor, 1 / keep in float, as the op writes it into the mask (0 when nothing is kept). */
    private final float scale;

    private InvertedDropout(long rootState, long nodeState, long length, float keep) {
        this.rootState = rootState;
        this.nodeState = nodeState;
        this.length = length;
        this.lastKept = (int) ((threshold(keep) + 1) >> 9) - 1;
        this.scale = keep > 0 ? 1f / keep : 0f;
    }

    /**
     * Draws the mask for {@code length} elements from {@code rng} and advances it as the op would.
     *
     * @param keep the probability of keeping an element, DL4J's {@code Dropout.getP()}
     */
    static InvertedDropout draw(Random rng, double keep, long length) {
        long root = rng.rootState();
        long node = rng.nodeState();
        rng.setStates(root, advanced(node, length));
        return new InvertedDropout(root, node, length, (float) keep);
    }

    /** Whether {@link #apply} can read and write this array directly: a dense float array in C order. */
    static boolean applicable(INDArray a) {
        return DenseFloats.applicable(a);
    }

    /** {@code out = in * mask}, element by element; {@code out} may be {@code in}. */
    void apply(INDArray in, INDArray out) {
        if (in.length() != length || out.length() != length) {
            throw new IllegalArgumentException("mask of " + length + " elements, arrays of " + in.length() + " and "
                    + out.length());
        }
        FloatBuffer src = DenseFloats.of(in);
        FloatBuffer dst = DenseFloats.of(out);
        Chunks chunks = Chunks.ofThisThread();
        float[] chunk = chunks.first;
        int[] kept = chunks.ints;
        for (int start = 0; start < length; start += Chunks.SIZE) {
            int n = (int) Math.min(Chunks.SIZE, length - start);
            src.get(start, chunk, 0, n);
            kept(start, n, kept);
            for (int i = 0; i < n; i++) {
                chunk[i] *= scale * kept[i];
            }
            dst.put(start, chunk, 0, n);
        }
    }

    /**
     * 1 for each kept element of {@code n} from {@code start}, else 0: {@link #bits} in int arithmetic, in a loop of
     * its own, which the JIT turns into vector instructions (the same hash in long arithmetic, or in the loop that
     * multiplies, it runs one element at a time, three times slower). Only the hash's low 32 bits are used, and the low
     * 32 bits of sums, products and bitwise operations depend only on the operands' low 32 bits. The comparison with
     * {@link #lastKept} cannot overflow: both sides are below 2^23.
     */
    private void kept(int start, int n, int[] kept) {
        int root = (int) rootState;
        int node = (int) nodeState;
        int factor = (int) (nodeState + 24243287L);
        int index = start + 2;
        for (int i = 0; i < n; i++) {
            int k = index + IOTA[i];
            int s0 = root | k * factor;
            int s1 = node ^ k * (s0 + 723829);
            int mixed = (s1 ^ s0) * 0x9E3779BB;
            int draw = ((mixed << 5) | (mixed >>> 27)) * 5;
            kept[i] = 1 + ((lastKept - (draw >>> 9)) >> 31);
        }
    }

    /** An element's 32 random bits, unsigned: the op's hash of its index with the generator's two states. */
    static long bits(long rootState, long nodeState, long index) {
        long s0 = rootState | (index + 2) * (nodeState + 24243287L);
        long s1 = nodeState ^ (index + 2) * (s0 + 723829L);
        return (Integer.rotateLeft((int) (s1 ^ s0) * 0x9E3779BB, 5) * 5) & 0xffffffffL;
    }

    /** The node state after an op over {@code steps} elements, as libnd4j's generator rewinds it. */
    static long advanced(long nodeState, long steps) {
        int s0 = (int) nodeState;
        int s1 = (int) (nodeState >>> 32) ^ s0;
        int low = Integer.rotateLeft(s0, 26) ^ s1 ^ (s1 << 9);
        int high = Integer.rotateLeft(s1, 13);
        return ((low & 0xffffffffL) | ((long) high << 32)) ^ (steps ^ 0xdeadbeefL);
    }

    /**
     * The op's uniform number for a 32-bit draw: libnd4j keeps the draw's top 23 bits as a float's mantissa in [1, 2)
     * and subtracts 1, so the number is a multiple of 2^-23.
     */
    static float uniform(long draw) {
        return (draw >>> 9) * 0x1p-23f;
    }

    /**
     * The largest draw that keeps its element, -1 when none does: the op drops an element when its uniform number is
     * at least {@code keep}, so it keeps the draws whose top 23 bits are below keep x 2^23, rounded up.
     */
    static long threshold(float keep) {
        long limit = (long) Math.ceil(Math.min(Math.max(keep, 0f), 1f) * (double) (1 << 23));
        return limit * 512 - 1;
    }
}
