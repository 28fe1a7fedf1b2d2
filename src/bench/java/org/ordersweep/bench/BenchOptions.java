package org.ordersweep.bench;

import org.ordersweep.config.ConfigError;

import java.io.File;

/**
 * What one bench run measures and how long it may take. Checked before anything starts: a bad value is one line
 * naming the option and what is allowed.
 *
 * @param samples      training images per timed pass (from the embedded subset of 4,000)
 * @param threads      native threads of the plain DL4J and PyTorch paths (the GEMM peak uses 1 and all cores)
 * @param workers      Spark local workers (and data partitions) of the parameter-averaging path
 * @param sweepTrials  trials in each small sweep of the sweep-efficiency part
 * @param sweepSamples training images of each small sweep
 */
public record BenchOptions(int repeats, int samples, int threads, int workers, int gemmSize, boolean skipTorch,
                           boolean skipSpark, boolean skipSweep, int sweepTrials, int sweepSamples, int sweepEpochs,
                           String python, String format) {

    /** Debian's python3, where python3-torch installs (a python3 earlier on PATH may lack torch); else python3. */
    public static String defaultPython() {
        return new File("/usr/bin/python3").canExecute() ? "/usr/bin/python3" : "python3";
    }


    /** The embedded Fashion-MNIST subset's training images: the most a pass can use. */
    public static final int EMBEDDED_TRAIN_IMAGES = 4000;

    public BenchOptions {
        range("--repeats", repeats, 1, 100);
        range("--samples", samples, 256, EMBEDDED_TRAIN_IMAGES);
        range("--threads", threads, 1, 256);
        range("--workers", workers, 1, 256);
        range("--gemm-size", gemmSize, 256, 8192);
        range("--sweep-trials", sweepTrials, 1, 120);
        range("--sweep-samples", sweepSamples, 64, EMBEDDED_TRAIN_IMAGES);
        range("--sweep-epochs", sweepEpochs, 1, 20);
        if (!format.equals("text") && !format.equals("json")) {
            throw new ConfigError("--format = " + format + ": must be text or json");
        }
        if (python.isBlank()) {
            throw new ConfigError("--python = '': must name a Python 3 interpreter");
        }
    }

    private static void range(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigError(option + " = " + value + ": must be an integer in [" + min + ", " + max + "]"
                    + (option.equals("--samples") || option.equals("--sweep-samples")
                    ? " (the embedded Fashion-MNIST subset has " + EMBEDDED_TRAIN_IMAGES + " training images)" : ""));
        }
    }

    public boolean json() {
        return format.equals("json");
    }
}
