package org.ordersweep.config;

import org.ordersweep.plan.ActivationKind;
import org.ordersweep.plan.Constraint;
import org.ordersweep.plan.Element;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** The whole validated configuration of a sweep, one record per section. */
public record SweepConfig(Sweep sweep, Model model, Data data, Train train, Output output, Spark spark,
                          Map<String, String> resolved) implements Serializable {

    /** Keys whose values define what a trial computes; the others (names, paths, parallelism) do not. */
    private static final List<String> TRIAL_DEFINING_PREFIXES =
            List.of("model.", "data.", "train.", "sweep.master-seed");

    /** The resolved configuration as HOCON, every key with its value, secrets redacted. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        resolved.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        return sb.toString();
    }

    /** The part of the configuration that defines what each trial computes, as stable text for hashing. */
    public String trialFingerprint() {
        StringBuilder sb = new StringBuilder();
        resolved.forEach((k, v) -> {
            if (TRIAL_DEFINING_PREFIXES.stream().anyMatch(k::startsWith) && !k.equals("train.workers") && !k.equals("train.retries")
                    && !k.equals("train.mode")) {
                sb.append(k).append('=').append(v).append('\n');
            }
        });
        return sb.toString();
    }

    public record Sweep(String name, List<Element> block, List<String> constraints, List<String> orderings,
                        List<ActivationKind> activations, int seeds, long masterSeed, boolean dedupe,
                        int concurrentTrials)
            implements Serializable {
        public List<Constraint> parsedConstraints() {
            return constraints.stream().map(Constraint::parse).toList();
        }
    }

    public record Model(String layout, int blocks, List<Integer> filters, int kernel, int pool, double dropout,
                        int dense) implements Serializable {
        public boolean oneDimensional() {
            return layout.equals("1d");
        }
    }

    public record Data(String format, String path, int trainLimit, int testLimit) implements Serializable {
        public boolean embedded() {
            return path.isEmpty();
        }
    }

    public record Train(int epochs, int batchSize, double learningRate, int averagingFrequency, int prefetch,
                        int workers, String mode, int retries, Halving halving) implements Serializable {
    }

    /** Successive halving over epochs; {@link #rungs(int)} lists each rung's epoch budget. */
    public record Halving(boolean enabled, int minEpochs, int reduction, double validationFraction)
            implements Serializable {
        public List<Integer> rungs(int maxEpochs) {
            List<Integer> out = new java.util.ArrayList<>();
            if (!enabled) {
                return List.of(maxEpochs);
            }
            for (long b = Math.min(minEpochs, maxEpochs); b < maxEpochs; b *= reduction) {
                out.add((int) b);
            }
            out.add(maxEpochs);
            return out;
        }
    }

    public record Output(String dir) implements Serializable {
    }

    public record Spark(String master, Map<String, String> conf) implements Serializable {
    }
}
