package org.ordersweep.model;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.random.impl.DropOutInverted;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java mask against ND4J's {@code DropOutInverted} op, as DL4J's {@code Dropout} runs it (a mask of ones, the op,
 * a product): the same products to the bit and the generator left in the same state, over lengths around the chunk
 * size and keep probabilities including those whose threshold falls exactly on a draw.
 */
class InvertedDropoutTest {

    /** DL4J's dropout of {@code x}: the mask made by the op, then multiplied in; leaves the generator advanced. */
    private static INDArray dl4j(INDArray x, double keep) {
        INDArray mask = Nd4j.ones(DataType.FLOAT, x.shape());
        Nd4j.getExecutioner().exec(new DropOutInverted(mask, mask, keep));
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
        Nd4j.getExecutioner().exec(new MulOp(x, mask, out));
        return out;
    }

    private static INDArray data(long seed, long... shape) {
        java.util.Random r = new java.util.Random(seed);
        INDArray x = Nd4j.createUninitialized(DataType.FLOAT, shape);
        for (long i = 0; i < x.length(); i++) {
            // Negative values too: a dropped negative element is -0.0 in both, a float the bits tell apart.
            x.putScalar(i, (float) r.nextGaussian());
        }
        return x;
    }

    @Test
    void theSameProductsAndGeneratorStateAsNd4jsOp() {
        Random rng = Nd4j.getRandom();
        long[] lengths = {1, 2, 4095, 4096, 4097, 10_000, 100_352};
        double[] keeps = {0.75, 0.5, 0.9, 0.3, 1.0, 0.1 + 0.2, 0.0};
        int dropped = 0;
        for (int t = 0; t < lengths.length * keeps.length; t++) {
            long n = lengths[t / keeps.length];
            double keep = keeps[t % keeps.length];
            INDArray x = data(t, n);
            rng.setSeed(1_000L + 31L * t);
            INDArray expected = dl4j(x, keep);
            long root = rng.rootState();
            long node = rng.nodeState();

            rng.setSeed(1_000L + 31L * t);
            INDArray actual = Nd4j.createUninitialized(DataType.FLOAT, n);
            InvertedDropout.draw(rng, keep, n).apply(x, actual);
            String what = "length " + n + ", keep " + keep;
            assertArrayEquals(expected.toFloatVector(), actual.toFloatVector(), 0f, what);
            assertEquals(root, rng.rootState(), what);
            assertEquals(node, rng.nodeState(), what);
            for (float v : actual.toFloatVector()) {
                dropped += v == 0f ? 1 : 0;
            }
        }
        assertTrue(dropped > 0, "some elements dropped");
    }

    @Test
    void theBackwardPassDrawsTheForwardMaskAgain() {
        Random rng = Nd4j.getRandom();
        rng.setSeed(7);
        INDArray x = data(1, 32, 14, 14, 16);
        InvertedDropout mask = InvertedDropout.draw(rng, 0.75, x.length());
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
        mask.apply(x, out);
        INDArray ones = Nd4j.ones(DataType.FLOAT, x.shape());
        INDArray grad = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
        mask.apply(ones, grad);
        // The gradient is the mask itself: 1 / 0.75 where the forward pass kept the element, 0 where it dropped it.
        assertEquals(out.neq(0).castTo(DataType.FLOAT).sumNumber().doubleValue(),
                grad.neq(0).castTo(DataType.FLOAT).sumNumber().doubleValue());
        assertEquals(x.mul(grad), out);
        double kept = grad.neq(0).castTo(DataType.FLOAT).meanNumber().doubleValue();
        assertEquals(0.75, kept, 0.005, "the share kept");
        assertEquals(1f / 0.75f, grad.maxNumber().floatValue());
    }

    @Test
    void viewsAndInPlace() {
        Random rng = Nd4j.getRandom();
        INDArray matrix = data(3, 3, 5_000);
        INDArray row = matrix.getRow(1);
        assertTrue(InvertedDropout.applicable(row));
        rng.setSeed(5);
        INDArray expected = dl4j(row.dup(), 0.75);
        rng.setSeed(5);
        INDArray before = matrix.dup();
        InvertedDropout.draw(rng, 0.75, row.length()).apply(row, row);
        assertEquals(expected, matrix.getRow(1));
        assertEquals(before.getRow(0), matrix.getRow(0));
        assertEquals(before.getRow(2), matrix.getRow(2));
    }

    @Test
    void onlyDenseFloatArraysInCOrder() {
        assertFalse(InvertedDropout.applicable(Nd4j.zeros(DataType.DOUBLE, 4)));
        assertFalse(InvertedDropout.applicable(Nd4j.zeros(DataType.FLOAT, 4, 3).transpose()));
        assertFalse(InvertedDropout.applicable(Nd4j.zeros(DataType.FLOAT, 4, 6).getColumn(2)));
        assertTrue(InvertedDropout.applicable(Nd4j.zeros(DataType.FLOAT, 2, 3, 4, 5)));
        InvertedDropout mask = InvertedDropout.draw(Nd4j.getRandom(), 0.5, 10);
        assertThrows(IllegalArgumentException.class,
                () -> mask.apply(Nd4j.zeros(DataType.FLOAT, 11), Nd4j.zeros(DataType.FLOAT, 11)));
    }

    @Test
    void theThresholdIsTheLastDrawKept() {
        for (float keep : new float[] {0.5f, 0.75f, 0.3f, 0.1f, 1e-9f}) {
            long t = InvertedDropout.threshold(keep);
            assertTrue(InvertedDropout.uniform(t) < keep, "keep " + keep);
            assertTrue(InvertedDropout.uniform(t + 1) >= keep, "keep " + keep);
        }
        assertEquals((1L << 32) - 1, InvertedDropout.threshold(1f));
        assertEquals(-1L, InvertedDropout.threshold(0f));
        assertEquals(-1L, InvertedDropout.threshold(-1f));
    }

    /**
     * Random data reaches a threshold's neighbourhood about once in ten million elements, so the op is also asked
     * about the draws right at each threshold: a generator state is solved for each draw (below) and the op and the
     * Java mask each drop or keep that one element.
     */
    @Test
    void theOpAndTheJavaMaskAgreeAtEveryThreshold() {
        Random rng = Nd4j.getRandom();
        INDArray one = Nd4j.ones(DataType.FLOAT, 1);
        int kept = 0;
        for (double keep : new double[] {0.75, 0.5, 0.3, 0.1, 0.9, 0.65, 0.25 + 1e-9, 1.0}) {
            long t = InvertedDropout.threshold((float) keep);
            for (long target = t - 2; target <= Math.min(t + 2, (1L << 32) - 1); target++) {
                long[] state = stateDrawing(target);
                assertEquals(target, InvertedDropout.bits(state[0], state[1], 0));
                rng.setStates(state[0], state[1]);
                INDArray op = one.dup();
                Nd4j.getExecutioner().exec(new DropOutInverted(op, op, keep));
                rng.setStates(state[0], state[1]);
                INDArray java = Nd4j.createUninitialized(DataType.FLOAT, 1);
                InvertedDropout.draw(rng, keep, 1).apply(one, java);
                assertEquals(op.getFloat(0), java.getFloat(0), 0f, "keep " + keep + ", draw " + target);
                kept += target <= t ? 1 : 0;
                assertEquals(target <= t, java.getFloat(0) != 0f, "keep " + keep + ", draw " + target);
            }
        }
        assertTrue(kept > 0);
    }

    /**
     * Generator states whose element 0 draws {@code target}. With this node the index term of the hash is zero, so
     * the draw's 32 bits are h(root ^ node ^ 2 (root + 723829)) for the hash's last steps h (a multiplication, a
     * rotation, a multiplication: each undone), and each bit k of that xor depends on root's bits up to k only.
     */
    private static long[] stateDrawing(long target) {
        long node = -24243287L;
        int h = Integer.rotateRight((int) target * inverse(5), 5) * inverse(0x9E3779BB);
        int w = h ^ (int) node;
        long root = 0;
        for (int k = 0; k < 32; k++) {
            long carried = 2 * (root + 723829L);
            root |= (((w >>> k) ^ (carried >>> k)) & 1L) << k;
        }
        return new long[] {root, node};
    }

    /** The inverse of an odd number modulo 2^32 (Newton's iteration doubles the correct bits each step). */
    private static int inverse(int odd) {
        int x = odd;
        for (int i = 0; i < 5; i++) {
            x *= 2 - odd * x;
        }
        return x;
    }
}
