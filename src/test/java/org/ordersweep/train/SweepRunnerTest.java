package org.ordersweep.train;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ordersweep.SparkTestBase;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.results.ResultSchemas;
import org.ordersweep.results.ResultStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real parameter-averaging sweep on local[2] over tiny data, read back from the Parquet it wrote. */
class SweepRunnerTest extends SparkTestBase {

    @TempDir
    Path out;

    private SweepConfig config(String... sets) {
        List<String> all = new ArrayList<>(List.of("sweep.block=[conv,act,pool]", "model.filters=[4,8]",
                "model.dense=16", "data.train-limit=600", "data.test-limit=200", "train.epochs=2",
                "train.batch-size=20", "train.averaging-frequency=3", "train.learning-rate=0.005",
                "train.mode=data-parallel", "sweep.concurrent-trials=2", "output.dir=" + out.resolve("results")));
        all.addAll(List.of(sets));
        return ConfigLoader.load(null, all);
    }

    private SweepRunner.Summary run(SweepConfig c) {
        return SweepRunner.run(spark, c, DataLoader.load(c, spark.sparkContext()
                .hadoopConfiguration()));
    }

    @Test
    void trainsOneOrderingPerClassWritesParquetAndSkipsRecordedTrialsOnRerun() throws Exception {
        SweepConfig c = config("train.epochs=3");
        SweepRunner.Summary first = run(c);
        // relu commutes with max-pooling: conv>act>pool = conv>pool>act and act>pool>conv = pool>act>conv.
        assertEquals(4, first.trainedNow());

        ResultStore store = new ResultStore(spark, c.output().dir());
        // Read the files back with the schema they carry, not the one we expect.
        var trials = spark.read().parquet(store.trialsPath());
        assertEquals(ResultSchemas.TRIALS.fieldNames().length, trials.schema().fieldNames().length);
        List<Row> rows = trials.collectAsList();
        assertEquals(6, rows.size());
        Set<String> orderings = new HashSet<>();
        double best = 0;
        java.util.Map<String, Row> byId = new java.util.HashMap<>();
        rows.forEach(r -> byId.put(r.getAs("trial_id"), r));
        for (Row r : rows) {
            orderings.add(r.getAs("ordering"));
            assertEquals("ok", r.getAs("status"));
            if (!(boolean) r.getAs("representative")) {
                // Inherited: no measurement of its own, a pointer to the trained member of the same class.
                assertTrue(r.isNullAt(r.fieldIndex("test_accuracy")));
                Row rep = byId.get((String) r.getAs("inherited_from"));
                assertEquals((String) rep.getAs("class_id"), r.getAs("class_id"));
                assertTrue((boolean) rep.getAs("representative"));
                continue;
            }
            assertEquals("relu", r.getAs("activation"));
            assertEquals(0, (int) r.getAs("seed"));
            assertEquals(first.sweepId(), r.getAs("sweep_id"));
            double acc = r.getAs("test_accuracy");
            // 10 balanced classes, 200 test images: chance is 0.10 +- 0.02; every ordering learns something.
            assertTrue(acc > 0.2 && acc <= 1.0, r.getAs("ordering") + " accuracy " + acc);
            best = Math.max(best, acc);
            assertTrue((double) r.getAs("train_seconds") > 0);
            assertTrue((double) r.getAs("inference_samples_per_second") > 0);
            assertTrue((long) r.getAs("parameters") > 0);
            double f1 = r.getAs("macro_f1");
            assertTrue(f1 > 0 && f1 <= 1);
        }
        // The canonical conv>act>pool learns well within three epochs on 600 images, in minibatches drawn at random
        // each epoch (fixed class-interleaved minibatches, as the embedded file's order gave before, learn faster).
        assertTrue(best > 0.5, "best accuracy " + best);
        assertEquals(Set.of("conv>act>pool", "conv>pool>act", "act>conv>pool", "act>pool>conv", "pool>conv>act",
                "pool>act>conv"), orderings);
        assertEquals(4, rows.stream().filter(r -> (boolean) r.getAs("representative")).count());
        // Pooling first is cheaper, so it represents its class.
        assertEquals(Set.of("conv>pool>act", "pool>act>conv"), rows.stream()
                .filter(r -> !(boolean) r.getAs("representative"))
                .map(r -> byId.get((String) r.getAs("inherited_from")).<String>getAs("ordering"))
                .collect(java.util.stream.Collectors.toSet()));

        List<Row> epochs = spark.read().parquet(store.epochsPath()).collectAsList();
        assertEquals(12, epochs.size());
        for (Row e : epochs) {
            assertTrue(Double.isFinite(e.getAs("train_loss")));
            assertTrue((int) e.getAs("epoch") >= 1 && (int) e.getAs("epoch") <= 3);
            assertTrue((double) e.getAs("eval_seconds") > 0, String.valueOf(e));
            // The trial's eval_seconds is its last evaluation's: the same measurement as its last epoch's.
            if ((int) e.getAs("epoch") == 3) {
                assertEquals((double) byId.get((String) e.getAs("trial_id")).getAs("eval_seconds"),
                        (double) e.getAs("eval_seconds"), 0, String.valueOf(e));
            }
        }
        Path runs = Path.of(c.output().dir(), "runs", first.sweepId());
        List<Path> runFolders = runFolders(runs);
        assertEquals(1, runFolders.size());
        assertTrue(Files.exists(runFolders.get(0).resolve("config.conf")));
        String provenance = Files.readString(runFolders.get(0).resolve("provenance.json"));
        assertTrue(provenance.contains("\"data_sampling\": \"600 of 4000 training examples, 200 of 1000 test examples "
                + "(stratified by class, seeded by sweep.master-seed 20240601)\""), provenance);

        // The verification report: every ordering once, members bit-for-bit equal to their representative.
        List<Row> checks = spark.read().parquet(store.verificationPath(first.sweepId())).collectAsList();
        assertEquals(6, checks.size());
        for (Row v : checks) {
            assertTrue((boolean) v.getAs("passed"), String.valueOf(v));
            assertTrue((double) v.getAs("inference_samples_per_second") > 0);
            if (!(boolean) v.getAs("representative")) {
                assertEquals(0.0, (double) v.getAs("training_diff"), 1e-6);
            }
        }

        // The execution was decided once and is recorded with every trained row.
        assertTrue(Files.readString(runs.resolve("execution.properties"))
                .startsWith("mode=data-parallel\nworkers=2\n"));
        for (Row r : rows) {
            assertEquals("data-parallel", r.getAs("execution_mode"));
            assertEquals(2, (int) r.getAs("workers"));
            assertEquals("1.0.0-M2", r.getAs("dl4j_version"));
            assertTrue(((String) r.getAs("ordersweep_commit")).matches("[0-9a-f]{40}|unknown"));
        }

        SweepRunner.Summary again = run(c);
        assertEquals(first.sweepId(), again.sweepId());
        assertEquals(0, again.trainedNow());
        assertEquals(6, spark.read().parquet(store.trialsPath()).count());
        // Each run keeps its own provenance.
        assertEquals(2, runFolders(runs).size());
    }

    private static List<Path> runFolders(Path runs) throws java.io.IOException {
        try (var s = Files.list(runs)) {
            return s.filter(p -> p.getFileName().toString().startsWith("run-")).sorted().toList();
        }
    }

    @Test
    void shapesDl4jRejectsAreRecordedAsInvalidAndTheSweepGoesOn(@TempDir Path ucr) throws Exception {
        // Series of 12 values pooled by 3 twice: 12 -> 4 -> 1, then a third pool has nothing to pool.
        StringBuilder train = new StringBuilder();
        StringBuilder test = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            StringBuilder row = new StringBuilder(String.valueOf(i % 2));
            for (int t = 0; t < 12; t++) {
                row.append('\t').append(i % 2 == 0 ? Math.sin(t) : Math.cos(t));
            }
            (i < 30 ? train : test).append(row).append('\n');
        }
        Files.writeString(ucr.resolve("Toy_TRAIN.tsv"), train);
        Files.writeString(ucr.resolve("Toy_TEST.tsv"), test);
        SweepConfig c = config("data.format=ucr", "data.path=" + ucr, "model.layout=1d", "model.blocks=3",
                "model.filters=[2,2,2]", "model.pool=3", "model.kernel=3", "data.train-limit=0", "data.test-limit=0",
                "train.epochs=1", "sweep.block=[conv,pool]", "output.dir=" + out.resolve("invalid"));
        SweepRunner.Summary s = run(c);
        assertEquals(2, s.trainedNow());
        List<Row> rows = new ResultStore(spark, c.output().dir()).trials().collectAsList();
        assertEquals(2, rows.size());
        for (Row r : rows) {
            assertEquals("invalid", r.getAs("status"), String.valueOf(r));
            assertEquals("max-pooling 1x3 in block 3 receives a 1x1 map, smaller than its window", r.getAs("reason"));
            assertTrue(r.isNullAt(r.fieldIndex("test_accuracy")));
        }
        // Same data and layers with two blocks fit (12 -> 4 -> 1): those train.
        SweepConfig ok = config("data.format=ucr", "data.path=" + ucr, "model.layout=1d", "model.blocks=2",
                "model.filters=[2,2]", "model.pool=3", "data.train-limit=0", "data.test-limit=0", "train.epochs=1",
                "sweep.block=[conv,pool]", "output.dir=" + out.resolve("valid"));
        run(ok);
        for (Row r : new ResultStore(spark, ok.output().dir()).trials().collectAsList()) {
            assertEquals("ok", r.getAs("status"));
        }
    }

    /** Same configuration, cluster shape and data: the same numbers to the last digit, dropout included. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"data-parallel", "trial-parallel"})
    void aTrialRunTwiceGivesIdenticalResults(String mode) {
        java.util.Map<String, List<Double>> first = new java.util.HashMap<>();
        for (String name : List.of("a", "b")) {
            SweepConfig c = config("sweep.block=[conv,dropout,pool]", "train.epochs=1", "data.train-limit=300",
                    "train.mode=" + mode, "output.dir=" + out.resolve(mode + "-repeat-" + name));
            run(c);
            for (Row r : new ResultStore(spark, c.output().dir()).trials().where("representative").collectAsList()) {
                List<Double> numbers = List.of(r.getAs("test_accuracy"), r.getAs("test_loss"), r.getAs("macro_f1"));
                List<Double> earlier = first.putIfAbsent(r.getAs("trial_id"), numbers);
                if (earlier != null) {
                    assertEquals(earlier, numbers, (String) r.getAs("ordering"));
                }
            }
        }
        assertEquals(6, first.size());
    }

    /**
     * train.step=dl4j trains with DL4J's layers, whose batch norm rounds differently from the fused one: in the same
     * results folder those trials get ids of their own and numbers of their own, and nothing trained the default way
     * is touched or reused; the default written out resumes the first run's trials.
     */
    @Test
    void theTrainingStepIsPartOfATrialsIdentity() {
        String dir = "output.dir=" + out.resolve("training-step");
        List<String> common = List.of("sweep.block=[conv,bn,act]", "train.epochs=1", "data.train-limit=200",
                "train.mode=trial-parallel", dir);
        java.util.Map<String, java.util.Map<String, Double>> lossByOrdering = new java.util.HashMap<>();
        for (String step : List.of("fast", "dl4j")) {
            List<String> sets = new ArrayList<>(common);
            if (step.equals("dl4j")) {
                sets.add("train.step=dl4j");
            }
            SweepConfig c = config(sets.toArray(String[]::new));
            SweepRunner.Summary s = run(c);
            assertEquals(s.plan().trials().size(), s.trainedNow(), step);
            java.util.Map<String, Double> losses = new java.util.HashMap<>();
            new ResultStore(spark, c.output().dir()).trials().where("representative")
                    .where(org.apache.spark.sql.functions.col("sweep_id").equalTo(s.sweepId())).collectAsList()
                    .forEach(r -> losses.put(r.getAs("ordering"), r.getAs("test_loss")));
            assertEquals(s.plan().trials().size(), losses.size(), step);
            lossByOrdering.put(step, losses);
        }
        assertEquals(lossByOrdering.get("fast").keySet(), lossByOrdering.get("dl4j").keySet());
        assertNotEquals(lossByOrdering.get("fast"), lossByOrdering.get("dl4j"));
        SweepConfig fastAgain = config(java.util.stream.Stream.concat(common.stream(), java.util.stream.Stream.of(
                "train.step=fast")).toArray(String[]::new));
        SweepRunner.Summary again = run(fastAgain);
        assertEquals(0, again.trainedNow());
        assertEquals(2 * again.plan().trials().size(),
                new ResultStore(spark, fastAgain.output().dir()).trials().where("representative").count());
    }

    /**
     * Data-parallel and trial-parallel train the same plan and record the same schema, but a trial's id names the mode
     * that trained it (parameter averaging changes the result), and every row says which.
     */
    @Test
    void bothExecutionModesPlanAndRecordTheSameTrialsUnderIdsThatNameTheMode() {
        java.util.Map<String, Set<String>> ids = new java.util.HashMap<>();
        java.util.Map<String, Set<String>> orderings = new java.util.HashMap<>();
        java.util.Map<String, org.apache.spark.sql.types.StructType> schemas = new java.util.HashMap<>();
        for (String mode : List.of("data-parallel", "trial-parallel")) {
            SweepConfig c = config("train.mode=" + mode, "train.epochs=1", "output.dir=" + out.resolve(mode));
            SweepRunner.Summary s = run(c);
            assertEquals(4, s.trainedNow());
            var trials = spark.read().parquet(new ResultStore(spark, c.output().dir()).trialsPath());
            schemas.put(mode, trials.schema());
            Set<String> found = new HashSet<>();
            Set<String> ordered = new HashSet<>();
            for (Row r : trials.collectAsList()) {
                found.add(r.getAs("trial_id"));
                ordered.add(r.getAs("ordering"));
                assertEquals("ok", r.getAs("status"));
                assertEquals(mode, r.getAs("execution_mode"));
                assertEquals(mode.equals("data-parallel") ? 2 : 1, (int) r.getAs("workers"));
                if ((boolean) r.getAs("representative")) {
                    assertTrue((double) r.getAs("test_accuracy") > 0.2, mode + " " + r);
                }
            }
            assertEquals(6, found.size());
            ids.put(mode, found);
            orderings.put(mode, ordered);
        }
        assertEquals(orderings.get("data-parallel"), orderings.get("trial-parallel"));
        assertTrue(java.util.Collections.disjoint(ids.get("data-parallel"), ids.get("trial-parallel")));
        assertEquals(schemas.get("data-parallel"), schemas.get("trial-parallel"));
    }

    /**
     * Successive halving on a fixed-seed problem, by class: fewer epochs in total than the full sweep, every seed of
     * a kept class goes on (no class keeps only its lucky seeds) from its checkpoint, and the class that is best after
     * the full sweep is still among those trained to the end.
     */
    @Test
    void successiveHalvingTrainsLessAndKeepsWholeClasses() {
        String[] base = {"sweep.block=[conv,dropout,pool]", "model.dropout=0.5", "train.epochs=3", "sweep.seeds=2",
                "train.mode=trial-parallel", "data.train-limit=1500", "train.halving.validation-fraction=0.2"};
        SweepConfig full = config(concat(base, "output.dir=" + out.resolve("full")));
        run(full);
        List<Row> fullRows = new ResultStore(spark, full.output().dir()).trials().where("representative")
                .collectAsList();
        java.util.Map<String, Double> classMean = new java.util.TreeMap<>();
        fullRows.forEach(r -> classMean.merge(r.getAs("ordering"), (double) r.getAs("test_accuracy") / 2,
                Double::sum));
        String best = classMean.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow()
                .getKey();
        long fullEpochs = fullRows.stream().mapToLong(r -> (int) r.getAs("epochs")).sum();

        SweepConfig halving = config(concat(base, "train.halving.enabled=true", "train.halving.min-epochs=1",
                "train.halving.reduction=3", "output.dir=" + out.resolve("halving")));
        run(halving);
        List<Row> rows = new ResultStore(spark, halving.output().dir()).trials().where("representative")
                .collectAsList();
        assertEquals(12, rows.size());
        // 6 classes x 2 seeds at 1 epoch; the best 2 classes go on with both their seeds to 3 epochs.
        java.util.Map<String, Set<String>> statusByOrdering = new java.util.TreeMap<>();
        for (Row r : rows) {
            statusByOrdering.computeIfAbsent(r.getAs("ordering"), k -> new HashSet<>()).add(r.getAs("status"));
            if ("stopped".equals(r.getAs("status"))) {
                assertEquals(0, (int) r.getAs("rung"));
                assertEquals(1, (int) r.getAs("epochs"));
                assertTrue(((String) r.getAs("stop_reason")).startsWith("successive halving: class mean validation "
                        + "accuracy"), (String) r.getAs("stop_reason"));
                assertTrue(((String) r.getAs("stop_reason")).contains("over 2 seeds"));
            } else {
                assertEquals("ok", r.getAs("status"));
                assertEquals(1, (int) r.getAs("rung"));
                assertEquals(3, (int) r.getAs("epochs"));
                assertTrue((double) r.getAs("validation_accuracy") > 0.2);
            }
        }
        statusByOrdering.forEach((o, st) -> assertEquals(1, st.size(), o + " has seeds both kept and stopped"));
        assertEquals(2, statusByOrdering.values().stream().filter(st -> st.contains("ok")).count());
        // Survivors continue from their checkpoint: each has epochs 1, 2 and 3 recorded once, and trains 2 more.
        List<Row> curves = new ResultStore(spark, halving.output().dir()).epochs().collectAsList();
        java.util.Map<String, List<Integer>> epochsOf = new java.util.TreeMap<>();
        curves.forEach(e -> epochsOf.computeIfAbsent(e.getAs("trial_id"), k -> new ArrayList<>())
                .add(e.getAs("epoch")));
        rows.stream().filter(r -> "ok".equals(r.getAs("status"))).forEach(r -> assertEquals(List.of(1, 2, 3),
                epochsOf.get((String) r.getAs("trial_id")).stream().sorted().toList()));
        long halvingEpochs = 12 + 4 * 2;
        assertEquals(36, fullEpochs);
        assertTrue(halvingEpochs < fullEpochs, halvingEpochs + " vs " + fullEpochs);
        assertFalse(java.nio.file.Files.exists(out.resolve("halving").resolve("checkpoints").resolve(
                rows.get(0).<String>getAs("sweep_id"))), "checkpoints left behind");
        assertTrue(statusByOrdering.get(best).contains("ok"), "best class of the full sweep " + best
                + " was stopped: " + statusByOrdering);
    }

    /**
     * The seed race on a real sweep: every class gets its first 2 seeds, only contenders get more, up to 4; the run
     * trains exactly what replaying the race over its own recorded accuracies spends; a rerun trains nothing and a
     * run without racing completes the remaining seeds under the same trial ids.
     */
    @Test
    void theSeedRaceTrainsContendersOnlyAndResumes() {
        String[] base = {"sweep.block=[conv,act,pool,dropout]", "sweep.seeds=4", "train.epochs=1",
                "train.mode=trial-parallel", "data.train-limit=1000", "data.test-limit=500"};
        SweepConfig raced = config(concat(base, "sweep.racing.enabled=true", "sweep.racing.min-seeds=2"));
        SweepRunner.Summary s = run(raced);
        int classes = s.plan().classes().size();
        List<Row> rows = new ResultStore(spark, raced.output().dir()).trials().where("representative")
                .collectAsList();
        assertEquals(s.trainedNow(), rows.size());
        java.util.Map<String, java.util.Map<Integer, Double>> bySeed = new java.util.TreeMap<>();
        rows.forEach(r -> bySeed.computeIfAbsent(r.getAs("class_id"), k -> new java.util.TreeMap<>())
                .put(r.getAs("seed"), r.getAs("test_accuracy")));
        assertEquals(classes, bySeed.size());
        // Every class has seeds 0..n-1 and no gaps; at least the first two.
        bySeed.forEach((c, m) -> {
            assertTrue(m.size() >= 2, c + " " + m);
            assertEquals(m.size() - 1, (int) ((java.util.TreeMap<Integer, Double>) m).lastKey(), c + " " + m);
        });
        org.ordersweep.plan.SeedRace.Standing replay = org.ordersweep.plan.SeedRace.of(raced.racing())
                .replay(bySeed);
        assertEquals(replay.trainings(), rows.size(), "the run spends what the race's replay spends");
        // Fixed seeds: on this sweep a class is ruled out after 3 seeds, so the race trains fewer trials than 12 x 4.
        assertTrue(!replay.outAfter().isEmpty(), "nothing ruled out: " + bySeed);
        boolean early = replay.outAfter().values().stream().anyMatch(n -> n < 4);
        assertTrue(early, "no class ruled out before the last round: " + replay.outAfter());
        assertTrue(rows.size() < classes * 4, rows.size() + " trials");

        // The analysis knows the race ran: the classes it stopped are out of the set, saying after how many seeds.
        org.ordersweep.analysis.AnalysisRunner.Output analysed = org.ordersweep.analysis.AnalysisRunner.run(spark,
                raced.output().dir(), s.sweepId(), raced);
        assertTrue(analysed.findings().get(6).design().startsWith("seed race: 2 to 4 seeds"),
                analysed.findings().get(6).design());
        List<Row> out = spark.read().parquet(analysed.summaryPath() + "/orderings").where("out_of_race != ''")
                .collectAsList();
        assertEquals(replay.outAfter().size(), out.size());
        out.forEach(r -> {
            assertFalse((boolean) r.getAs("might_be_best"));
            assertTrue(((String) r.getAs("out_of_race")).startsWith("ruled out by the seed race after "));
        });

        assertEquals(0, run(raced).trainedNow(), "a rerun of the race trains nothing");
        SweepRunner.Summary rest = run(config(base));
        assertEquals(classes * 4 - rows.size(), rest.trainedNow());
        assertEquals(classes * 4, new ResultStore(spark, raced.output().dir()).trials().where("representative")
                .count());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void trialsStartSeedBySeedAndCostliestFirstWithinASeed() {
        SweepConfig c = ConfigLoader.load(null, List.of());
        org.ordersweep.domain.InputShape shape = new org.ordersweep.domain.InputShape(1, 28, 28, 10);
        org.ordersweep.domain.Ordering cheap = org.ordersweep.domain.Ordering.parse("conv>pool>bn>act>dropout");
        org.ordersweep.domain.Ordering costly = org.ordersweep.domain.Ordering.parse("conv>bn>act>dropout>pool");
        List<org.ordersweep.plan.TrialSpec> plan = new ArrayList<>();
        for (int seed = 0; seed < 3; seed++) {
            for (org.ordersweep.domain.Ordering o : List.of(cheap, costly)) {
                plan.add(new org.ordersweep.plan.TrialSpec(o, org.ordersweep.domain.ActivationKind.RELU, 1e-3, seed,
                        seed, o.key(), List.of()));
            }
        }
        // pooling first shrinks what bn, act and dropout see four-fold
        assertTrue(org.ordersweep.model.CostModel.trainFlopsOrInfinite(costly, c.model(), shape)
                > org.ordersweep.model.CostModel.trainFlopsOrInfinite(cheap, c.model(), shape));
        assertEquals(List.of("0 " + costly.key(), "0 " + cheap.key(), "1 " + costly.key(), "1 " + cheap.key(),
                "2 " + costly.key(), "2 " + cheap.key()), StartOrder.of(plan, c, shape).stream()
                .map(t -> t.seedIndex() + " " + t.ordering().key()).toList());
    }

    @Test
    void trialParallelKeepsOneTrialQueuedBeyondTheTaskSlots() throws Exception {
        // 12 short trials: the first two start alone (none has finished yet), the rest with one queued
        SweepConfig c = config("train.mode=trial-parallel", "train.epochs=1", "sweep.seeds=3");
        int[] jobs = new int[2]; // trial jobs active now, most at once
        java.util.Set<Integer> trialJobs = java.util.concurrent.ConcurrentHashMap.newKeySet();
        org.apache.spark.scheduler.SparkListener watch = new org.apache.spark.scheduler.SparkListener() {
            @Override
            public synchronized void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart start) {
                if (TrialPool.POOL.equals(start.properties().getProperty("spark.scheduler.pool"))) {
                    trialJobs.add(start.jobId());
                    jobs[1] = Math.max(jobs[1], ++jobs[0]);
                }
            }

            @Override
            public synchronized void onJobEnd(org.apache.spark.scheduler.SparkListenerJobEnd end) {
                if (trialJobs.contains(end.jobId())) {
                    jobs[0]--;
                }
            }
        };
        spark.sparkContext().addSparkListener(watch);
        try {
            assertEquals(12, run(c).trainedNow());
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            spark.sparkContext().removeSparkListener(watch);
        }
        // local[2]: two trials train while a third waits in Spark's queue for the first slot that frees
        assertEquals(2 + TrialPool.QUEUED, jobs[1]);
    }
}
