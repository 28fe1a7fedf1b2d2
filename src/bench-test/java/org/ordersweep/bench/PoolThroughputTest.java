package org.ordersweep.bench;

import org.junit.jupiter.api.Test;
import org.ordersweep.config.ConfigLoader;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sweep-mode path: trials train at once, and the machine's throughput adds theirs up. */
class PoolThroughputTest {

    @Test
    void thePassAddsTheTrialsRatesAndKeepsTheWallBoundFigureBeside() {
        // Two trials of 1,000 samples each: one at 500/s (2 s), one at 250/s (4 s), so the pass took 4 s of wall time.
        PoolThroughput.Pass p = PoolThroughput.Pass.of(List.of(500.0, 250.0), 2000, 4.0);
        assertEquals(750, p.machine(), 1e-12);
        assertEquals(500, p.wall(), 1e-12); // twice the slowest: the faster trial's core idled for 2 s
        assertEquals(375, p.perTrial(), 1e-12);
        assertEquals(250, p.slowest(), 1e-12);
    }

    @Test
    void concurrentTrialsAddUpToTheMachinesThroughput() throws Exception {
        BenchModel m = BenchModel.of("tiny", "test", ConfigLoader.load(null, List.of("model.filters=[4,8]",
                "model.dense=16", "train.batch-size=32")), 256);
        try (PoolThroughput pool = new PoolThroughput(m, 2)) {
            pool.warmUp();
            for (PoolThroughput.Pass p : List.of(pool.train(), pool.infer())) {
                // Each trial took at most the pass's wall time: its rate is at least its samples over that time.
                assertTrue(p.slowest() > 0 && p.slowest() <= p.perTrial(), p.toString());
                assertEquals(2 * p.perTrial(), p.machine(), 1e-9 * p.machine(), p.toString());
                assertTrue(p.wall() <= p.machine() * (1 + 1e-9), p.toString());
                assertTrue(p.slowest() >= p.wall() / 2 * (1 - 1e-9), p.toString());
            }
        }
    }
}
