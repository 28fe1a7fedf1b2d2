package org.ordersweep.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.Constraint;
import org.ordersweep.domain.Element;
import org.ordersweep.domain.Ordering;
import org.ordersweep.domain.Orderings;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads a HOCON file plus {@code --set KEY=VALUE} overrides into a {@link SweepConfig}. Every key is checked against
 * {@link ConfigKeys}; the first problem is reported as a {@link ConfigError} naming the key, the value and what is
 * allowed, before any Spark work.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /** @param file the configuration file, or null for defaults only */
    public static SweepConfig load(File file, List<String> overrides) {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> origin = new LinkedHashMap<>();
        defaults(values, origin);
        if (file != null) {
            readFile(file, values, origin);
        }
        for (String o : overrides) {
            readOverride(o, values, origin);
        }
        return build(values, origin);
    }

    private static void defaults(Map<String, Object> values, Map<String, String> origin) {
        for (ConfigKey k : ConfigKeys.ALL) {
            values.put(k.name(), k.defaultValue());
            origin.put(k.name(), "default");
        }
    }

    private static void readFile(File file, Map<String, Object> values, Map<String, String> origin) {
        if (!file.isFile()) {
            throw new ConfigError(file + ": configuration file not found");
        }
        if (!file.canRead()) {
            throw new ConfigError(file + ": configuration file is not readable");
        }
        Config parsed;
        try {
            parsed = ConfigFactory.parseFile(file, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)
                    .setAllowMissing(false)).resolve();
        } catch (ConfigException e) {
            throw new ConfigError(file + ": " + e.getMessage().replaceFirst("^[^:]*: ?", "").replace('\n', ' '));
        }
        readParsed(parsed, file.toString(), values, origin);
    }

    /**
     * HOCON text as a configuration, checked as a file is; {@code where} names it in errors (a recorded config.conf
     * read back, say).
     */
    public static SweepConfig loadText(String text, String where) {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> origin = new LinkedHashMap<>();
        defaults(values, origin);
        try {
            readParsed(ConfigFactory.parseString(text).resolve(), where, values, origin);
        } catch (ConfigException e) {
            throw new ConfigError(where + ": " + e.getMessage().replace('\n', ' '));
        }
        return build(values, origin);
    }

    private static void readParsed(Config parsed, String where, Map<String, Object> values,
                                   Map<String, String> origin) {
        Set<String> objectKeysSeen = new HashSet<>();
        for (Map.Entry<String, ConfigValue> e : parsed.entrySet()) {
            String path = e.getKey();
            ConfigKey key = ConfigKeys.owner(path).orElseThrow(() -> unknownKey(path, where));
            if (!key.name().equals(path)) {
                // An entry of an object-valued key: read the whole object once.
                if (objectKeysSeen.add(key.name())) {
                    put(key, parsed.getValue(key.name()), where, values, origin);
                }
                continue;
            }
            put(key, e.getValue(), where, values, origin);
        }
    }

    private static void put(ConfigKey key, ConfigValue v, String where, Map<String, Object> values,
                            Map<String, String> origin) {
        try {
            values.put(key.name(), key.type().read(v));
        } catch (IllegalArgumentException ex) {
            throw badValue(key, v.render(ConfigRenderOptions.concise()), where);
        }
        origin.put(key.name(), where);
    }

    private static void readOverride(String assignment, Map<String, Object> values, Map<String, String> origin) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new ConfigError("--set '" + assignment + "': expected KEY=VALUE");
        }
        String name = assignment.substring(0, eq).trim();
        String text = assignment.substring(eq + 1);
        ConfigKey owner = ConfigKeys.owner(name).orElseThrow(() -> unknownKey(name, "--set"));
        if (!owner.name().equals(name)) {
            // One entry of an object-valued key: --set spark.conf."spark.executor.memory"=4g
            String entry = name.substring(owner.name().length() + 1);
            if (entry.length() >= 2 && entry.startsWith("\"") && entry.endsWith("\"")) {
                entry = entry.substring(1, entry.length() - 1);
            }
            @SuppressWarnings("unchecked")
            Map<String, String> map = new TreeMap<>((Map<String, String>) values.get(owner.name()));
            map.put(entry, text);
            values.put(owner.name(), Collections.unmodifiableMap(map));
            origin.put(owner.name(), "--set");
            return;
        }
        ConfigKey key = owner;
        try {
            values.put(name, key.type().readText(text));
        } catch (IllegalArgumentException ex) {
            throw badValue(key, text, "--set");
        }
        origin.put(name, "--set");
    }

    /** A bad value, named with its key; a value that mentions a credential is not repeated. */
    static ConfigError badValue(ConfigKey key, String value, String where) {
        String shown = Secrets.isSecret(key.name()) || Secrets.isSecret(value) ? Secrets.MASK : value;
        return new ConfigError(key.name() + " = " + shown + " (" + where + "): must be " + key.type().describe());
    }

    private static ConfigError unknownKey(String path, String where) {
        String hint = ConfigKeys.ALL.stream().map(ConfigKey::name)
                .min((a, b) -> Integer.compare(distance(a, path), distance(b, path)))
                .filter(n -> distance(n, path) <= 3).map(n -> "; did you mean " + n + "?").orElse(".");
        return new ConfigError(path + " (" + where + "): unknown key" + hint
                + " Keys are listed by 'ordersweep keys'.");
    }

    @SuppressWarnings("unchecked")
    private static SweepConfig build(Map<String, Object> v, Map<String, String> origin) {
        List<Element> block = ((List<String>) v.get("sweep.block")).stream().map(Element::parse).toList();
        if (new HashSet<>(block).size() != block.size()) {
            throw cross("sweep.block", v, origin, "each element may appear at most once");
        }
        List<List<Element>> swept = new ArrayList<>();
        for (String text : (List<String>) v.get("sweep.blocks")) {
            List<Element> b;
            try {
                b = Arrays.stream(text.trim().split("[\\s,>]+")).filter(w -> !w.isEmpty())
                        .map(Element::parseInBlock).toList();
            } catch (IllegalArgumentException e) {
                throw cross("sweep.blocks", v, origin, "block '" + text + "': " + e.getMessage());
            }
            if (b.isEmpty() || new HashSet<>(b).size() != b.size()) {
                throw cross("sweep.blocks", v, origin, "block '" + text + "' must name each element at most once");
            }
            if (swept.stream().anyMatch(x -> new HashSet<>(x).equals(new HashSet<>(b)))) {
                throw cross("sweep.blocks", v, origin, "block '" + text + "' is listed twice");
            }
            swept.add(b);
        }
        SweepConfig.Model model = model(v, origin, block, swept);
        Stage sweptStage = model.swept();
        if (sweptStage.residual()) {
            // The placements are the swept orderings: nothing else may choose or narrow them.
            for (String key : List.of("sweep.block", "sweep.constraints", "sweep.orderings")) {
                if (!"default".equals(origin.get(key))) {
                    throw cross(key, v, origin, "must not be given: the swept stage of model.stages is residual, "
                            + "and its placements are what is swept");
                }
            }
        }
        if (!((StageList) v.get("model.stages")).isEmpty()) {
            List<Element> stageBlock = model.swept().elements();
            if (!"default".equals(origin.get("sweep.block")) && swept.isEmpty()
                    && !new HashSet<>(block).equals(new HashSet<>(stageBlock))) {
                throw cross("sweep.block", v, origin, "disagrees with the swept stage of model.stages, "
                        + stageBlock.stream().map(Element::key).toList() + "; the swept stage's elements are the block");
            }
            block = stageBlock;
        }
        String blockKey = swept.isEmpty() ? "sweep.block" : "sweep.blocks";
        if (swept.isEmpty()) {
            swept.add(block);
        }
        Set<Element> anyBlock = new HashSet<>();
        swept.forEach(anyBlock::addAll);
        List<ActivationKind> activations =
                ((List<String>) v.get("sweep.activations")).stream().map(ActivationKind::parse).distinct().toList();
        List<String> constraints = (List<String>) v.get("sweep.constraints");
        List<Constraint> rules = new ArrayList<>();
        for (String text : constraints) {
            Constraint parsed;
            try {
                parsed = Constraint.parse(text);
                rules.add(parsed);
            } catch (IllegalArgumentException e) {
                throw cross("sweep.constraints", v, origin, e.getMessage());
            }
            if (parsed.activation() != null && !activations.contains(parsed.activation())) {
                throw cross("sweep.constraints", v, origin, "constraint '" + text + "' is for "
                        + parsed.activation().key() + ", which is not in sweep.activations");
            }
            for (String word : parsed.rule().split("\\s+")) {
                if (isElement(word) && !anyBlock.contains(Element.parse(word))) {
                    throw cross("sweep.constraints", v, origin,
                            "constraint '" + text + "' names " + word + ", which is not in " + blockKey);
                }
            }
        }
        List<String> orderings = sweptStage.residual()
                ? sweptStage.placements().stream().map(p -> p.unit().key()).toList()
                : (List<String>) v.get("sweep.orderings");
        for (String text : orderings) {
            Ordering o;
            try {
                o = Ordering.parse(text);
            } catch (IllegalArgumentException e) {
                throw cross("sweep.orderings", v, origin, e.getMessage());
            }
            if (swept.stream().noneMatch(b -> o.elements().size() == b.size()
                    && new HashSet<>(o.elements()).equals(new HashSet<>(b)))) {
                throw cross("sweep.orderings", v, origin, "'" + text + "' is not an ordering of " + blockKey);
            }
        }
        List<Ordering> candidates = orderings.isEmpty()
                ? swept.stream().flatMap(b -> Orderings.enumerate(b, List.of()).stream()).toList()
                : orderings.stream().map(Ordering::parse).toList();
        for (ActivationKind a : activations) {
            if (candidates.stream().noneMatch(o -> rules.stream().allMatch(c -> !c.appliesTo(a) || c.test(o)))) {
                throw cross("sweep.constraints", v, origin, "no " + (orderings.isEmpty() ? "ordering of "
                        + blockKey : "ordering in sweep.orderings") + " satisfies every constraint for " + a.key());
            }
        }
        List<Double> rates = ((List<Number>) v.get("sweep.learning-rates")).stream().map(Number::doubleValue)
                .toList();
        if (new HashSet<>(rates).size() != rates.size()) {
            throw cross("sweep.learning-rates", v, origin, "each rate may appear at most once");
        }
        if (rates.isEmpty()) {
            rates = List.of((Double) v.get("train.learning-rate"));
        }
        String master = (String) v.get("spark.master");
        SweepConfig config = new SweepConfig(
                new SweepConfig.Sweep((String) v.get("sweep.name"), List.copyOf(swept), constraints, orderings,
                        activations, rates, (Integer) v.get("sweep.seeds"), (Long) v.get("sweep.master-seed"),
                        (Boolean) v.get("sweep.dedupe"),
                        (Integer) v.get("sweep.concurrent-trials")),
                model,
                new SweepConfig.Data(KeyedValue.of(DataFormat.class, (String) v.get("data.format")),
                        ((String) v.get("data.path")).trim(),
                        (Integer) v.get("data.train-limit"), (Integer) v.get("data.test-limit"),
                        (Integer) v.get("data.height"), (Integer) v.get("data.width"),
                        Integer.parseInt((String) v.get("data.channels")), (Double) v.get("data.test-fraction"),
                        new SweepConfig.Table(((String) v.get("data.test-path")).trim(),
                                (String) v.get("data.label-column"), (String) v.get("data.features-column"),
                                (String) v.get("data.split-column"), (List<String>) v.get("data.features-columns"),
                                ((String) v.get("data.source")).trim(), (Map<String, String>) v.get("data.options"),
                                ((String) v.get("data.table")).trim()), ""),
                new SweepConfig.Train((Integer) v.get("train.epochs"), (Integer) v.get("train.batch-size"),
                        (Double) v.get("train.learning-rate"), (Integer) v.get("train.averaging-frequency"),
                        (Integer) v.get("train.prefetch"), (Integer) v.get("train.workers"),
                        KeyedValue.of(TrainMode.class, (String) v.get("train.mode")),
                        KeyedValue.of(StepKind.class, (String) v.get("train.step")), (Integer) v.get("train.retries"),
                        new SweepConfig.Halving((Boolean) v.get("train.halving.enabled"),
                                (Integer) v.get("train.halving.min-epochs"), (Integer) v.get("train.halving.reduction"),
                                (Double) v.get("train.halving.validation-fraction"))),
                new SweepConfig.Output(((String) v.get("output.dir")).trim(),
                        ((Number) v.get("output.record-every")).intValue()),
                new SweepConfig.Spark(master.trim(), (Map<String, String>) v.get("spark.conf")),
                Secrets.redacted(v));
        if ((Boolean) v.get("sweep.racing.enabled")
                && (Integer) v.get("sweep.racing.min-seeds") > (Integer) v.get("sweep.seeds")) {
            throw cross("sweep.racing.min-seeds", v, origin, "must be at most sweep.seeds ("
                    + v.get("sweep.seeds") + "), the most seeds a class can get in the race");
        }
        if ((Boolean) v.get("sweep.racing.enabled") && (Boolean) v.get("train.halving.enabled")) {
            throw cross("sweep.racing.enabled", v, origin, "cannot be combined with train.halving.enabled: the "
                    + "race compares classes at the full budget");
        }
        if (config.output().dir().isEmpty()) {
            throw cross("output.dir", v, origin, "must not be empty");
        }
        for (String property : config.spark().conf().keySet()) {
            if (LOADS_CODE.matcher(property).matches()) {
                throw new ConfigError("spark.conf.\"" + property + "\" (" + origin.get("spark.conf") + "): names code"
                        + " to load (classes, plugins, JVM options, class paths, native libraries); a sweep "
                        + "configuration cannot load code: pass it to spark-submit with --conf instead");
            }
        }
        DataFormat format = config.data().format();
        if (format == DataFormat.UCR && config.data().embedded()) {
            throw cross("data.path", v, origin, "must name a UCR folder when data.format = ucr");
        }
        if (format != DataFormat.FASHION_MNIST && format != DataFormat.UCR && format != DataFormat.SPARK
                && config.data().embedded()) {
            throw cross("data.path", v, origin, "must name the data when data.format = " + format.key()
                    + " (the embedded subset is Fashion-MNIST)");
        }
        if ((format == DataFormat.CIFAR10 || format == DataFormat.IMAGES) && config.model().oneDimensional()) {
            throw cross("model.layout", v, origin, "must be 2d when data.format = " + format.key());
        }
        if (format == DataFormat.SPARK) {
            SweepConfig.Table t = config.data().table();
            if (t.catalogTable().isEmpty() == config.data().path().isEmpty()) {
                throw cross("data.table", v, origin, "give either data.table (a catalog table) or data.path (with "
                        + "data.source) when data.format = spark, not " + (t.catalogTable().isEmpty() ? "neither"
                        : "both"));
            }
            if (!config.data().path().isEmpty() && t.source().isEmpty()) {
                throw cross("data.source", v, origin, "must name the DataFrameReader format of data.path (csv, "
                        + "json, orc, parquet, ...) when data.format = spark");
            }
        }
        if (format == DataFormat.UCR && !config.model().oneDimensional()) {
            throw cross("model.layout", v, origin, "must be 1d when data.format = ucr (UCR series are 1D)");
        }
        return config;
    }

    /** The network: model.stages when given, else the template the shorthand keys describe. */
    @SuppressWarnings("unchecked")
    private static SweepConfig.Model model(Map<String, Object> v, Map<String, String> origin, List<Element> block,
                                           List<List<Element>> sweptBlocks) {
        Layout layout = KeyedValue.of(Layout.class, (String) v.get("model.layout"));
        Head head = KeyedValue.of(Head.class, (String) v.get("model.head"));
        int dense = (Integer) v.get("model.dense");
        StageList written = (StageList) v.get("model.stages");
        SweepConfig.Model model;
        if (written.isEmpty()) {
            int blocks = (Integer) v.get("model.blocks");
            List<Integer> filters = (List<Integer>) v.get("model.filters");
            if (filters.size() != blocks) {
                throw cross("model.filters", v, origin, "needs one entry per block (model.blocks = " + blocks + ")");
            }
            List<Element> inTheStage = new ArrayList<>(block);
            sweptBlocks.forEach(b -> b.stream().filter(e -> !inTheStage.contains(e)).forEach(inTheStage::add));
            if (inTheStage.contains(Element.DENSE) && inTheStage.stream().anyMatch(Element::spatial)) {
                throw cross(sweptBlocks.isEmpty() ? "sweep.block" : "sweep.blocks", v, origin, "mixes dense with "
                        + "conv or pooling in the one stage of the template; describe the network with "
                        + "model.stages, the stage with conv or pooling before the dense one");
            }
            model = SweepConfig.Model.template(layout, block, blocks, filters, (Integer) v.get("model.kernel"),
                    (Integer) v.get("model.pool"), (Double) v.get("model.dropout"), head, dense);
        } else {
            for (String shorthand : List.of("model.blocks", "model.filters")) {
                if (!"default".equals(origin.get(shorthand))) {
                    throw cross(shorthand, v, origin, "describes the template's one stage; with model.stages, give "
                            + "each stage's repeat and sizes there instead");
                }
            }
            try {
                model = new SweepConfig.Model(layout, StagesReader.read(written, new StagesReader.Defaults(
                        (Integer) v.get("model.kernel"), (Integer) v.get("model.pool"),
                        (Double) v.get("model.dropout")), sweptBlocks), head, dense);
            } catch (IllegalArgumentException e) {
                throw cross("model.stages", v, origin, e.getMessage());
            }
        }
        boolean flat = model.stages().stream().anyMatch(st -> st.elements().contains(Element.DENSE))
                || sweptBlocks.stream().anyMatch(b -> b.contains(Element.DENSE));
        if (head == Head.GLOBAL_AVERAGE && flat) {
            throw cross("model.head", v, origin, "needs a map, but the network's dense layer flattens it; after a "
                    + "dense layer the head is dense or output");
        }
        return model;
    }

    private static boolean isElement(String word) {
        try {
            Element.parse(word);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Spark and Hadoop properties that make a JVM load code: class names (serializer, registrator, plugins,
     * listeners, extensions, filesystem implementations), class paths, JVM options (-javaagent) and preloaded native
     * libraries. Sweep configurations are data, often shared or scheduled; loading code is the operator's call.
     */
    private static final Pattern LOADS_CODE = Pattern.compile(
            "(?i)(.*(\\.class|\\.impl|classname|serializer|registrator|plugins|listeners|extensions|classpath"
                    + "|class\\.path|javaoptions|userclasspathfirst|\\.jars|\\.packages|ld_preload|ld_library_path"
                    + "|factory|provider|providers)|spark\\.sql\\.catalog\\.[^.]+)");

    private static ConfigError cross(String key, Map<String, Object> v, Map<String, String> origin, String why) {
        return new ConfigError(key + " = " + ConfigKeys.render(v.get(key)) + " (" + origin.get(key) + "): " + why);
    }

    /** Levenshtein distance, for "did you mean" hints on misspelt keys. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
