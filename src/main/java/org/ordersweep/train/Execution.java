package org.ordersweep.train;

import java.io.IOException;
import java.io.StringReader;
import java.util.Properties;

/**
 * How a sweep trains its trials: the execution mode and the workers per trial. Decided once, at the sweep's first
 * run, recorded in {@code runs/<sweep_id>/execution.properties} and reused by every run that resumes it, so that
 * {@code train.mode = auto} never changes its mind inside a sweep; part of every trial's id.
 *
 * @param workers workers (data partitions) per trial; 1 in trial-parallel mode
 */
public record Execution(ExecutionMode mode, int workers, String reason) {

    public static final String FILE = "execution.properties";

    /** The decision for a sweep's first run, from the configuration, the plan and the cores Spark sees. */
    static Execution decide(ExecutionMode.Choice choice, int configuredWorkers, int cores) {
        int workers = choice.mode() == ExecutionMode.DATA_PARALLEL ? (configuredWorkers > 0 ? configuredWorkers : cores)
                : 1;
        return new Execution(choice.mode(), workers, choice.reason());
    }

    String toProperties() {
        return "mode=" + mode.key() + "\nworkers=" + workers + "\nreason=" + reason.replace('\n', ' ') + "\n";
    }

    /** @throws IllegalStateException naming the file when it is not a decision this version wrote */
    static Execution parse(String text, String file) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
            String mode = p.getProperty("mode", "");
            ExecutionMode m = ExecutionMode.ofKey(mode).orElse(null);
            int workers = Integer.parseInt(p.getProperty("workers", ""));
            if (m == null || workers < 1) {
                throw new NumberFormatException("mode '" + mode + "', workers " + workers);
            }
            return new Execution(m, workers, p.getProperty("reason", ""));
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException(file + ": not an execution decision (" + e.getMessage() + ")", e);
        }
    }
}
