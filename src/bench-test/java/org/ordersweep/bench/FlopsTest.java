package org.ordersweep.bench;

import org.junit.jupiter.api.Test;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.model.CostModel;
import org.ordersweep.domain.InputShape;
import org.ordersweep.domain.Ordering;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlopsTest {

    @Test
    void gemmArithmetic() {
        assertEquals(2.0 * 2048 * 2048 * 2048, Flops.gemm(2048));
        assertEquals(100.0, Flops.gflops(Flops.gemm(1000), 0.02), 1e-9);
        assertTrue(Double.isNaN(Flops.gflops(1e9, 0)));
    }

    @Test
    void achievedSpeedAndShareOfPeak() {
        assertEquals(26.0, Flops.achievedGflops(1000, 26e6), 1e-9);
        assertEquals(0.25, Flops.shareOfPeak(50, 200), 1e-12);
        assertTrue(Double.isNaN(Flops.shareOfPeak(50, Double.NaN)));
        assertTrue(Double.isNaN(Flops.shareOfPeak(Double.NaN, 200)));
    }

    /** The reference CNN's cost, counted by hand layer by layer, is what the bench reports (CostModel's). */
    @Test
    void referenceCnnTrainingCostFollowsTheDocumentedConvention() {
        SweepConfig config = ConfigLoader.load(null, List.of()); // the defaults are the reference CNN
        CostModel.Cost cost = CostModel.of(Ordering.parse("conv>bn>act>pool>dropout"), config.model(),
                new InputShape(1, 28, 28, 10));
        double conv1 = 2.0 * 3 * 3 * 1 * 32 * 28 * 28;
        double block1 = conv1 + 4.0 * 32 * 28 * 28 + 32 * 28 * 28 + 32 * 28 * 28;
        double conv2 = 2.0 * 3 * 3 * 32 * 64 * 14 * 14;
        double block2 = conv2 + 4.0 * 64 * 14 * 14 + 64 * 14 * 14 + 64 * 14 * 14;
        double dense = 2.0 * 64 * 7 * 7 * 128 + 128 + 2.0 * 128 * 10;
        double forward = block1 + block2 + dense;
        double dropout = 2.0 * 32 * 14 * 14 + 2.0 * 64 * 7 * 7;
        assertEquals(forward, cost.forwardFlops(), 1e-6);
        assertEquals(3 * forward + dropout, cost.trainFlops(), 1e-6);
        assertEquals(26.143488, cost.trainFlops() / 1e6, 1e-9);
    }
}
