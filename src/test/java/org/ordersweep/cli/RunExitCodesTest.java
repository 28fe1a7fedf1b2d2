package org.ordersweep.cli;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.results.ResultStore;
import org.ordersweep.train.TrialFixtures;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What run's exit code tells a scheduler (docs/operations.md, "Exit codes"): 0 done, 2 bad input (a damaged results folder
 * too, left byte for byte as it was), 3 another run holds the folder, 4 done but some trials failed or diverged.
 */
class RunExitCodesTest {

    @TempDir
    Path dir;

    private static final List<String> SWEEP = List.of("--set", "sweep.block=[conv,act,pool]", "--set",
            "model.filters=[2,2]", "--set", "model.dense=4", "--set", "data.train-limit=200", "--set",
            "data.test-limit=100", "--set", "train.epochs=1", "--set", "train.mode=trial-parallel");

    private MainRun run(String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--master", "local[2]", "--set", "output.dir=" + dir));
        args.addAll(SWEEP);
        args.addAll(List.of(extra));
        return MainRun.of(args.toArray(String[]::new));
    }

    private SweepConfig config() {
        List<String> sets = new ArrayList<>(List.of("output.dir=" + dir));
        for (int i = 1; i < SWEEP.size(); i += 2) {
            sets.add(SWEEP.get(i));
        }
        return ConfigLoader.load(null, sets);
    }

    /** Every file below the folder with its SHA-256. */
    private Map<String, String> snapshot() throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(p))));
            }
        }
        return files;
    }

    @Test
    void failedTrialsGiveExitFourUntilAResumedRunTrainsThem() throws Exception {
        assertEquals(0, run().exit());
        SparkSession spark = SparkSession.builder().master("local[1]").appName("inject").getOrCreate();
        try {
            String id = new ResultStore(spark, dir.toString()).trials().where("representative").first()
                    .getAs("trial_id");
            TrialFixtures.markFailed(spark, config(), id, 1);
        } finally {
            spark.stop();
        }
        MainRun kept = run("--keep-failed");
        assertEquals(Main.TRIALS_NOT_OK, kept.exit(), kept.err());
        assertTrue(kept.out().contains("1 planned trial(s) ended failed or diverged"), kept.out());
        MainRun retried = run();
        assertEquals(0, retried.exit(), retried.err());
        assertTrue(retried.out().contains("trained 1, already recorded 3"), retried.out());
    }

    @Test
    void aDamagedResultsFolderIsRefusedUpFrontAndLeftAsItWas() throws Exception {
        assertEquals(0, run().exit());
        for (String[] bad : List.of(new String[]{"trials/notes.txt", "a stray file",
                "not a Parquet file (name does not end in .parquet)"}, new String[]{"epochs/part-9.parquet",
                "PAR1 and then nothing", "truncated (no Parquet footer)"})) {
            Path file = dir.resolve(bad[0]);
            Files.writeString(file, bad[1]);
            Map<String, String> before = snapshot();
            MainRun r = run();
            assertEquals(Main.BAD_INPUT, r.exit());
            List<String> lines = r.err().lines().filter(l -> l.startsWith("ordersweep: ")).toList();
            assertEquals(List.of("ordersweep: output.dir: " + file.toUri().toString().replace("file:///", "file:/")
                    + ": " + bad[2] + "; only Parquet files that ordersweep wrote belong there (move it away, or "
                    + "choose another output.dir)"), lines, r.err());
            assertTrue(!r.err().contains("\tat "), "no stack trace");
            assertEquals(before, snapshot());
            Files.delete(file);
        }
    }

    /** Two drivers started at the same moment on one folder: exactly one trains, the other exits 3. */
    @Test
    void ofTwoDriversStartedTogetherExactlyOneTrains() throws Exception {
        // Each trial appended as it finishes (no delay), so that the compaction below counts the appends.
        List<String> cmd = new ArrayList<>(List.of("jobs/ordersweep", "run", "--master", "local[1]", "--set",
                "output.dir=" + dir.resolve("race"), "--set", "output.record-every=0"));
        cmd.addAll(SWEEP);
        List<Process> drivers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("driver-" + i + ".log").toFile());
            pb.environment().put("ORDERSWEEP_MEMORY", "3g");
            drivers.add(pb.start());
        }
        List<Integer> exits = new ArrayList<>();
        for (Process p : drivers) {
            assertTrue(p.waitFor(5, TimeUnit.MINUTES));
            exits.add(p.exitValue());
        }
        String logs = Files.readString(dir.resolve("driver-0.log")) + Files.readString(dir.resolve("driver-1.log"));
        assertEquals(List.of(0, 3), exits.stream().sorted().toList(), logs);
        assertTrue(logs.contains("trained 4, already recorded 0"), logs);
        assertTrue(logs.contains("is being written by another ordersweep run"), logs);
        // The run that trained says how busy its training kept the core, from its recorded epochs.
        java.util.regex.Matcher busy = java.util.regex.Pattern.compile("Training kept the one core (\\d+\\.\\d)% busy "
                + "over \\d+\\.\\d s: (\\d+\\.\\d)% of the time in the trials' epochs and (\\d+\\.\\d)% in the "
                + "evaluations after them").matcher(logs);
        assertTrue(busy.find(), logs);
        double epochs = Double.parseDouble(busy.group(2));
        double evaluations = Double.parseDouble(busy.group(3));
        assertTrue(epochs > 10 && evaluations > 0 && epochs + evaluations <= 100, busy.group());
        assertEquals(Double.parseDouble(busy.group(1)), epochs + evaluations, 0.11, busy.group());
        // At most one append per trained class (trials that finish while a write waits for the slot join it),
        // nothing written twice, then compacted into one file.
        assertTrue(java.util.regex.Pattern.compile("Compacted trials/ from [1-4] files to 1").matcher(logs).find(),
                logs);
        try (var parts = Files.list(dir.resolve("race/trials"))) {
            assertEquals(1, parts.filter(p -> p.getFileName().toString().endsWith(".parquet")).count());
        }
    }
}
