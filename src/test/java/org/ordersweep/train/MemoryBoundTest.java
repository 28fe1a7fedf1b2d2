package org.ordersweep.train;

import org.ordersweep.model.NativeMemory;
import org.ordersweep.results.TrialOutcome;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.plan.TrialSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Memory is reused, not left to the garbage collector: a mid-sized model trained and evaluated again and again keeps
 * its resident memory flat. It runs in a JVM of its own whose 2 GB heap is committed and touched from the start
 * ({@code -Xms2g -Xmx2g -XX:+AlwaysPreTouch}), so that what grows is memory outside the heap, and the collector has
 * no reason to run. With inference outside workspaces, as before, the four trials after the first grew it by 891 MB.
 */
class MemoryBoundTest {

    private static final long BOUND = 150L << 20;

    /** Trains the same trial {@code args[0]} times and prints the resident bytes after each. */
    public static void main(String[] args) {
        SweepConfig c = ConfigLoader.load(null, List.of("model.filters=[16,32]", "model.dense=64",
                "data.train-limit=1000", "data.test-limit=1000", "train.batch-size=32"));
        DataLoader.TrainTest data = DataLoader.load(c, new Configuration());
        TrialSpec spec = SweepRunner.plan(c, data.shape()).trials().get(0);
        TrialRunner.Holdout holdout = new TrialRunner.Holdout(data.test().batches(SweepData.HOLDOUT_BATCH), List.of());
        for (int i = 0; i < Integer.parseInt(args[0]); i++) {
            // Each trial: two epochs, an evaluation after each, one inference timing pass.
            TrialOutcome o = TrialRunner.run("memory", "trial", spec, 2, c, data.shape(), holdout,
                    net -> new LocalEpochTrainer(net, data.train(), c.train().batchSize(), spec.rngSeed()));
            System.out.println("RSS " + NativeMemory.residentBytes() + " accuracy " + o.trial().testAccuracy());
        }
    }

    @Test
    void residentMemoryStaysFlatOverRepeatedTrainingAndEvaluation() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"));
        cmd.addAll(Files.readAllLines(Path.of("jobs", "jvm-flags")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), MemoryBoundTest.class.getName(), "5"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), log);
        List<Long> rss = new ArrayList<>();
        for (String line : log.lines().filter(l -> l.startsWith("RSS ")).toList()) {
            String[] f = line.split(" ");
            rss.add(Long.parseLong(f[1]));
            assertTrue(Double.parseDouble(f[3]) > 0.3, line);
        }
        assertEquals(5, rss.size(), log);
        // The first trial is the warm-up: workspaces grow to their size, oneDNN primitives, JIT.
        long growth = rss.get(4) - rss.get(0);
        assertTrue(growth < BOUND, String.format(Locale.ROOT, "RSS grew by %.0f MB over 4 trials (12 passes over the "
                + "test set) after the first: %s MB", growth / 1e6, rss.stream().map(b -> String.format(Locale.ROOT,
                "%.0f", b / 1e6)).toList()));
    }
}
