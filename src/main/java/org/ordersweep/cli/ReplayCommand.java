package org.ordersweep.cli;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ordersweep.analysis.RaceReplay;
import org.ordersweep.config.ComparisonRule;
import org.ordersweep.config.ConfigError;
import org.ordersweep.config.KeyedValue;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.plan.Setting;
import org.ordersweep.results.ResultStore;
import org.ordersweep.results.TrialStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** The replay benchmark: racing and halving run over a sweep recorded at every seed, nothing trained. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay the seed race and successive halving over a results folder that holds every class at "
                + "every seed (output.dir): trainings spent and whether the might-be-best set is the exhaustive "
                + "design's.")
final class ReplayCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Mixin
    SparkOptions sparkOptions;

    @Option(names = "--min-seeds", split = ",", defaultValue = "2,3",
            description = "Racing's min-seeds values to replay (default: ${DEFAULT-VALUE}).")
    List<Integer> minSeeds;

    @Option(names = "--reduction", defaultValue = "3", description = "Halving's reduction (default: 3).")
    int reduction;

    @Option(names = "--format", defaultValue = "text", description = "text or json.")
    String format;

    @Option(names = "--rule", description = "How every comparison with the best is made: paired or pooled "
            + "(default: the configuration's sweep.racing.rule).")
    String ruleName;

    @Override
    public Integer call() {
        SweepConfig config = options.load();
        ComparisonRule rule = ruleName == null ? SweepConfig.racingRule(config.resolved()) : rule(ruleName);
        String dir = config.output().dir();
        ResultStore.checkReadable(dir, SparkSetup.hadoopConfiguration(sparkOptions.conf(config)));
        SparkSession spark = sparkOptions.start(config);
        try {
            ResultStore store = new ResultStore(spark, dir);
            List<Row> trials = store.trials()
                    .where(col("representative").and(col("status").equalTo(TrialStatus.OK.key())))
                    .select("trial_id", "activation", "class_id", "ordering", "seed", "test_accuracy", "epochs",
                            "learning_rate").collectAsList();
            if (trials.isEmpty()) {
                throw new ConfigError(dir + ": no finished trials to replay");
            }
            Map<String, Double> firstEpoch = new TreeMap<>();
            for (Row r : store.epochs().where(col("epoch").equalTo(1)).select("trial_id", "test_accuracy")
                    .collectAsList()) {
                if (!r.isNullAt(1)) {
                    firstEpoch.put(r.getString(0), r.getDouble(1));
                }
            }
            Map<String, Map<String, Map<Integer, Double>>> acc = new TreeMap<>();
            Map<String, Map<String, Map<Integer, Double>>> first = new TreeMap<>();
            Map<String, String> orderingOf = new TreeMap<>();
            int epochs = Integer.MAX_VALUE;
            // Classes race within their setting (block, activation, rate), named as the report names it.
            Map<String, Setting> settingOf = new TreeMap<>();
            trials.forEach(r -> settingOf.put(r.getString(0), Setting.of(r.getString(3), r.getString(1),
                    r.isNullAt(7) ? Double.NaN : r.getDouble(7))));
            boolean rates = Setting.ratesVary(settingOf.values());
            boolean blocks = Setting.blocksVary(settingOf.values());
            for (Row r : trials) {
                String activation = settingOf.get(r.getString(0)).label(rates, blocks);
                acc.computeIfAbsent(activation, k -> new TreeMap<>()).computeIfAbsent(r.getString(2),
                        k -> new TreeMap<>()).put(r.getInt(4), r.getDouble(5));
                Double e1 = firstEpoch.get(r.getString(0));
                if (e1 != null) {
                    first.computeIfAbsent(activation, k -> new TreeMap<>()).computeIfAbsent(r.getString(2),
                            k -> new TreeMap<>()).put(r.getInt(4), e1);
                }
                orderingOf.put(r.getString(2), r.getString(3));
                epochs = Math.min(epochs, r.getInt(6));
            }
            List<RaceReplay.Report> reports = new ArrayList<>();
            for (String activation : acc.keySet()) {
                reports.add(RaceReplay.of(activation, acc.get(activation), first.get(activation), epochs, minSeeds,
                        reduction, rule));
            }
            System.out.print(format.equals("json") ? RaceReplay.json(reports) + "\n"
                    : RaceReplay.text(reports, orderingOf));
            return 0;
        } finally {
            spark.stop();
        }
    }

    private static ComparisonRule rule(String name) {
        if (!List.of(KeyedValue.keys(ComparisonRule.class)).contains(name)) {
            throw new ConfigError("--rule = " + name + ": allowed " + String.join(", ",
                    KeyedValue.keys(ComparisonRule.class)));
        }
        return KeyedValue.of(ComparisonRule.class, name);
    }
}
