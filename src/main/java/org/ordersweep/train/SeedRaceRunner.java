package org.ordersweep.train;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.plan.ClassKey;
import org.ordersweep.plan.SeedRace;
import org.ordersweep.plan.Setting;
import org.ordersweep.plan.TrialSpec;
import org.ordersweep.results.ResultStore;
import org.ordersweep.results.TrialStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * The seed race (sweep.racing): round by round, the contenders' trials at the next seed are trained (all their
 * first min-seeds seeds in the first round); after each round, per setting (block, activation, rate),
 * {@link SeedRace#round} decides who stays. Trials already recorded are not trained again, and the race is decided
 * from recorded accuracies, so a resumed race makes the same decisions.
 */
final class SeedRaceRunner {

    // The console shows the logger's name: the run's lines keep the one they always had.
    private static final Logger LOG = LoggerFactory.getLogger(SweepRunner.class);

    private final SweepRun run;
    private final ResultStore store;
    private final SweepConfig.Racing racing;
    private final SeedRace race;

    SeedRaceRunner(SweepRun run, ResultStore store) {
        this.run = run;
        this.store = store;
        this.racing = run.config.racing();
        this.race = SeedRace.of(racing);
    }

    /**
     * @param all  every planned trial, in the order they start
     * @param todo the trials not recorded yet
     * @return the trials trained
     */
    int race(List<TrialSpec> all, Set<TrialSpec> todo) {
        Set<ClassKey> contenders = new TreeSet<>();
        all.forEach(t -> contenders.add(t.classKey()));
        int trained = 0;
        for (int n = racing.minSeeds(); n <= racing.maxSeeds() && !contenders.isEmpty(); n++) {
            int seeds = n;
            List<TrialSpec> round = all.stream().filter(t -> contenders.contains(t.classKey())
                    && (seeds == racing.minSeeds() ? t.seedIndex() < seeds : t.seedIndex() == seeds - 1))
                    .toList();
            List<TrialSpec> train = round.stream().filter(todo::contains).toList();
            LOG.info("Seed race, round {} of {}: {} classes at {} seeds; {} trials to train, {} recorded.",
                    n - racing.minSeeds() + 1, race.rounds(), contenders.size(), n, train.size(),
                    round.size() - train.size());
            if (!train.isEmpty()) {
                run.train(train, run.config.train().epochs(), t -> Checkpoint.NONE,
                        outcome -> run.record(outcome, 0, null));
                trained += train.size();
            }
            run.flush(); // the race is decided from what is recorded
            Map<ClassKey, Map<Integer, Double>> accuracy = recordedAccuracy(all, contenders, seeds);
            Set<ClassKey> stay = new TreeSet<>();
            for (Setting setting : contenders.stream().map(ClassKey::setting).distinct().toList()) {
                // A trial not recorded ok (diverged, failed) has no accuracy: NaN, and its class leaves the race.
                Map<ClassKey, double[]> atSeeds = new LinkedHashMap<>();
                accuracy.forEach((c, bySeed) -> {
                    if (c.setting().equals(setting)) {
                        atSeeds.put(c, IntStream.range(0, seeds)
                                .mapToDouble(s -> bySeed.getOrDefault(s, Double.NaN)).toArray());
                    }
                });
                SeedRace.Round<ClassKey> decided = race.round(seeds, atSeeds);
                LOG.info("Seed race, {} after {} seeds: {} of {} classes stay in (ruled out at alpha {}).",
                        setting.key(), seeds, decided.stay().size(), decided.compared(),
                        String.format(Locale.ROOT, "%.4f", race.roundAlpha()));
                if (decided.goesOn()) {
                    stay.addAll(decided.stay());
                }
            }
            contenders.retainAll(stay);
        }
        return trained;
    }

    /** Accuracy per contender and seed, from what is recorded (this round's trials included); ok trials only. */
    private Map<ClassKey, Map<Integer, Double>> recordedAccuracy(List<TrialSpec> all, Set<ClassKey> contenders,
                                                                 int seeds) {
        Map<String, ClassKey> classOfTrial = new HashMap<>();
        all.stream().filter(t -> t.seedIndex() < seeds).forEach(t -> classOfTrial.put(run.id.trialId(t),
                t.classKey()));
        Map<ClassKey, Map<Integer, Double>> accuracy = new TreeMap<>();
        contenders.forEach(c -> accuracy.put(c, new TreeMap<>()));
        for (Row r : store.trials().where(functions.col("trial_id").isin(classOfTrial.keySet().toArray()))
                .select("trial_id", "seed", "status", "test_accuracy").collectAsList()) {
            ClassKey c = classOfTrial.get(r.getString(0));
            if (accuracy.containsKey(c) && TrialStatus.parse(r.getString(2)) == TrialStatus.OK && !r.isNullAt(3)) {
                accuracy.get(c).put(r.getInt(1), r.getDouble(3));
            }
        }
        return accuracy;
    }
}
