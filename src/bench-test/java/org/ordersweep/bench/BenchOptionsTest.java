package org.ordersweep.bench;

import org.junit.jupiter.api.Test;
import org.ordersweep.config.ConfigError;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchOptionsTest {

    private static BenchOptions with(int repeats, int samples, int threads, String format) {
        return new BenchOptions(repeats, samples, threads, 2, 2048, false, false, false, 4, 1000, 2, "python3",
                format);
    }

    @Test
    void defaultsAreValid() {
        assertTrue(with(5, 2000, 2, "json").json());
    }

    @Test
    void badValuesNameTheOptionAndWhatIsAllowed() {
        assertEquals("--repeats = 0: must be an integer in [1, 100]",
                assertThrows(ConfigError.class, () -> with(0, 2000, 2, "text")).getMessage());
        assertEquals("--samples = 5000: must be an integer in [256, 4000] (the embedded Fashion-MNIST subset has "
                + "4000 training images)", assertThrows(ConfigError.class, () -> with(1, 5000, 2, "text"))
                .getMessage());
        assertEquals("--threads = 0: must be an integer in [1, 256]",
                assertThrows(ConfigError.class, () -> with(1, 2000, 0, "text")).getMessage());
        assertEquals("--format = yaml: must be text or json",
                assertThrows(ConfigError.class, () -> with(1, 2000, 1, "yaml")).getMessage());
        assertEquals("--sweep-epochs = 0: must be an integer in [1, 20]", assertThrows(ConfigError.class,
                () -> new BenchOptions(1, 2000, 1, 2, 2048, false, false, false, 4, 1000, 0, "python3", "text"))
                .getMessage());
        assertEquals("--gemm-size = 100: must be an integer in [256, 8192]", assertThrows(ConfigError.class,
                () -> new BenchOptions(1, 2000, 1, 2, 100, false, false, false, 4, 1000, 1, "python3", "text"))
                .getMessage());
    }
}
