package org.ordersweep.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.Constraint;
import org.ordersweep.domain.Element;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The whole validated configuration of a sweep, one record per section. */
public record SweepConfig(Sweep sweep, Model model, Data data, Train train, Output output, Spark spark,
                          Map<String, String> resolved) implements Serializable {

    /** The seed race, from sweep.racing.* and sweep.seeds in a resolved (or recorded) configuration; null when off. */
    public static Racing racing(Map<String, String> resolved) {
        if (!"true".equals(resolved.get("sweep.racing.enabled"))) {
            return null;
        }
        return new Racing(Integer.parseInt(resolved.get("sweep.racing.min-seeds")),
                Integer.parseInt(resolved.get("sweep.seeds")), racingRule(resolved));
    }

    /**
     * sweep.racing.rule of a resolved (or recorded) configuration. A race recorded before the key existed ran with the
     * pooled rule, and is replayed with it.
     */
    public static ComparisonRule racingRule(Map<String, String> resolved) {
        return KeyedValue.of(ComparisonRule.class,
                unquoted(resolved.getOrDefault("sweep.racing.rule", ComparisonRule.POOLED.key())));
    }

    /**
     * The configuration of a sweep whose rows are handed over as DataFrames: data.format = spark, data.source =
     * {@code source}, no path, table or test path, so that the recorded configuration says where the data came from.
     */
    public SweepConfig withDataFrames(String source) {
        Table t = data.table();
        Map<String, String> r = new LinkedHashMap<>(resolved);
        r.put("data.format", "\"" + DataFormat.SPARK.key() + "\"");
        r.put("data.source", "\"" + source + "\"");
        r.put("data.path", "\"\"");
        r.put("data.table", "\"\"");
        r.put("data.test-path", "\"\"");
        return new SweepConfig(sweep, model, new Data(DataFormat.SPARK, "", data.trainLimit(), data.testLimit(),
                data.height(), data.width(), data.channels(), data.testFraction(), new Table("", t.labelColumn(),
                t.featuresColumn(), t.splitColumn(), t.featuresColumns(), source, t.options(), ""), ""), train, output,
                spark, Collections.unmodifiableMap(r));
    }

    /** The same configuration with the data written once to {@code folder} (data.format = spark). */
    public SweepConfig withDataWrittenTo(String folder) {
        return new SweepConfig(sweep, model, data.writtenTo(folder), train, output, spark, resolved);
    }

    public Racing racing() {
        return racing(resolved);
    }

    /** analysis.margin: 0 = derived from the test set. */
    public double analysisMargin() {
        return Double.parseDouble(resolved.getOrDefault("analysis.margin", "0"));
    }

    /** analysis.control, unquoted; empty = none. */
    public String analysisControl() {
        return unquoted(resolved.getOrDefault("analysis.control", "\"\""));
    }

    /** analysis.comparison: how the analysis compares classes with the best and with the control. */
    public ComparisonRule analysisComparison() {
        return KeyedValue.of(ComparisonRule.class,
                unquoted(resolved.getOrDefault("analysis.comparison", ComparisonRule.PAIRED.key())));
    }

    /** A resolved string value without its HOCON quotes. */
    private static String unquoted(String rendered) {
        String v = rendered.strip();
        return v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2 ? v.substring(1, v.length() - 1).strip()
                : v;
    }

    /**
     * Seeds per class: {@code minSeeds} for every class, up to {@code maxSeeds} (sweep.seeds) for contenders; each
     * round decided by {@code rule}.
     */
    public record Racing(int minSeeds, int maxSeeds, ComparisonRule rule) implements Serializable {
    }

    /**
     * A recorded config.conf (as {@link #render()} wrote it) back as the resolved map: every key it holds, with its
     * value rendered as HOCON (strings quoted, numbers as HOCON spells them, lists and objects without spaces).
     */
    public static Map<String, String> parseRendered(String text) {
        Config recorded;
        try {
            recorded = ConfigFactory.parseString(text);
        } catch (ConfigException e) {
            throw new ConfigError("recorded config.conf: " + e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (ConfigKey k : ConfigKeys.ALL) {
            if (recorded.hasPath(k.name())) {
                out.put(k.name(), recorded.getValue(k.name()).render(ConfigRenderOptions.concise()));
            }
        }
        // Keys an earlier version recorded that the catalogue no longer has.
        recorded.entrySet().stream().filter(e -> ConfigKeys.owner(e.getKey()).isEmpty())
                .forEach(e -> out.put(e.getKey(), e.getValue().render(ConfigRenderOptions.concise())));
        return out;
    }

    /** The resolved configuration as HOCON, every key with its value, secrets redacted. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        resolved.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        return sb.toString();
    }

    /**
     * What defines the sweep, as stable text for hashing: every trial-defining key (halving's only when it is on) and
     * the configured execution keys ({@code train.mode}, {@code train.workers}): an explicit different mode is a
     * different sweep. The key catalogue classifies each key ({@link ConfigKey.Identity}).
     */
    public String sweepFingerprint() {
        return fingerprint(k -> k == ConfigKey.Identity.EXECUTION, null);
    }

    /**
     * What defines each trial's result: every trial-defining key (halving's only when it is on), and how the sweep
     * decided to run it - the execution mode and workers it used, and the averaging frequency in data-parallel mode -
     * but not the configured {@code train.mode} ({@code auto} and the mode it chose train the same trials).
     *
     * @param mode    the mode the sweep decided on (data-parallel or trial-parallel, never auto)
     * @param workers workers per trial (1 in trial-parallel mode)
     */
    public String trialFingerprint(TrainMode mode, int workers) {
        if (mode == TrainMode.AUTO) {
            throw new IllegalArgumentException("a trial's fingerprint needs the mode the sweep decided on, not auto");
        }
        String execution = "execution.mode=" + mode.key() + "\nexecution.workers=" + workers + "\n";
        return fingerprint(k -> k == ConfigKey.Identity.WHEN_AVERAGING && mode == TrainMode.DATA_PARALLEL, execution);
    }

    private String fingerprint(Predicate<ConfigKey.Identity> alsoInclude, String execution) {
        StringBuilder sb = new StringBuilder();
        resolved.forEach((k, v) -> {
            ConfigKey.Identity identity = ConfigKeys.owner(k).map(ConfigKey::identity).orElse(ConfigKey.Identity.NONE);
            boolean defining = identity == ConfigKey.Identity.TRIAL
                    || (identity == ConfigKey.Identity.TRIAL_WHEN_SET && !v.equals(renderedDefault(k)))
                    || (identity == ConfigKey.Identity.WHEN_HALVING && train.halving().enabled())
                    || alsoInclude.test(identity);
            if (defining) {
                sb.append(k).append('=').append(v).append('\n');
            }
        });
        if (execution != null) {
            sb.append(execution);
        }
        return sb.toString();
    }

    /** A key's default as the resolved map renders it. */
    private static String renderedDefault(String key) {
        return Secrets.redacted(Map.of(key, ConfigKeys.find(key).orElseThrow().defaultValue())).get(key);
    }

    /**
     * @param blocks        the blocks swept: sweep.blocks, else sweep.block alone (never empty)
     * @param learningRates the rates swept: sweep.learning-rates, else train.learning-rate alone (never empty)
     */
    public record Sweep(String name, List<List<Element>> blocks, List<String> constraints, List<String> orderings,
                        List<ActivationKind> activations, List<Double> learningRates, int seeds, long masterSeed,
                        boolean dedupe, int concurrentTrials)
            implements Serializable {
        public List<Constraint> parsedConstraints() {
            return constraints.stream().map(Constraint::parse).toList();
        }
    }

    /**
     * The network: its stages in order, exactly one of them swept (or several residual ones, which share each trial's
     * placement), then the head and the softmax output.
     *
     * @param headUnits the dense head's units (model.dense); unused by the other heads
     */
    public record Model(Layout layout, List<Stage> stages, Head head, int headUnits) implements Serializable {
        public Model {
            stages = List.copyOf(stages);
            List<Stage> swept = stages.stream().filter(Stage::swept).toList();
            if (swept.isEmpty() || (swept.size() > 1 && !swept.stream().allMatch(Stage::residual))) {
                throw new IllegalArgumentException("a network has exactly one swept stage, or residual ones only: "
                        + stages);
            }
        }

        /**
         * The template from the shorthand keys: {@code block} repeated {@code blocks} times, swept, then the head.
         */
        public static Model template(Layout layout, List<Element> block, int blocks, List<Integer> filters,
                                     int kernel, int pool, double dropout, Head head, int dense) {
            return new Model(layout, List.of(new Stage(block, true, blocks, filters, kernel, pool, dropout)), head,
                    dense);
        }

        public boolean oneDimensional() {
            return layout == Layout.ONE_D;
        }

        /** Whether a stage is residual: the network is then a graph rather than a stack of layers. */
        public boolean residual() {
            return stages.stream().anyMatch(Stage::residual);
        }

        /** The stage whose order each trial sets (the first, when residual stages share the placement). */
        public Stage swept() {
            return stages.stream().filter(Stage::swept).findFirst().orElseThrow();
        }

        /**
         * The network in one line, as reports show it: each stage (the swept one as "the swept block"), its repeats
         * and sizes, then the head, e.g. "conv>bn>act>pool x2 (sizes 32, 64) -> the swept block (sizes 128, dropout
         * 0.5) -> softmax output".
         */
        public String describe() {
            StringBuilder sb = new StringBuilder();
            for (Stage st : stages) {
                sb.append(st.swept() ? (st.residual() ? "the swept residual unit" : "the swept block")
                        : st.residual() ? st.placements().get(0).key() + " residual unit"
                        : st.elements().stream().map(Element::key).collect(Collectors.joining(">")));
                sb.append(st.repeat() > 1 ? " x" + st.repeat() : "");
                List<String> details = new ArrayList<>();
                if (st.sizes().stream().anyMatch(n -> n > 0)) {
                    details.add("sizes " + st.sizes().stream().map(String::valueOf)
                            .collect(Collectors.joining(", ")));
                }
                // A fixed stage's dropout rate only when it has a dropout layer; the swept block's always (blocks vary).
                if (!st.residual() && (st.swept() || st.elements().contains(Element.DROPOUT))) {
                    details.add("dropout " + st.dropout());
                }
                sb.append(details.isEmpty() ? "" : " (" + String.join(", ", details) + ")").append(" -> ");
            }
            sb.append(switch (head) {
                case DENSE -> "dense " + headUnits + " ReLU -> ";
                case GLOBAL_AVERAGE -> "global average pooling -> ";
                case OUTPUT -> "";
            });
            return sb.append("softmax output").toString();
        }

        /** The swept stage's dropout rate, which decides what commutes with dropout. */
        public double dropout() {
            return swept().dropout();
        }
    }

    /**
     * data.format = table or spark: the columns, and where the test rows are.
     *
     * @param testPath        a separate test table; empty = the split column, else a stratified data.test-fraction
     * @param splitColumn     a column whose text "test" (or boolean true) marks test rows; empty = none
     * @param featuresColumns spark: numeric columns that together are the features, in order; empty = the features
     *                        column
     * @param source          spark: the DataFrameReader format of data.path and data.test-path
     * @param options         spark: the reader's options
     * @param catalogTable    spark: a table of the session's catalog instead of data.path; empty = none
     */
    public record Table(String testPath, String labelColumn, String featuresColumn, String splitColumn,
                        List<String> featuresColumns, String source, Map<String, String> options,
                        String catalogTable) implements Serializable {
        public Table {
            featuresColumns = List.copyOf(featuresColumns);
            options = Map.copyOf(options);
        }

        /** The Parquet columns as table reads them (plain table) and as spark writes them once. */
        public static Table of(String testPath, String labelColumn, String featuresColumn, String splitColumn) {
            return new Table(testPath, labelColumn, featuresColumn, splitColumn, List.of(), "", Map.of(), "");
        }
    }

    /**
     * @param height       images: the height every image is resized to (other formats have their own size)
     * @param width        images: the width
     * @param channels     images: 1 (grey) or 3 (RGB)
     * @param testFraction images without train/ and test/ folders, tables without a test table or split column:
     *                     the stratified share held out for testing
     * @param table        where a table's columns and test rows are
     * @param written      spark: the folder the driver wrote the data to once (train/ and test/ Parquet tables),
     *                     which every JVM reads; empty until the driver has written it
     */
    public record Data(DataFormat format, String path, int trainLimit, int testLimit, int height, int width,
                       int channels, double testFraction, Table table, String written) implements Serializable {
        /** The embedded Fashion-MNIST subset, limited (0 = all); the image keys at their defaults. */
        public static Data embeddedFashion(int trainLimit, int testLimit) {
            return new Data(DataFormat.FASHION_MNIST, "", trainLimit, testLimit, 32, 32, 3, 0.2,
                    Table.of("", "label", "features", ""), "");
        }

        public boolean embedded() {
            return path.isEmpty() && !(format == DataFormat.SPARK && !table.catalogTable().isEmpty());
        }

        /** The same data, written once to {@code folder} (data.format = spark). */
        public Data writtenTo(String folder) {
            return new Data(format, path, trainLimit, testLimit, height, width, channels, testFraction, table, folder);
        }
    }

    public record Train(int epochs, int batchSize, double learningRate, int averagingFrequency, int prefetch,
                        int workers, TrainMode mode, StepKind step, int retries, Halving halving)
            implements Serializable {
    }

    /** Successive halving over epochs; {@link #rungs(int)} lists each rung's epoch budget. */
    public record Halving(boolean enabled, int minEpochs, int reduction, double validationFraction)
            implements Serializable {
        public List<Integer> rungs(int maxEpochs) {
            List<Integer> out = new ArrayList<>();
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

    /** @param recordEverySeconds how long a finished trial may wait to be appended with others (0 = at once) */
    public record Output(String dir, int recordEverySeconds) implements Serializable {
    }

    public record Spark(String master, Map<String, String> conf) implements Serializable {
    }
}
