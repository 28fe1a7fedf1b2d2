package org.ordersweep.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;

/** Float arrays that Java code reads and writes directly, element i at buffer position offset + i. */
final class DenseFloats {

    private DenseFloats() {
    }

    /**
     * Whether the array is laid out as C order without gaps. ND4J's own test (Shape.hasDefaultStridesForShape)
     * rejects any shape with a dimension of 1 after the first, such as one-channel images, N x H x W x 1.
     */
    static boolean dense(INDArray a) {
        long expected = 1;
        for (int i = a.rank() - 1; i >= 0; i--) {
            if (a.size(i) != 1 && a.stride(i) != expected) {
                return false;
            }
            expected *= a.size(i);
        }
        return true;
    }

    /** Whether {@link #of} can serve the array: dense floats of at most 2^31 - 1 elements. */
    static boolean applicable(INDArray a) {
        return a.dataType() == DataType.FLOAT && dense(a) && a.length() <= Integer.MAX_VALUE;
    }

    /** The array's elements in C order, read and written in place. */
    static FloatBuffer of(INDArray a) {
        return a.data().asNioFloat().slice((int) a.offset(), (int) a.length());
    }
}
