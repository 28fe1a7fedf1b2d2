package org.ordersweep.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ordersweep.config.ConfigError;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.domain.Element;
import org.ordersweep.domain.Ordering;
import org.ordersweep.domain.Placement;
import org.ordersweep.model.MemoryModel;
import org.ordersweep.model.PlanEstimate;
import org.ordersweep.plan.EquivalenceClass;
import org.ordersweep.plan.Setting;
import org.ordersweep.plan.SweepPlan;
import org.ordersweep.results.Json;
import org.ordersweep.train.MemoryBudget;
import org.ordersweep.train.SweepRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    @Option(names = "--core-gflops", description = "Training GFLOP/s one core sustains on this model (from a run "
            + "or bench): adds the estimated core-hours.")
    Double coreGflops;

    @Override
    public Integer call() {
        if (!format.equals("text") && !format.equals("json")) {
            throw new ConfigError("--format = " + format + ": must be text or json");
        }
        if (coreGflops != null && !(coreGflops > 0)) {
            throw new ConfigError("--core-gflops = " + coreGflops + ": must be a number > 0");
        }
        SweepConfig config = options.load();
        DataLoader.TrainTest data = DataLoader.load(config, SparkSetup.hadoopConfiguration(config));
        PlanEstimate e = new PlanEstimate(config, SweepRunner.plan(config, data.shape()), data.shape(),
                data.train().size(), data.test().size());
        System.out.print(format.equals("json") ? json(e, coreGflops) + "\n" : text(e, coreGflops));
        return 0;
    }

    /** Core-hours to train the planned trials at this sustained rate; NaN without one. */
    static double coreHours(PlanEstimate e, Double coreGflops) {
        return coreGflops == null ? Double.NaN : e.trainTflop(true) * 1e3 / coreGflops / 3600;
    }

    static String json(PlanEstimate e, Double coreGflops) {
        SweepPlan plan = e.plan();
        ObjectNode o = Json.object().put("name", e.config().sweep().name());
        o.set("block", Json.node(e.config().sweep().blocks().get(0).stream().map(x -> x.key()).toList()));
        o.set("blocks", Json.node(e.config().sweep().blocks().stream().map(b -> b.stream().map(x -> x.key()).toList())
                .toList()));
        o.put("orderings", plan.orderings().size())
                .put("activations", plan.activations().size());
        o.set("orderings_per_activation", Json.node(plan.orderingsPerActivation().entrySet().stream().collect(
                Collectors.toMap(x -> x.getKey().key(), Map.Entry::getValue,
                        (x, y) -> x, LinkedHashMap::new))));
        o.set("learning_rates", Json.node(plan.learningRates()));
        o.put("seeds", plan.seeds())
                .put("classes", plan.orderingClassCount())
                .put("classes_all_activations", plan.classes().size())
                .put("combinations", plan.plannedCombinations())
                .put("trials", plan.trials().size())
                .put("epochs_per_trial", e.config().train().epochs())
                .put("dedupe", e.config().sweep().dedupe())
                .put("train_tflop", Math.round(e.trainTflop(true) * 1000) / 1000.0)
                .put("train_tflop_without_dedupe", Math.round(e.trainTflop(false) * 1000) / 1000.0)
                .put("core_hours", coreGflops == null ? null : Math.round(coreHours(e, coreGflops) * 10) / 10.0)
                .put("memory_trial_bytes", e.largestTrial().total())
                .put("memory_data_heap_bytes", e.dataOnHeap())
                .put("memory_heldout_offheap_bytes", e.heldOutOffHeap());
        o.set("ordering_list", Json.node(plan.orderings().stream().map(x -> x.key()).toList()));
        return Json.line(o);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }

    static String text(PlanEstimate e, Double coreGflops) {
        SweepConfig config = e.config();
        SweepPlan plan = e.plan();
        StringBuilder sb = new StringBuilder();
        List<List<Element>> blocks = config.sweep().blocks();
        boolean residual = config.model().swept().residual();
        sb.append(String.format(Locale.ROOT, "sweep '%s': %s %s; %s (%s)%s x %d seeds = %d"
                        + " combinations%n", config.sweep().name(), residual ? "residual placements"
                        : blocks.size() == 1 ? "block" : "blocks", residual ? config.model().swept().placements()
                        .stream().map(Placement::key).collect(Collectors.joining(","))
                        : blocks.stream().map(b -> b.stream().map(x -> x.key()).collect(Collectors.joining(",")))
                        .collect(Collectors.joining(" | ")),
                plan.orderingsTimesActivations(),
                plan.activations().stream().map(a -> a.key()).collect(Collectors.joining(",")),
                plan.learningRates().size() == 1 ? "" : " x " + plan.learningRates().size() + " learning rates ("
                        + plan.learningRates().stream().map(Setting::rate)
                        .collect(Collectors.joining(",")) + ")", plan.seeds(), plan.plannedCombinations()));
        if (!config.sweep().constraints().isEmpty()) {
            sb.append("constraints: ").append(String.join("; ", config.sweep().constraints())).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "%d classes of equivalent orderings%s -> %d trials of %d epochs%n",
                plan.classes().size(), config.sweep().dedupe() ? "" : " (dedupe off: one per ordering)",
                plan.trials().size(), config.train().epochs()));
        if (residual) {
            sb.append("the placements are all different functions: neither act nor bn commutes with the residual "
                    + "addition, so each is its own class\n");
        }
        sb.append(String.format(Locale.ROOT, "estimated training: %.2f TFLOP (without dedupe %.2f TFLOP)%n",
                e.trainTflop(true), e.trainTflop(false)));
        if (coreGflops != null) {
            sb.append(String.format(Locale.ROOT, "estimated compute: %.1f core-hours of training at %.1f GFLOP/s per "
                    + "core (evaluation and verification not included)%n", coreHours(e, coreGflops), coreGflops));
        }
        sb.append("data: ").append(config.data().embedded() ? "embedded Fashion-MNIST subset" : config.data().path())
                .append(" (").append(config.data().format().key())
                .append(", layout ").append(config.model().layout().key())
                .append(", ").append(e.trainExamples()).append(" training examples)\n");
        MemoryModel.Trial m = e.largestTrial();
        sb.append(String.format(Locale.ROOT, "memory per trial in flight: up to %s off the heap (parameters %s, "
                        + "training %s for minibatches of %d, inference %s for test batches of %d); the data: %s of "
                        + "heap in every JVM that trains, plus %s off it for the test set "
                        + "(docs/operations.md#memory)%n",
                mb(m.total()), mb(m.parameters()), mb(m.training()), config.train().batchSize(), mb(m.inference()),
                PlanEstimate.TEST_BATCH, mb(e.dataOnHeap()), mb(e.heldOutOffHeap())));
        sb.append("this JVM: ").append(MemoryBudget.describe()).append('\n');
        sb.append("classes (trained representative first):\n");
        for (EquivalenceClass c : plan.classes()) {
            sb.append("  ").append(c.id()).append(' ').append(c.activation().key()).append(": ")
                    .append(c.members().stream().map(Ordering::described).collect(Collectors.joining(" = ")))
                    .append('\n');
        }
        return sb.toString();
    }
}
