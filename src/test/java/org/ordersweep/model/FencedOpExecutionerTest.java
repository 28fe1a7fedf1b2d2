package org.ordersweep.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.reduce.floating.Mean;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.api.ops.random.impl.DropOutInverted;
import org.nd4j.linalg.cpu.nativecpu.ops.NativeOpExecutioner;
import org.nd4j.linalg.factory.Nd4j;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.InputShape;
import org.ordersweep.domain.Ordering;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The race that killed test and soak JVMs in {@code sd::DataBuffer::primary()}, reproduced in a JVM of its own: threads
 * add a bias row to a matrix (what every dense and output layer does) while another thread runs the collector, as a
 * trial's end does beside a trial that trains. With ND4J's own executioner the JVM dies in native code; with the
 * fenced one it survives the same race. The probe's numbers are the bias additions done and the collections run.
 */
class FencedOpExecutionerTest {

    private static final int THREADS = 4;
    private static final int GC_PAUSE_MILLIS = 2;

    /**
     * The probe: {@code args} = executioner (plain or fenced), seconds. Warms up until the executioner is compiled,
     * then races; prints the additions done and the collections run if it is still alive at the end.
     */
    public static void main(String[] args) throws Exception {
        if (args[0].equals("fenced")) {
            FencedOpExecutioner.install();
        }
        long seconds = Long.parseLong(args[1]);
        INDArray warm = Nd4j.rand(DataType.FLOAT, 32, 10);
        INDArray warmBias = Nd4j.rand(DataType.FLOAT, 1, 10);
        for (int i = 0; i < 200_000; i++) {
            warm.addiRowVector(warmBias); // until the JIT has compiled the executioner: the race is in compiled code
        }
        System.out.println("executioner " + Nd4j.getExecutioner().getClass().getName());
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long[] additions = new long[THREADS];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int k = t;
            // Made before the race, so that the only ops racing the collector are the bias additions.
            INDArray bias = Nd4j.rand(DataType.FLOAT, 1, 10);
            INDArray z = Nd4j.rand(DataType.FLOAT, 32, 10);
            Thread w = new Thread(() -> {
                while (System.nanoTime() < end) {
                    z.addiRowVector(bias);
                    additions[k]++;
                }
            });
            w.start();
            workers.add(w);
        }
        long[] collections = {0};
        Thread collector = new Thread(() -> {
            while (System.nanoTime() < end) {
                try {
                    Thread.sleep(GC_PAUSE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                System.gc();
                collections[0]++;
            }
        });
        collector.setDaemon(true);
        collector.start();
        for (Thread w : workers) {
            w.join();
        }
        System.out.println("alive additions " + java.util.Arrays.stream(additions).sum() + " collections "
                + collections[0]);
    }

    private record Probe(int exit, String log, String crashReport) {
    }

    private static Probe probe(Path dir, String executioner, int seconds) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log")));
        cmd.addAll(Files.readAllLines(Path.of("jobs", "jvm-flags")).stream().filter(l -> !l.isBlank()).toList());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), FencedOpExecutionerTest.class.getName(),
                executioner, String.valueOf(seconds)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(seconds + 120L, TimeUnit.SECONDS), log);
        String report = "";
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("hs_err_")).toList()) {
                report = Files.readString(f);
            }
        }
        return new Probe(p.exitValue(), log, report);
    }

    @Test
    void plainNd4jExecutionerDiesInTheRaceInNativeCode(@TempDir Path dir) throws Exception {
        // Measured on 2 cores: dead after 3.5 to 39 s in each of 9 runs of a minute and 29 of two. Two minutes here.
        Probe p = probe(dir, "plain", 120);
        assertTrue(p.log.contains("executioner " + NativeOpExecutioner.class.getName()), p.log);
        assertTrue(p.log.lines().noneMatch(l -> l.startsWith("alive ")),
                "the probe outlived the race with ND4J's executioner: " + p.log);
        // 134: the JVM aborts after a fatal signal in native code (and so does glibc on a corrupted heap).
        assertEquals(134, p.exit, p.log + crashingThread(p.crashReport));
        // Where it dies is wherever the freed memory is next used: in 29 runs, 27 times in sd::DataBuffer::primary()
        // under the executioner's broadcast call, once in the broadcast loop itself, once in the JVM's own thread
        // at a safepoint. So the test asserts the death, not its frame; a failure prints the crashing thread.
        assertTrue(p.crashReport.isEmpty() || p.crashReport.contains("SIGSEGV"), crashingThread(p.crashReport));
    }

    /** The crash report's crashing thread and its stack, up to the signal: what a failure shows. */
    private static String crashingThread(String report) {
        List<String> lines = report.lines().toList();
        int from = 0;
        while (from < lines.size() && !lines.get(from).startsWith("Current thread")) {
            from++;
        }
        int to = from;
        while (to < lines.size() && !lines.get(to).startsWith("siginfo:")) {
            to++;
        }
        return String.join("\n", lines.subList(Math.min(from, lines.size()), to));
    }

    @Test
    void theFencedExecutionerSurvivesTheSameRace(@TempDir Path dir) throws Exception {
        Probe p = probe(dir, "fenced", 45);
        assertEquals(0, p.exit, p.log + p.crashReport);
        assertTrue(p.log.contains("executioner " + FencedOpExecutioner.class.getName()), p.log);
        String[] alive = p.log.lines().filter(l -> l.startsWith("alive ")).findFirst().orElseThrow().split(" ");
        // As many additions and collections as the plain executioner needed, many times over, to die.
        assertTrue(Long.parseLong(alive[2]) > 50_000, p.log);
        assertTrue(Long.parseLong(alive[4]) > 1_000, p.log);
    }

    @Test
    void buildingANetworkInstallsItAndItsNumbersAreNd4jsOwn() {
        SweepConfig c = ConfigLoader.load(null, List.of());
        NetworkFactory.network(Ordering.parse("conv>bn>act>pool>dropout"), ActivationKind.RELU, c.model(), 1e-3,
                new InputShape(1, 28, 28, 10), 42L);
        OpExecutioner fenced = Nd4j.getExecutioner();
        assertTrue(fenced instanceof FencedOpExecutioner, fenced.getClass().getName());
        FencedOpExecutioner.install(); // once is enough: a second call keeps the same instance
        assertTrue(Nd4j.getExecutioner() == fenced);

        OpExecutioner plain = new NativeOpExecutioner();
        INDArray x = Nd4j.rand(DataType.FLOAT, 16, 10);
        INDArray bias = Nd4j.rand(DataType.FLOAT, 10);
        // Each kind of op the fenced executioner overrides, against ND4J's own on the same input.
        INDArray a = x.dup();
        INDArray b = x.dup();
        fenced.exec(new BroadcastAddOp(a, bias, a, 1));
        plain.exec(new BroadcastAddOp(b, bias, b, 1));
        assertArrayEquals(b.data().asFloat(), a.data().asFloat());
        assertNotEquals(x.getFloat(0, 0), a.getFloat(0, 0));
        assertEquals(plain.exec(new Mean(b, 1)).getDouble(3), fenced.exec(new Mean(a, 1)).getDouble(3));
        fenced.exec(new ScalarMultiplication(a, 2.5));
        plain.exec(new ScalarMultiplication(b, 2.5));
        assertArrayEquals(b.data().asFloat(), a.data().asFloat());
        assertArrayEquals(plain.exec(new SoftMax(b))[0].data().asFloat(), fenced.exec(new SoftMax(a))[0].data().asFloat());
        Nd4j.getRandom().setSeed(7);
        fenced.exec(new DropOutInverted(a, a, 0.5), Nd4j.getRandom());
        Nd4j.getRandom().setSeed(7);
        plain.exec(new DropOutInverted(b, b, 0.5), Nd4j.getRandom());
        assertArrayEquals(b.data().asFloat(), a.data().asFloat());
    }

    @Test
    void countsEveryOpItRuns() {
        FencedOpExecutioner.install();
        INDArray a = Nd4j.rand(DataType.FLOAT, 16, 10);
        INDArray b = Nd4j.rand(DataType.FLOAT, 10, 4);
        INDArray bias = Nd4j.rand(DataType.FLOAT, 10);
        long before = FencedOpExecutioner.opsExecuted();
        Nd4j.getExecutioner().exec(new BroadcastAddOp(a, bias, a, 1));
        Nd4j.getExecutioner().exec(new Mean(a, 1));
        a.muli(2.5);                                   // a scalar op
        a.addi(a);                                     // a pairwise op, ND4J's custom "add"
        Nd4j.gemm(a, b, false, false);                 // a matrix product, ND4J's custom "matmul"
        Nd4j.getExecutioner().exec(new DropOutInverted(a, a, 0.5), Nd4j.getRandom());
        // Through Nd4j.exec(Op), which ND4J passes on to the exec of the op's kind: still one each.
        Nd4j.exec(new BroadcastMulOp(a, bias, a, 1));
        Nd4j.exec(new RectifiedLinear(a, a, 0.0));     // a scalar op
        Nd4j.exec(new Sign(a, a));                     // a transform op
        // Nine ops, each counted once (the random arrays above are ops too, run before counting).
        assertEquals(9, FencedOpExecutioner.opsExecuted() - before);
    }
}
