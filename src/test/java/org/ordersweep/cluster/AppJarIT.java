package org.ordersweep.cluster;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The application jar for spark-submit carries ordersweep, DL4J and the ND4J natives, and not one class that a Spark
 * distribution (the jars jobs/spark-cluster resolves) already has: those would shadow or conflict on a cluster. Nor
 * does it carry the bench, which has a jar of its own.
 */
class AppJarIT {

    private static final Path APP_JAR = Path.of("target", "ordersweep-0.1.0-SNAPSHOT-app.jar");
    private static final Path BENCH_JAR = Path.of("target", "ordersweep-0.1.0-SNAPSHOT-bench.jar");

    @Test
    void carriesDl4jAndNativesButNoClassOfTheSparkDistribution() throws Exception {
        Map<String, String> sparkClasses = new HashMap<>();
        try (Stream<Path> jars = Files.list(sparkHome().resolve("jars"))) {
            for (Path jar : jars.toList()) {
                classesOf(jar).forEach(c -> sparkClasses.put(c, jar.getFileName().toString()));
            }
        }
        assertTrue(sparkClasses.containsKey("org/apache/spark/SparkContext.class"));
        assertTrue(sparkClasses.containsKey("org/apache/hadoop/fs/FileSystem.class"));

        Set<String> app = classesOf(APP_JAR);
        assertTrue(app.contains("org/ordersweep/cli/Main.class"));
        List<String> bench = app.stream().filter(c -> c.startsWith("org/ordersweep/bench/")).toList();
        assertTrue(bench.isEmpty(), () -> "the bench is not part of the application, yet its jar holds " + bench);
        assertTrue(app.contains("org/deeplearning4j/spark/impl/multilayer/SparkDl4jMultiLayer.class"));
        assertTrue(app.contains("org/nd4j/linalg/cpu/nativecpu/CpuBackend.class"));
        try (JarFile jar = new JarFile(APP_JAR.toFile())) {
            assertEquals("org.ordersweep.cli.Main", jar.getManifest().getMainAttributes().getValue("Main-Class"));
            assertNotNull(jar.stream().filter(e -> e.getName().endsWith("/libjnind4jcpu.so")).findFirst()
                    .orElse(null), "no ND4J native library in the jar");
        }

        List<String> conflicts = new ArrayList<>();
        for (String c : new TreeSet<>(app)) {
            if (sparkClasses.containsKey(c)) {
                conflicts.add(c + " (also in " + sparkClasses.get(c) + ")");
            }
        }
        assertTrue(conflicts.isEmpty(), () -> conflicts.size() + " classes of the application jar are in the Spark "
                + "distribution, e.g. " + conflicts.subList(0, Math.min(10, conflicts.size())));
    }

    /** The bench ships in a jar of its own, beside the application jar: its classes and nothing of the core. */
    @Test
    void theBenchIsAJarOfItsOwn() throws Exception {
        Set<String> bench = classesOf(BENCH_JAR);
        assertTrue(bench.contains("org/ordersweep/bench/BenchMain.class"), bench::toString);
        List<String> others = bench.stream().filter(c -> !c.startsWith("org/ordersweep/bench/")).toList();
        assertTrue(others.isEmpty(), () -> "the bench jar holds classes that are not the bench's: " + others);
        try (JarFile jar = new JarFile(BENCH_JAR.toFile())) {
            assertEquals("org.ordersweep.bench.BenchMain",
                    jar.getManifest().getMainAttributes().getValue("Main-Class"));
        }
    }

    private static Path sparkHome() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jobs/spark-cluster", "home").redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue());
        return Path.of(out.substring(out.lastIndexOf('\n') + 1));
    }

    private static Set<String> classesOf(Path jar) throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            Set<String> out = new TreeSet<>();
            f.stream().map(java.util.zip.ZipEntry::getName)
                    .filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class"))
                    .forEach(out::add);
            return out;
        }
    }
}
