package org.ordersweep.config;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The key catalogue says, key by key, whether a value is part of a trial's or a sweep's identity; flipping each key
 * changes the ids exactly when it says so. Every catalogue key must have a row here, so a new key cannot be added
 * without deciding (and testing) what it does to identity.
 */
class IdentityKeysTest {

    /**
     * For every key: a different valid value (with whatever else must change for the value to load); "base:" entries
     * apply before and after, so that only the key itself differs.
     */
    private static final Map<String, List<String>> FLIP = Map.ofEntries(
            entry("sweep.name", List.of("sweep.name=other")),
            entry("sweep.block", List.of("sweep.block=[conv,act,pool]")),
            // Which blocks and rates are swept is the search space; each trial's block (its ordering) and rate
            // enter its own id (TrialIds, checked in OrderingsTest).
            entry("sweep.blocks", List.of("sweep.blocks=[\"conv bn act pool dropout\", \"conv act pool dropout\"]")),
            entry("sweep.learning-rates", List.of("sweep.learning-rates=[0.001, 0.01]")),
            entry("sweep.constraints", List.of("sweep.constraints=[\"conv first\"]")),
            entry("sweep.orderings", List.of("sweep.orderings=[\"conv>bn>act>pool>dropout\"]")),
            entry("sweep.activations", List.of("sweep.activations=[tanh]")),
            entry("sweep.seeds", List.of("sweep.seeds=3")),
            entry("sweep.master-seed", List.of("sweep.master-seed=7")),
            entry("sweep.dedupe", List.of("sweep.dedupe=false")),
            entry("sweep.concurrent-trials", List.of("sweep.concurrent-trials=4")),
            // Racing decides which trials run, never what a trial computes: the ids stay, so a race can be completed
            // by a run without it.
            entry("sweep.racing.enabled", List.of("base:sweep.seeds=4", "sweep.racing.enabled=true")),
            entry("sweep.racing.min-seeds", List.of("base:sweep.seeds=4", "base:sweep.racing.enabled=true",
                    "sweep.racing.min-seeds=2")),
            entry("sweep.racing.rule", List.of("base:sweep.seeds=4", "base:sweep.racing.enabled=true",
                    "sweep.racing.rule=pooled")),
            entry("analysis.margin", List.of("analysis.margin=0.02")),
            entry("analysis.control", List.of("analysis.control=\"conv>act>bn>pool>dropout\"")),
            entry("analysis.comparison", List.of("analysis.comparison=pooled")),
            entry("model.layout", List.of("model.layout=1d")),
            entry("model.blocks", List.of("model.blocks=1", "model.filters=[32]")),
            entry("model.filters", List.of("model.filters=[16,32]")),
            entry("model.kernel", List.of("model.kernel=5")),
            entry("model.pool", List.of("model.pool=3")),
            entry("model.dropout", List.of("model.dropout=0.5")),
            entry("model.dense", List.of("model.dense=64")),
            entry("model.head", List.of("model.head=global-average")),
            entry("model.stages", List.of("model.stages=[{elements = [conv, bn, act, pool, dropout], repeat = 2, "
                    + "sizes = [32, 64], swept = true}]")),
            entry("data.format", List.of("base:model.layout=1d", "base:data.path=/data/ucr", "data.format=ucr")),
            entry("data.path", List.of("data.path=/data/fashion-mnist")),
            entry("data.height", List.of("data.height=16")),
            entry("data.width", List.of("data.width=16")),
            entry("data.channels", List.of("data.channels=1")),
            entry("data.test-fraction", List.of("data.test-fraction=0.3")),
            entry("data.test-path", List.of("data.test-path=/data/test-table")),
            entry("data.label-column", List.of("data.label-column=y")),
            entry("data.features-column", List.of("data.features-column=x")),
            entry("data.split-column", List.of("data.split-column=part")),
            entry("data.features-columns", List.of("data.features-columns=[p0,p1]")),
            entry("data.source", List.of("data.source=csv")),
            entry("data.options", List.of("data.options.header=true")),
            entry("data.table", List.of("data.table=db.images")),
            entry("data.train-limit", List.of("data.train-limit=100")),
            entry("data.test-limit", List.of("data.test-limit=100")),
            entry("train.epochs", List.of("train.epochs=3")),
            entry("train.batch-size", List.of("train.batch-size=32")),
            entry("train.learning-rate", List.of("train.learning-rate=0.01")),
            entry("train.averaging-frequency", List.of("train.averaging-frequency=10")),
            entry("train.prefetch", List.of("train.prefetch=4")),
            entry("train.workers", List.of("train.workers=4")),
            entry("train.mode", List.of("train.mode=trial-parallel")),
            entry("train.step", List.of("train.step=dl4j")),
            entry("train.halving.enabled", List.of("train.halving.enabled=true")),
            entry("train.halving.min-epochs", List.of("train.halving.min-epochs=2")),
            entry("train.halving.reduction", List.of("train.halving.reduction=2")),
            entry("train.halving.validation-fraction", List.of("train.halving.validation-fraction=0.2")),
            entry("train.retries", List.of("train.retries=3")),
            entry("output.dir", List.of("output.dir=/elsewhere")),
            entry("output.record-every", List.of("output.record-every=0")),
            entry("spark.master", List.of("spark.master=local[1]")),
            entry("spark.conf", List.of("spark.conf.\"spark.ui.enabled\"=false")));

    private record Ids(String sweep, String trialParallel, String dataParallel) {
        static Ids of(List<String> overrides) {
            SweepConfig c = ConfigLoader.load(null, overrides);
            return new Ids(c.sweepFingerprint(), c.trialFingerprint(TrainMode.TRIAL_PARALLEL, 1),
                    c.trialFingerprint(TrainMode.DATA_PARALLEL, 2));
        }
    }

    @Test
    void everyKeyIsClassifiedAndFlippingItChangesIdsExactlyWhenItDefinesThem() {
        assertEquals(new HashSet<>(ConfigKeys.ALL.stream().map(ConfigKey::name).toList()), FLIP.keySet(),
                "every catalogue key needs a row in FLIP");
        for (boolean halving : List.of(false, true)) {
            List<String> base = halving ? List.of("train.halving.enabled=true") : List.of();
            for (ConfigKey key : ConfigKeys.ALL) {
                if (halving && key.name().equals("train.halving.enabled")) {
                    continue; // the base already flipped it
                }
                if (halving && key.name().startsWith("sweep.racing.")) {
                    continue; // a seed race cannot be combined with halving (refused when loaded)
                }
                List<String> unflipped = new ArrayList<>(base);
                List<String> flipped = new ArrayList<>(base);
                for (String o : FLIP.get(key.name())) {
                    if (o.startsWith("base:")) {
                        unflipped.add(o.substring(5));
                        flipped.add(o.substring(5));
                    } else {
                        flipped.add(o);
                    }
                }
                Ids before = Ids.of(unflipped);
                Ids after = Ids.of(flipped);
                String what = key.name() + " (" + key.identity() + ", halving " + halving + ")";
                boolean trial = key.identity() == ConfigKey.Identity.TRIAL
                        || key.identity() == ConfigKey.Identity.TRIAL_WHEN_SET
                        || (key.identity() == ConfigKey.Identity.WHEN_HALVING && halving);
                boolean execution = key.identity() == ConfigKey.Identity.EXECUTION;
                boolean averaging = key.identity() == ConfigKey.Identity.WHEN_AVERAGING;
                // model.blocks needs model.filters to change too, which is trial-defining either way.
                assertEquals(trial || execution, !before.sweep().equals(after.sweep()), what + ": sweep id");
                assertEquals(trial, !before.trialParallel().equals(after.trialParallel()), what + ": trial id");
                assertEquals(trial || averaging, !before.dataParallel().equals(after.dataParallel()),
                        what + ": trial id, data-parallel");
            }
        }
    }

    /**
     * A key that is part of ids only when set leaves them alone at its default, given or not: recorded sweeps from
     * before model.head, model.stages and train.step existed keep their ids.
     */
    @Test
    void keysAtTheirDefaultLeaveIdsAsTheyWere() {
        Ids without = Ids.of(List.of());
        assertEquals(without, Ids.of(List.of("model.head=dense", "model.stages=[]", "train.step=fast")));
        for (String id : List.of(without.sweep(), without.trialParallel(), without.dataParallel())) {
            assertFalse(id.contains("model.head"), id);
            assertFalse(id.contains("model.stages"), id);
            assertFalse(id.contains("train.step"), id);
        }
        // The same network written as stages is another text, so another id: ids follow what was written.
        Ids asStages = Ids.of(List.of("model.stages=[{elements = [conv, bn, act, pool, dropout], repeat = 2, "
                + "sizes = [32, 64], swept = true}]"));
        assertTrue(asStages.trialParallel().contains("model.stages="), asStages.trialParallel());
    }

    @Test
    void trialIdsNameTheExecutionActuallyUsedNotTheConfiguredMode() {
        SweepConfig auto = ConfigLoader.load(null, List.of());
        SweepConfig explicit = ConfigLoader.load(null, List.of("train.mode=trial-parallel"));
        // auto and the mode it chose train the same trials, but are different sweeps.
        assertEquals(auto.trialFingerprint(TrainMode.TRIAL_PARALLEL, 1),
                explicit.trialFingerprint(TrainMode.TRIAL_PARALLEL, 1));
        assertNotEquals(auto.sweepFingerprint(), explicit.sweepFingerprint());
        assertNotEquals(auto.trialFingerprint(TrainMode.TRIAL_PARALLEL, 1),
                auto.trialFingerprint(TrainMode.DATA_PARALLEL, 2));
        assertNotEquals(auto.trialFingerprint(TrainMode.DATA_PARALLEL, 2),
                auto.trialFingerprint(TrainMode.DATA_PARALLEL, 4));
        Set<String> lines = new HashSet<>(Arrays.asList(auto.trialFingerprint(TrainMode.DATA_PARALLEL, 2)
                .split("\n")));
        assertTrue(lines.contains("execution.mode=data-parallel") && lines.contains("execution.workers=2"), lines
                .toString());
        assertTrue(lines.contains("train.averaging-frequency=5"));
        assertFalse(String.join("\n", lines).contains("train.mode="));
    }
}
