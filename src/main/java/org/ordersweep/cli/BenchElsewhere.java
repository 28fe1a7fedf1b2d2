package org.ordersweep.cli;

import org.ordersweep.config.ConfigError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The bench is a program beside the application, not part of its jar (org.ordersweep.bench.BenchMain): this command
 * only says how to run it, whatever it is given.
 */
@Command(name = "bench",
        description = "Measure training and inference throughput on every path a sweep uses. Not in the "
                + "application jar: run jobs/ordersweep bench from a checkout (jobs/ordersweep bench --help lists "
                + "its options).")
final class BenchElsewhere implements Callable<Integer> {

    static final String WHERE = "bench: not part of the application jar; run it from a checkout with "
            + "jobs/ordersweep bench (jobs/ordersweep bench --help lists its options)";

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        throw new ConfigError(WHERE);
    }
}
