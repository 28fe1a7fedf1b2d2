package org.ordersweep.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

class OpenMpThreadsTest {

    /** A fresh JVM whose main thread starts ND4J one way, then prints the OpenMP count that thread has. */
    public static void main(String[] args) {
        if (args[0].equals("nd4j")) {
            Nd4j.create(1); // ND4J starts on this thread, as it does wherever a program first makes an array
        } else {
            FencedOpExecutioner.install(); // what every JVM of ordersweep's runs before its first network
        }
        System.out.println("omp " + NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads());
    }

    private static int countOnMainThread(String start, String ompNumThreads) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m"));
        cmd.addAll(Files.readAllLines(Path.of("jobs", "jvm-flags")).stream().filter(l -> !l.isBlank()).toList());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), OpenMpThreadsTest.class.getName(), start));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", ompNumThreads);
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), log);
        assertEquals(0, p.exitValue(), log);
        return log.lines().filter(l -> l.startsWith("omp ")).map(l -> Integer.parseInt(l.substring(4)))
                .findFirst().orElseThrow(() -> new AssertionError("no count printed: " + log));
    }

    @Test
    void theThreadThatStartsNd4jKeepsOmpNumThreads() throws Exception {
        // ND4J 1.0.0-M2 alone: 4 on the starting thread whatever OMP_NUM_THREADS says (deeplearning4j#9668). Should a
        // release of ND4J drop that line, this fails, and OpenMpThreads has nothing left to undo.
        assertEquals(4, countOnMainThread("nd4j", "1"));
        assertEquals(1, countOnMainThread("ordersweep", "1"));
        assertEquals(2, countOnMainThread("ordersweep", "2"));
    }

    @Test
    void aThreadGetsTheCountOfAThreadNd4jNeverTouched() throws Exception {
        // Surefire runs this JVM with OMP_NUM_THREADS=1 (pom.xml), so a new thread's count is 1.
        assertEquals(1, OpenMpThreads.count());
        int[] seen = new int[2];
        Thread t = new Thread(() -> {
            NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
            ops.setOmpNumThreads(3); // as the thread that started ND4J is left
            seen[0] = ops.ompGetMaxThreads();
            OpenMpThreads.onThisThread();
            seen[1] = ops.ompGetMaxThreads();
        });
        t.start();
        t.join();
        assertEquals(3, seen[0]);
        assertEquals(1, seen[1]);
    }
}
