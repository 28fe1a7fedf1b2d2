package org.ordersweep.bench;

import org.junit.jupiter.api.Test;
import org.ordersweep.config.ConfigLoader;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sweep-mode path: trials train at once, and the machine's throughput adds theirs up. */
class PoolThroughputTest {

    @Test
    void concurrentTrialsAddUpToTheMachinesThroughput() throws Exception {
        BenchModel m = BenchModel.of("tiny", "test", ConfigLoader.load(null, List.of("model.filters=[4,8]",
                "model.dense=16", "train.batch-size=32")), 256);
        try (PoolThroughput pool = new PoolThroughput(m, 2)) {
            pool.warmUp();
            PoolThroughput.Pass train = pool.train();
            // Each trial took at most the pass's wall time, so each trained at least half the machine's rate.
            assertTrue(train.machine() > 0 && train.perTrial() > 0, train.toString());
            assertTrue(train.perTrial() >= train.machine() / 2 * (1 - 1e-9), train.toString());
            PoolThroughput.Pass infer = pool.infer();
            assertTrue(infer.machine() > 0 && infer.perTrial() >= infer.machine() / 2 * (1 - 1e-9),
                    infer.toString());
        }
    }
}
