package org.ordersweep.model;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Exact equality of float arrays, every bit (signed zeros and NaNs included): ND4J's own {@code equals} allows a
 * difference of 1e-5, which would let a change in rounding pass as "the same numbers".
 */
final class BitForBit {

    private BitForBit() {
    }

    static void assertIdentical(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        int[] e = bits(expected);
        int[] a = bits(actual);
        for (int i = 0; i < e.length; i++) {
            if (e[i] != a[i]) {
                throw new AssertionError(what + ": element " + i + " is " + Float.intBitsToFloat(a[i])
                        + ", expected " + Float.intBitsToFloat(e[i]) + " (of " + e.length + ")");
            }
        }
    }

    static void assertIdentical(Map<String, INDArray> expected, Map<String, INDArray> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what);
        for (String key : expected.keySet()) {
            assertIdentical(expected.get(key), actual.get(key), what + ", " + key);
        }
    }

    private static int[] bits(INDArray a) {
        float[] f = a.dup('c').reshape(a.length()).toFloatVector();
        int[] b = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            b[i] = Float.floatToRawIntBits(f[i]);
        }
        return b;
    }
}
