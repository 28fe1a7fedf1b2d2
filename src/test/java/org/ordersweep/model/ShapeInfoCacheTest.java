package org.ordersweep.model;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.TadPack;
import org.nd4j.linalg.cpu.nativecpu.ops.NativeOpExecutioner;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The executioner's shape information, kept once per distinct shape: what every array of a shape gets is what ND4J's
 * own executioner makes for it, arrays of different shapes never share it, closing an array leaves it intact, and
 * past the bound every array gets its own again; and the same for sub-arrays along dimensions.
 */
class ShapeInfoCacheTest {

    @BeforeAll
    static void install() {
        FencedOpExecutioner.install();
    }

    private static long[] longs(DataBuffer b) {
        return b.asLong();
    }

    @Test
    void arraysOfOneShapeShareItAndItIsNd4jsOwn() {
        INDArray a = Nd4j.create(DataType.FLOAT, 3, 4, 5);
        INDArray b = Nd4j.create(DataType.FLOAT, 3, 4, 5);
        assertSame(a.shapeInfoDataBuffer(), b.shapeInfoDataBuffer());
        NativeOpExecutioner plain = new NativeOpExecutioner();
        assertArrayEquals(longs(plain.createShapeInfo(new long[] {3, 4, 5}, new long[] {20, 5, 1}, 1, 'c',
                DataType.FLOAT, false)), longs(a.shapeInfoDataBuffer()));
    }

    @Test
    void everyPartOfTheShapeTellsArraysApart() {
        List<INDArray> arrays = new ArrayList<>();
        INDArray base = Nd4j.rand(DataType.FLOAT, 6, 8);
        arrays.add(base);
        arrays.add(Nd4j.create(DataType.FLOAT, new long[] {6, 8}, 'f'));   // order and strides
        arrays.add(Nd4j.create(DataType.DOUBLE, 6, 8));                    // data type
        arrays.add(Nd4j.create(DataType.FLOAT, 8, 6));                     // shape
        arrays.add(Nd4j.create(DataType.FLOAT, 48));                       // rank
        arrays.add(base.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2, 8))); // a strided view
        arrays.add(base.transpose());
        arrays.add(Nd4j.create(DataType.FLOAT, 0, 8));                     // empty
        IdentityHashMap<DataBuffer, INDArray> seen = new IdentityHashMap<>();
        for (INDArray x : arrays) {
            INDArray other = seen.put(x.shapeInfoDataBuffer(), x);
            assertTrue(other == null, x.shapeInfoToString() + " shares with " + (other == null ? "" :
                    other.shapeInfoToString()));
        }
        // Each reads as ND4J describes it.
        INDArray view = arrays.get(5);
        assertArrayEquals(new long[] {6, 4}, view.shape());
        assertArrayEquals(new long[] {8, 2}, view.stride());
        assertEquals(base.getFloat(5, 6), view.getFloat(5, 3), 0f);
        assertEquals('f', arrays.get(1).ordering());
        assertEquals(DataType.DOUBLE, arrays.get(2).dataType());
        assertTrue(arrays.get(7).isEmpty());
    }

    @Test
    void closingAnArrayLeavesTheSharedShapeIntact() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 7, 3);
        DataBuffer shape = a.shapeInfoDataBuffer();
        a.close();
        INDArray b = Nd4j.rand(DataType.FLOAT, 7, 3);
        assertSame(shape, b.shapeInfoDataBuffer());
        assertArrayEquals(new long[] {7, 3}, b.shape());
        assertEquals(21, b.dup().length());
    }

    @Test
    void subArraysAlongDimensionsAreKeptPerShapeAndDimensionsAndAreNd4jsOwn() {
        FencedOpExecutioner executioner = (FencedOpExecutioner) Nd4j.getExecutioner();
        NativeOpExecutioner plain = new NativeOpExecutioner();
        INDArray a = Nd4j.create(DataType.FLOAT, 5, 6, 7);
        INDArray b = Nd4j.create(DataType.FLOAT, 5, 6, 7);
        INDArray f = Nd4j.create(DataType.FLOAT, new long[] {5, 6, 7}, 'f');
        INDArray view = Nd4j.create(DataType.FLOAT, 5, 6, 14).get(NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(0, 2, 14));
        for (int[] dims : new int[][] {{0}, {2}, {1, 2}, {0, 2}}) {
            TadPack first = executioner.tadShapeInfoAndOffsets(a, dims);
            assertSame(first, executioner.tadShapeInfoAndOffsets(b, dims));
            for (INDArray x : List.of(a, f, view)) {
                TadPack kept = executioner.tadShapeInfoAndOffsets(x, dims);
                TadPack own = plain.tadShapeInfoAndOffsets(x, dims);
                assertArrayEquals(longs(own.getTadShapeInfo()), longs(kept.getTadShapeInfo()));
                assertArrayEquals(longs(own.getTadOffsets()), longs(kept.getTadOffsets()));
            }
            assertNotSame(first, executioner.tadShapeInfoAndOffsets(f, dims));
            assertNotSame(first, executioner.tadShapeInfoAndOffsets(view, dims));
        }
        assertNotSame(executioner.tadShapeInfoAndOffsets(a, new int[] {1}),
                executioner.tadShapeInfoAndOffsets(a, new int[] {2}));
        // A broadcast along them gives ND4J's numbers: the bias of a dense layer on a strided view.
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 10).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2, 10));
        INDArray row = Nd4j.rand(DataType.FLOAT, 1, 5);
        INDArray expected = x.dup();
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 5; j++) {
                expected.putScalar(i, j, x.getFloat(i, j) + row.getFloat(0, j));
            }
        }
        assertEquals(expected, x.addRowVector(row));
    }

    @Test
    void pastTheBoundEveryArrayGetsItsOwn() {
        FencedOpExecutioner executioner = new FencedOpExecutioner();
        NativeOpExecutioner plain = new NativeOpExecutioner();
        for (int i = 1; i <= FencedOpExecutioner.MAX_KEPT; i++) {
            executioner.createShapeInfo(new long[] {i}, new long[] {1}, 1, 'c', DataType.FLOAT, false);
        }
        assertEquals(FencedOpExecutioner.MAX_KEPT, executioner.shapesKept());
        long[] kept = {1};
        assertSame(executioner.createShapeInfo(kept, new long[] {1}, 1, 'c', DataType.FLOAT, false),
                executioner.createShapeInfo(kept, new long[] {1}, 1, 'c', DataType.FLOAT, false));
        long[] beyond = {FencedOpExecutioner.MAX_KEPT + 1L};
        DataBuffer first = executioner.createShapeInfo(beyond, new long[] {1}, 1, 'c', DataType.FLOAT, false);
        DataBuffer second = executioner.createShapeInfo(beyond, new long[] {1}, 1, 'c', DataType.FLOAT, false);
        assertNotSame(first, second);
        assertEquals(FencedOpExecutioner.MAX_KEPT, executioner.shapesKept());
        assertArrayEquals(longs(plain.createShapeInfo(beyond, new long[] {1}, 1, 'c', DataType.FLOAT, false)),
                longs(second));
    }
}
