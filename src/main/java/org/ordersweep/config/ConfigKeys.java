package org.ordersweep.config;

import static org.ordersweep.config.ConfigKey.Identity.EXECUTION;
import static org.ordersweep.config.ConfigKey.Identity.NONE;
import static org.ordersweep.config.ConfigKey.Identity.TRIAL;
import static org.ordersweep.config.ConfigKey.Identity.TRIAL_WHEN_SET;
import static org.ordersweep.config.ConfigKey.Identity.WHEN_AVERAGING;
import static org.ordersweep.config.ConfigKey.Identity.WHEN_HALVING;
import static org.ordersweep.config.ValueType.integer;
import static org.ordersweep.config.ValueType.list;
import static org.ordersweep.config.ValueType.longValue;
import static org.ordersweep.config.ValueType.number;
import static org.ordersweep.config.ValueType.oneOf;
import static org.ordersweep.config.ValueType.string;
import static org.ordersweep.config.ValueType.stringMap;

import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.Element;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The catalogue of every configuration key. docs/configuration.md and {@code --help} are generated from it. */
public final class ConfigKeys {

    private static final String[] ELEMENTS = Arrays.stream(Element.values()).filter(Element::inBlocks).map(Element::key)
            .toArray(String[]::new);
    /** The forum's block, spelled out: elements added later are opt-in and leave the default block as it was. */
    private static final List<String> DEFAULT_BLOCK = List.of("conv", "bn", "act", "pool", "dropout");
    private static final String[] ACTIVATIONS =
            Arrays.stream(ActivationKind.values()).map(ActivationKind::key).toArray(String[]::new);

    public static final List<ConfigKey> ALL = List.of(
            new ConfigKey("sweep.name", string(), "ordersweep", "Name shown in logs, the Spark UI and reports.",
                    NONE),
            new ConfigKey("sweep.block", list(oneOf(ELEMENTS), true), DEFAULT_BLOCK,
                    "The block's elements, each at most once; every permutation of them is an ordering.",
                    NONE),
            new ConfigKey("sweep.blocks", list(string(), false), List.of(),
                    "Several blocks side by side, an ablation: each a list of elements like 'conv act pool dropout', "
                            + "planned like sweep.block (a constraint naming an element a block lacks does not "
                            + "apply to it); the analysis ranks within each block and compares their best; empty = "
                            + "sweep.block alone.",
                    NONE),
            new ConfigKey("sweep.constraints", list(string(), false), List.of(),
                    "Rules an ordering must satisfy: 'conv first', 'dropout last', 'bn before act', 'pool after act'; "
                            + "'mish: bn before pool' narrows only that activation's orderings.",
                    NONE),
            new ConfigKey("sweep.orderings", list(string(), false), List.of(),
                    "Sweep only these orderings (e.g. 'conv>bn>act>pool>dropout'); empty = every permutation.",
                    NONE),
            new ConfigKey("sweep.activations", list(oneOf(ACTIVATIONS), true), List.of("relu"),
                    "Activations to sweep; trials = orderings x activations x learning rates x seeds.",
                    NONE),
            new ConfigKey("sweep.learning-rates", list(number(0, 1, true), false), List.of(),
                    "Adam learning rates to sweep, each trial at every rate with the same seeds; empty = "
                            + "train.learning-rate alone. A trial at train.learning-rate keeps the id it has without "
                            + "this list, so rates can be added to a recorded sweep.",
                    NONE),
            new ConfigKey("sweep.seeds", integer(1), 1,
                    "Seeds per ordering, activation and rate; seed i is shared by all of them (paired comparisons).",
                    NONE),
            new ConfigKey("sweep.master-seed", longValue(), 20240601L,
                    "The one seed every trial's seed (weights, data order, dropout masks) is derived from.",
                    TRIAL),
            new ConfigKey("sweep.dedupe", ValueType.bool(), true,
                    "Train one ordering per class of provably equivalent orderings; the others inherit its results.",
                    NONE),
            new ConfigKey("sweep.concurrent-trials", integer(1), 2,
                    "Trials trained at once from the driver, as concurrent Spark jobs in the FAIR pool 'trials'.",
                    NONE),
            new ConfigKey("sweep.racing.enabled", ValueType.bool(), false,
                    "Race over seeds: every class starts with sweep.racing.min-seeds seeds; after each round the "
                            + "classes ruled out as the best (Hsu's comparison with the best by sweep.racing.rule, "
                            + "alpha 0.05 split over the rounds) stop, the rest get one more seed, up to sweep.seeds.",
                    NONE),
            new ConfigKey("sweep.racing.rule", oneOf(KeyedValue.keys(ComparisonRule.class)),
                    ComparisonRule.PAIRED.key(),
                    "Seed race: how a round rules classes out. paired = each class against each rival on their "
                            + "own differences by seed (Bonferroni over the rivals; valid whatever each class's seed "
                            + "noise); pooled = one seed-to-seed error pooled over all classes. The analysis replays "
                            + "a race with the rule it recorded (pooled for races recorded before this key).",
                    NONE),
            new ConfigKey("sweep.racing.min-seeds", integer(2), 3,
                    "Seed race: the seeds every class gets before any is ruled out (at most sweep.seeds).",
                    NONE),
            new ConfigKey("model.layout", oneOf(KeyedValue.keys(Layout.class)), Layout.TWO_D.key(),
                    "2d: images; 1d: sequences, built from 2D layers of height 1 (kernels 1xk, pooling 1xp).",
                    TRIAL),
            new ConfigKey("model.blocks", integer(1), 2, "How many times the block is repeated.",
                    TRIAL),
            new ConfigKey("model.filters", list(integer(1), true), List.of(32, 64),
                    "Filters of the block's convolution (units of its dense layer) per block; one entry per block.",
                    TRIAL),
            new ConfigKey("model.kernel", integer(1), 3, "Convolution kernel size (same padding, stride 1).",
                    TRIAL),
            new ConfigKey("model.pool", integer(2), 2, "Pooling window and stride, of max (pool) and average (avgpool) "
                    + "pooling alike.",
                    TRIAL),
            new ConfigKey("model.dropout", number(0, 1, false), 0.25, "Dropout rate: the fraction of units dropped.",
                    TRIAL),
            new ConfigKey("model.dense", integer(1), 128, "Units of the dense ReLU layer before the softmax output.",
                    TRIAL),
            new ConfigKey("model.head", oneOf(KeyedValue.keys(Head.class)), Head.DENSE.key(),
                    "What turns the last stage's output into the softmax output's input: dense = flatten, then a "
                            + "dense ReLU layer of model.dense units; global-average = each channel's mean over the "
                            + "map; output = flatten straight into the output (for a network ending in a dense "
                            + "stage).",
                    TRIAL_WHEN_SET),
            new ConfigKey("model.stages", StageList.TYPE, StageList.NONE,
                    "The network as stages, in order, e.g. { elements = [conv, bn, act, pool], repeat = 2, sizes = "
                            + "[32, 64] }, { elements = [dense, bn, act, dropout], sizes = [128], dropout = 0.5, "
                            + "swept = true }. Exactly one stage is swept: its elements are the block (sweep.block "
                            + "need not be given), the others keep the order written. sizes: one per repeat, filters "
                            + "of conv or units of dense; kernel, pool and dropout default to model.kernel, "
                            + "model.pool and model.dropout; repeat to 1. Stages with conv or pooling come before "
                            + "dense ones. A residual stage gives placements instead of elements (original, "
                            + "bn-after-add, relu-before-add, relu-only-preact, full-preact: where bn and act sit "
                            + "around the addition, He et al. 2016): each repeat is a unit of two convolutions of its "
                            + "size with a shortcut, a 1x1 projection where the filters change (shortcut = identity: "
                            + "never); swept, it sweeps the placements listed, otherwise it has one. Empty = the "
                            + "template: sweep.block repeated model.blocks times.",
                    TRIAL_WHEN_SET),
            new ConfigKey("data.format", oneOf(KeyedValue.keys(DataFormat.class)), DataFormat.FASHION_MNIST.key(),
                    DataFormat.catalogue(),
                    NONE),
            new ConfigKey("data.path", string(), "",
                    "A folder on any Hadoop filesystem (file://, hdfs://, s3a://); empty = the embedded subset.",
                    NONE),
            new ConfigKey("data.height", integer(1), 32,
                    "images: the height in pixels every image is resized to (bilinear); table, spark: the features' "
                            + "height.",
                    NONE),
            new ConfigKey("data.width", integer(1), 32,
                    "images: the width in pixels every image is resized to; table, spark: the features' width.",
                    NONE),
            new ConfigKey("data.channels", oneOf("1", "3"), "3",
                    "images: 1 = grey (luminance), 3 = RGB; table, spark: the features' channels (channels x height x "
                            + "width values per row, in that order).",
                    NONE),
            new ConfigKey("data.test-fraction", number(0, 1, false), 0.2,
                    "images without train/ and test/ sub-folders, tables without data.test-path or "
                            + "data.split-column: the share of each class held out for testing (stratified, seeded "
                            + "by sweep.master-seed).",
                    NONE),
            new ConfigKey("data.test-path", string(), "",
                    "table, spark: a separate test table (any Hadoop filesystem path; spark: read as data.path is); "
                            + "empty = split the one table.",
                    NONE),
            new ConfigKey("data.label-column", string(), "label",
                    "table, spark: the label column, integers 0..classes-1 or text (classes in sorted order).",
                    NONE),
            new ConfigKey("data.features-column", string(), "features",
                    "table, spark: the features column, an array of numbers or an ML vector (dense or sparse).",
                    NONE),
            new ConfigKey("data.features-columns", list(string(), false), List.of(),
                    "spark: numeric columns that together are the features, in this order (e.g. the pixel columns of a "
                            + "CSV file); empty = data.features-column.",
                    NONE),
            new ConfigKey("data.source", string(), "",
                    "spark: the DataFrameReader format of data.path and data.test-path: csv, json, orc, parquet or "
                            + "any source on the classpath.",
                    NONE),
            new ConfigKey("data.options", stringMap(), Map.of(),
                    "spark: the reader's options, e.g. { header = \"true\", inferSchema = \"true\", delimiter = "
                            + "\";\" }.",
                    NONE),
            new ConfigKey("data.table", string(), "",
                    "spark: a table of the session's catalog (e.g. db.images) instead of data.path.",
                    NONE),
            new ConfigKey("data.split-column", string(), "",
                    "table, spark: a column whose value \"test\" (or true) marks a test row; empty = none.",
                    NONE),
            new ConfigKey("data.train-limit", integer(0), 0,
                    "Use this many training examples, a stratified sample (class proportions kept) seeded by "
                            + "sweep.master-seed; 0 = all.",
                    NONE),
            new ConfigKey("data.test-limit", integer(0), 0,
                    "Use this many test examples, a stratified sample as for data.train-limit; 0 = all.",
                    NONE),
            new ConfigKey("train.epochs", integer(1), 2, "Passes over the training data per trial.",
                    TRIAL),
            new ConfigKey("train.batch-size", integer(1), 64, "Minibatch size on each worker.",
                    TRIAL),
            new ConfigKey("train.learning-rate", number(0, 1, true), 0.001,
                    "Adam learning rate (of every trial unless sweep.learning-rates lists several).",
                    TRIAL),
            new ConfigKey("train.averaging-frequency", integer(1), 5,
                    "Minibatches each worker fits between parameter averagings.",
                    WHEN_AVERAGING),
            new ConfigKey("train.prefetch", integer(0), 2, "Minibatches each worker prefetches asynchronously.",
                    NONE),
            new ConfigKey("train.workers", integer(0), 0,
                    "Workers (data partitions) per trial; 0 = Spark's default parallelism.",
                    EXECUTION),
            new ConfigKey("train.mode", oneOf(KeyedValue.keys(TrainMode.class)), TrainMode.AUTO.key(),
                    "data-parallel: each trial trains with parameter averaging across executors; trial-parallel: each "
                            + "task trains whole trials; auto: trial-parallel when there are at least as many trials "
                            + "as cores, else from the cost model; logged.",
                    EXECUTION),
            new ConfigKey("train.step", oneOf(KeyedValue.keys(StepKind.class)), StepKind.FAST.key(),
                    "fast: ordersweep's own batch norm, ReLU and dropout in each training step, and no input "
                            + "gradient for a conv with nothing trainable before it (dropout's masks and ReLU's numbers "
                            + "are DL4J's to the bit, batch norm's and that conv's weight gradients' rounding differs; "
                            + "docs/performance.md); dl4j: DL4J's layers as shipped, to compare a sweep against them.",
                    TRIAL_WHEN_SET),
            new ConfigKey("train.halving.enabled", ValueType.bool(), false,
                    "Successive halving: train every class for a small budget, keep the best 1/reduction by validation "
                            + "accuracy, multiply the budget, repeat until train.epochs.",
                    TRIAL),
            new ConfigKey("train.halving.min-epochs", integer(1), 1, "Successive halving: the first rung's epochs.",
                    WHEN_HALVING),
            new ConfigKey("train.halving.reduction", integer(2), 3,
                    "Successive halving: keep 1 in this many trials per rung, and multiply the epochs by it.",
                    WHEN_HALVING),
            new ConfigKey("train.halving.validation-fraction", number(0.01, 0.5, true), 0.1,
                    "Successive halving: share of the training data held out to rank trials (never the test set).",
                    WHEN_HALVING),
            new ConfigKey("train.retries", integer(0), 1,
                    "Times a trial that throws (e.g. a lost executor) is retried before it is recorded as failed.",
                    NONE),
            new ConfigKey("analysis.margin", number(0, 1, true), 0.0,
                    "Accuracy differences within +-margin count as little (equivalence tests, verdicts); 0 = one "
                            + "binomial standard error of a test accuracy on the sweep's test set, sqrt(a(1-a)/n).",
                    NONE),
            new ConfigKey("analysis.control", string(), "conv>bn>act>pool>dropout",
                    "The ordering every class is compared with (simultaneously, two-sided), when it was swept; "
                            + "empty = none.",
                    NONE),
            new ConfigKey("analysis.comparison", oneOf(KeyedValue.keys(ComparisonRule.class)),
                    ComparisonRule.PAIRED.key(),
                    "How the analysis compares classes with the best (Hsu) and with analysis.control: paired = each "
                            + "pair on its own differences by seed, Bonferroni over the comparisons (valid whatever "
                            + "each class's seed noise); pooled = one error pooled over all classes (seeds as "
                            + "blocks) with Dunnett's critical values, sharper only when the noise is alike.",
                    NONE),
            new ConfigKey("output.dir", string(), "ordersweep-results",
                    "Where trials/, epochs/ and the run's configuration go; any Hadoop filesystem path.",
                    NONE),
            new ConfigKey("output.record-every", integer(0), 10,
                    "Seconds a finished trial may wait to be appended with the trials finishing after it (one Spark "
                            + "write per table per batch, not per trial); 0 = each trial at once. A run stopped "
                            + "before a batch is written trains those trials again when resumed.",
                    NONE),
            new ConfigKey("spark.master", string(), "",
                    "Spark master; empty = whatever spark-submit or jobs/ordersweep (--master, default local[*]) set.",
                    NONE),
            new ConfigKey("spark.conf", stringMap(), Map.of(),
                    "Extra Spark properties, e.g. { \"spark.executor.memory\" = \"4g\" }; one with --set "
                            + "spark.conf.\"NAME\"=VALUE. Properties that load code (classes, class paths, JVM "
                            + "options, native libraries) are refused: give those to spark-submit.",
                    NONE)
    );

    private static final Map<String, ConfigKey> BY_NAME = new LinkedHashMap<>();

    static {
        ALL.forEach(k -> BY_NAME.put(k.name(), k));
    }

    private ConfigKeys() {
    }

    public static Optional<ConfigKey> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The catalogue key that owns a flattened HOCON path (the entries of an object-valued key belong to it). */
    public static Optional<ConfigKey> owner(String path) {
        for (ConfigKey k : ALL) {
            if (k.name().equals(path) || (path.startsWith(k.name() + ".")
                    && k.defaultValue() instanceof Map)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** The catalogue as a Markdown table: the configuration reference's ({@link ConfigReference}). */
    public static String markdown() {
        StringBuilder sb = new StringBuilder(
                "| key | allowed | default | identity | meaning |\n|---|---|---|---|---|\n");
        for (ConfigKey k : ALL) {
            sb.append("| `").append(k.name()).append("` | ").append(k.type().describe()).append(" | `")
                    .append(render(k.defaultValue())).append("` | ").append(k.identity().label()).append(" | ")
                    .append(k.meaning()).append(" |\n");
        }
        return sb.toString();
    }

    static String render(Object v) {
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
        }
        if (v instanceof Map<?, ?> m) {
            return m.isEmpty() ? "{}" : m.toString();
        }
        return v instanceof String s && s.isEmpty() ? "\"\"" : String.valueOf(v);
    }
}
