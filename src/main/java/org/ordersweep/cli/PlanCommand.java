package org.ordersweep.cli;

import org.ordersweep.config.ConfigError;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.model.CostModel;
import org.ordersweep.model.InputShape;
import org.ordersweep.plan.EquivalenceClass;
import org.ordersweep.plan.Ordering;
import org.ordersweep.plan.SweepPlan;
import org.ordersweep.plan.TrialSpec;
import org.ordersweep.results.Json;
import org.ordersweep.train.SweepRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** Shows what a sweep would train, and what it would cost, without starting Spark. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show the orderings, equivalence classes and trials a configuration would train, "
        + "with the estimated cost with and without deduplication, without training.")
final class PlanCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Option(names = "--format", description = "text or json (one JSON object on one line of stdout).",
            defaultValue = "text")
    String format;

    /** The plan with its estimated training cost; reads the data only for its shape and size. */
    record Estimate(SweepConfig config, SweepPlan plan, InputShape shape, int trainExamples) {

        /** Training TFLOP for the trials that are trained, or for every combination without deduplication. */
        double trainTflop(boolean deduped) {
            double perExample = 0;
            if (deduped) {
                for (TrialSpec t : plan.trials()) {
                    perExample += flops(t.ordering());
                }
            } else {
                for (EquivalenceClass c : plan.classes()) {
                    for (Ordering o : c.members()) {
                        perExample += flops(o) * plan.seeds();
                    }
                }
            }
            return perExample * trainExamples * config.train().epochs() / 1e12;
        }

        private double flops(Ordering o) {
            double f = CostModel.trainFlopsOrInfinite(o, config.model(), shape);
            return Double.isInfinite(f) ? 0 : f;
        }
    }

    @Override
    public Integer call() {
        if (!format.equals("text") && !format.equals("json")) {
            throw new ConfigError("--format = " + format + ": must be text or json");
        }
        SweepConfig config = options.load();
        DataLoader.TrainTest data = DataLoader.load(config.data(), config.model(),
                new org.apache.hadoop.conf.Configuration());
        Estimate e = new Estimate(config, SweepRunner.plan(config, data.shape()), data.shape(), data.train().size());
        System.out.print(format.equals("json") ? json(e) + "\n" : text(e));
        return 0;
    }

    static String json(Estimate e) {
        SweepPlan plan = e.plan();
        return "{\"name\":" + Json.quote(e.config().sweep().name())
                + ",\"block\":[" + e.config().sweep().block().stream().map(x -> Json.quote(x.key()))
                .collect(Collectors.joining(",")) + "]"
                + ",\"orderings\":" + plan.orderings().size()
                + ",\"activations\":" + plan.activations().size()
                + ",\"seeds\":" + plan.seeds()
                + ",\"classes\":" + plan.orderingClassCount()
                + ",\"classes_all_activations\":" + plan.classes().size()
                + ",\"combinations\":" + plan.plannedCombinations()
                + ",\"trials\":" + plan.trials().size()
                + ",\"epochs_per_trial\":" + e.config().train().epochs()
                + ",\"dedupe\":" + e.config().sweep().dedupe()
                + String.format(Locale.ROOT, ",\"train_tflop\":%.3f,\"train_tflop_without_dedupe\":%.3f",
                e.trainTflop(true), e.trainTflop(false))
                + ",\"ordering_list\":[" + plan.orderings().stream().map(o -> Json.quote(o.key()))
                .collect(Collectors.joining(",")) + "]}";
    }

    static String text(Estimate e) {
        SweepConfig config = e.config();
        SweepPlan plan = e.plan();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "sweep '%s': block %s; %d orderings x %d activations (%s) x %d seeds = %d"
                        + " combinations%n", config.sweep().name(),
                config.sweep().block().stream().map(x -> x.key()).collect(Collectors.joining(",")),
                plan.orderings().size(), plan.activations().size(),
                plan.activations().stream().map(a -> a.key()).collect(Collectors.joining(",")), plan.seeds(),
                plan.plannedCombinations()));
        if (!config.sweep().constraints().isEmpty()) {
            sb.append("constraints: ").append(String.join("; ", config.sweep().constraints())).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "%d classes of equivalent orderings%s -> %d trials of %d epochs%n",
                plan.classes().size(), config.sweep().dedupe() ? "" : " (dedupe off: one per ordering)",
                plan.trials().size(), config.train().epochs()));
        sb.append(String.format(Locale.ROOT, "estimated training: %.2f TFLOP (without dedupe %.2f TFLOP)%n",
                e.trainTflop(true), e.trainTflop(false)));
        sb.append("data: ").append(config.data().embedded() ? "embedded Fashion-MNIST subset" : config.data().path())
                .append(" (").append(config.data().format()).append(", layout ").append(config.model().layout())
                .append(", ").append(e.trainExamples()).append(" training examples)\n");
        sb.append("classes (trained representative first):\n");
        for (EquivalenceClass c : plan.classes()) {
            sb.append("  ").append(c.id()).append(' ').append(c.activation().key()).append(": ")
                    .append(c.members().stream().map(Ordering::key).collect(Collectors.joining(" = "))).append('\n');
        }
        return sb.toString();
    }
}
