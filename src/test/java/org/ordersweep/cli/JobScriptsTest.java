package org.ordersweep.cli;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The job scripts and scheduler examples in jobs/ parse, and name the class and commands that exist. */
class JobScriptsTest {

    private static int exec(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
        return p.exitValue();
    }

    @Test
    void shellScriptsParse() throws Exception {
        for (String s : List.of("ordersweep", "ordersweep-submit", "ordersweep-scheduled", "test", "memory-budget")) {
            exec("bash", "-n", "jobs/" + s);
        }
    }

    private record Run(int exit, String out) {
    }

    private static Run run(Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    /** The local launcher sizes the JVM from ORDERSWEEP_MEMORY: a quarter heap, JavaCPP's ceilings from the rest. */
    @Test
    void theLauncherSetsTheOffHeapCeilingsFromItsBudget() throws Exception {
        Run plan = run(Map.of("ORDERSWEEP_MEMORY", "6g"), "jobs/ordersweep", "plan", "--conf", "conf/quickstart.conf");
        assertEquals(0, plan.exit(), plan.out());
        // 6 GiB: heap 1.5 GiB, arrays 3/4 of the other 4.5 GiB, the process 6 GiB in all.
        assertTrue(plan.out().contains("this JVM: heap 1.6 GB (-Xmx), off-heap arrays 3.6 GB "
                + "(org.bytedeco.javacpp.maxbytes), process 6.4 GB (ordersweep.max-resident)"),
                plan.out());
        Run bad = run(Map.of("ORDERSWEEP_MEMORY", "lots"), "jobs/ordersweep", "plan", "--conf", "conf/quickstart.conf");
        assertEquals(2, bad.exit());
        assertEquals("ordersweep: ORDERSWEEP_MEMORY = 'lots': must be a size of at least 1g (e.g. 12g or 8192m)",
                bad.out().strip());
    }

    /**
     * A JVM above its resident ceiling fails the trial it is training, which is recorded as out of memory with the
     * budget to raise, and the run ends with its report and the exit code for trials not ok - not with Spark shut
     * down, as an OutOfMemoryError in a task would leave it. The ceiling here is below what any JVM with ND4J holds.
     */
    @Test
    void aJvmAboveItsResidentCeilingRecordsTheTrialAsOutOfMemoryAndFinishesTheRun(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Run r = run(Map.of("ORDERSWEEP_JAVA_OPTS", "-D" + org.ordersweep.train.ResidentCeiling.PROPERTY + "=300m"),
                "jobs/ordersweep", "run", "--conf", "conf/quickstart.conf",
                "--set", "sweep.orderings=[conv>bn>act>pool>dropout]", "--set", "sweep.seeds=1",
                "--set", "train.epochs=1", "--set", "output.dir=" + dir);
        assertEquals(Main.TRIALS_NOT_OK, r.exit(), r.out());
        assertTrue(r.out().contains("1/1 conv>bn>act>pool>dropout relu lr 0.001 seed 0: failed (out of memory, not "
                + "retried: "), r.out());
        assertTrue(r.out().contains("Physical memory usage is too high: resident "), r.out());
        assertTrue(r.out().contains(" > ceiling 0.3 GB (ordersweep.max-resident)"), r.out());
        assertTrue(r.out().contains("1 planned trial(s) ended failed or diverged"), r.out());
        // The analysis of a sweep without one trained ordering: no epochs recorded, claims not tested.
        assertTrue(r.out().contains("this sweep has no trained ordering yet."), r.out());
        assertTrue(Files.exists(dir.resolve("report")), r.out());
    }

    /** The launcher runs the bench, which is not in the application jar, from its own classes and entry point. */
    @Test
    void theLauncherRunsTheBench() throws Exception {
        Run help = run(Map.of("ORDERSWEEP_MEMORY", "2g"), "jobs/ordersweep", "bench", "--help");
        assertEquals(0, help.exit(), help.out());
        assertTrue(help.out().contains("Usage: ordersweep bench ") && help.out().contains("--skip-torch"),
                help.out());
        Run bad = run(Map.of("ORDERSWEEP_MEMORY", "2g"), "jobs/ordersweep", "bench", "--repeats", "0");
        assertEquals(2, bad.exit());
        assertEquals("ordersweep: --repeats = 0: must be an integer in [1, 100]", bad.out().strip());
    }

    /** jobs/ordersweep-submit and what it sources, copied to {@code dir}/jobs beside an (empty) application jar. */
    private static Path submitScriptIn(Path dir) throws Exception {
        Path jobs = Files.createDirectories(dir.resolve("jobs"));
        for (String s : List.of("ordersweep-submit", "memory-budget")) {
            Files.copy(Path.of("jobs", s), jobs.resolve(s));
        }
        Files.createDirectories(dir.resolve("target"));
        Files.writeString(dir.resolve("target/ordersweep-0.1.0-SNAPSHOT-app.jar"), "");
        return jobs;
    }

    /** spark-submit gets ceilings derived from the executor's and the driver's memory settings as given. */
    @Test
    void theSubmitScriptDerivesExecutorCeilingsFromItsMemorySettings(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path jobs = submitScriptIn(dir);
        Path fake = dir.resolve("spark-submit");
        Files.writeString(fake, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
        fake.toFile().setExecutable(true);
        Run r = run(Map.of("SPARK_SUBMIT", fake.toString()), "bash", jobs.resolve("ordersweep-submit").toString(),
                "--master", "yarn", "--executor-memory", "4g", "--conf", "spark.executor.memoryOverhead=3g",
                "--driver-memory", "2048m", "--", "run");
        assertEquals(0, r.exit(), r.out());
        List<String> args = r.out().lines().toList();
        // Executor: 4 GiB heap + 3 GiB overhead; arrays 3/4 of the overhead, the process 7 GiB.
        assertTrue(args.contains("spark.executor.extraJavaOptions=-Dorg.eclipse.deeplearning4j.helpers.disable=false "
                + "-Dorg.bytedeco.javacpp.maxbytes=2304m -Dorg.bytedeco.javacpp.maxphysicalbytes=0 -Dordersweep.max-resident=7168m "
                + "-XX:TrimNativeHeapInterval=10000"), r.out());
        assertTrue(args.stream().anyMatch(a -> a.startsWith("spark.driver.extraJavaOptions=") && a.endsWith(
                "-Dorg.bytedeco.javacpp.maxbytes=1536m -Dorg.bytedeco.javacpp.maxphysicalbytes=0 -Dordersweep.max-resident=4096m "
                + "-XX:TrimNativeHeapInterval=10000")), r.out());
        assertTrue(args.contains("spark.executor.memoryOverhead=3g"));
        Run bad = run(Map.of("SPARK_SUBMIT", fake.toString()), "bash", jobs.resolve("ordersweep-submit").toString(),
                "--executor-memory", "four", "--", "run");
        assertEquals(2, bad.exit());
        assertEquals("ordersweep: spark.executor.memory = 'four': not a size (e.g. 4g, 512m)", bad.out().strip());
    }

    /**
     * Every driver trains with one native thread per trial, as the executors do: a client-mode driver started without
     * OMP_NUM_THREADS verified the quickstart in 22 s instead of 15 on 2 cores (docs/performance.md).
     */
    @Test
    void theSubmitScriptGivesTheDriverOneNativeThreadPerTrial(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path jobs = submitScriptIn(dir);
        Path fake = dir.resolve("spark-submit");
        Files.writeString(fake, "#!/bin/sh\necho \"driver OMP_NUM_THREADS=${OMP_NUM_THREADS:-unset}\"\n"
                + "printf '%s\\n' \"$@\"\n");
        fake.toFile().setExecutable(true);
        for (String callers : new String[] {null, "3"}) {
            ProcessBuilder pb = new ProcessBuilder("bash", jobs.resolve("ordersweep-submit").toString(), "--master",
                    "yarn", "--", "run").redirectErrorStream(true);
            pb.environment().put("SPARK_SUBMIT", fake.toString());
            pb.environment().remove("OMP_NUM_THREADS");
            if (callers != null) {
                pb.environment().put("OMP_NUM_THREADS", callers); // the caller's own choice stands
            }
            Process p = pb.start();
            List<String> out = new String(p.getInputStream().readAllBytes()).lines().toList();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out::toString);
            assertEquals("driver OMP_NUM_THREADS=" + (callers == null ? "1" : callers), out.get(0));
            assertTrue(out.contains("spark.yarn.appMasterEnv.OMP_NUM_THREADS=1"), out::toString);
            assertTrue(out.contains("spark.kubernetes.driverEnv.OMP_NUM_THREADS=1"), out::toString);
        }
    }

    /** In cluster deploy mode the driver cannot read this machine's --conf file: it is shipped and named there. */
    @Test
    void theSubmitScriptShipsTheConfigurationFileInClusterMode(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path jobs = submitScriptIn(dir);
        Path conf = Files.writeString(Files.createDirectories(dir.resolve("conf")).resolve("sweep.conf"), "");
        Path fake = dir.resolve("spark-submit");
        Files.writeString(fake, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
        fake.toFile().setExecutable(true);
        Run cluster = run(Map.of("SPARK_SUBMIT", fake.toString()), "bash", jobs.resolve("ordersweep-submit")
                .toString(), "--master", "yarn", "--deploy-mode", "cluster", "--files", "/etc/hosts", "--", "run",
                "--conf", conf.toString(), "--set", "sweep.seeds=2");
        assertEquals(0, cluster.exit(), cluster.out());
        List<String> args = cluster.out().lines().toList();
        assertTrue(args.contains("/etc/hosts," + conf.toAbsolutePath()), cluster.out()); // merged into --files
        assertEquals(List.of("run", "--conf", "sweep.conf", "--set", "sweep.seeds=2"),
                args.subList(args.size() - 5, args.size()));
        Run client = run(Map.of("SPARK_SUBMIT", fake.toString()), "bash", jobs.resolve("ordersweep-submit")
                .toString(), "--master", "yarn", "--", "run", "--conf", conf.toString());
        assertTrue(client.out().lines().toList().contains(conf.toString()), client.out()); // read where it is
        assertTrue(!client.out().contains("--files"), client.out());
        // Kubernetes uploads shipped files through a shared filesystem, which must be named.
        Run k8s = run(Map.of("SPARK_SUBMIT", fake.toString()), "bash", jobs.resolve("ordersweep-submit").toString(),
                "--master", "k8s://https://api:6443", "--deploy-mode", "cluster", "--", "run", "--conf",
                conf.toString());
        assertEquals(2, k8s.exit(), k8s.out());
        assertEquals("ordersweep: --conf " + conf.toAbsolutePath() + ": in Kubernetes cluster mode it is shipped with "
                + "--files, which needs --conf spark.kubernetes.file.upload.path=s3a://... (or bake the file into the "
                + "image and pass its path)", k8s.out().strip());
        Run uploaded = run(Map.of("SPARK_SUBMIT", fake.toString()), "bash", jobs.resolve("ordersweep-submit")
                .toString(), "--master", "k8s://https://api:6443", "--deploy-mode", "cluster", "--conf",
                "spark.kubernetes.file.upload.path=s3a://bucket/up", "--", "run", "--conf", conf.toString());
        assertEquals(0, uploaded.exit(), uploaded.out());
        assertTrue(uploaded.out().lines().toList().contains(conf.toAbsolutePath().toString()), uploaded.out());
    }

    @Test
    void airflowDagIsValidPython() throws Exception {
        exec("python3", "-c", "import ast,sys; ast.parse(open('jobs/airflow_ordersweep_dag.py').read())");
        String dag = Files.readString(Path.of("jobs/airflow_ordersweep_dag.py"));
        assertTrue(dag.contains("jobs/ordersweep-submit") && dag.contains("conf/fashion-mnist.conf"));
        assertTrue(Files.exists(Path.of("conf/fashion-mnist.conf")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void kubernetesExampleIsValidYamlForTheRealMainClass() throws Exception {
        Map<String, Object> doc = new Yaml().load(Files.readString(Path.of("jobs/k8s-scheduled-sparkapplication.yaml")));
        assertEquals("ScheduledSparkApplication", doc.get("kind"));
        Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) doc.get("spec")).get("template");
        assertEquals(Main.class.getName(), template.get("mainClass"));
        assertEquals("run", ((List<String>) template.get("arguments")).get(0));
        assertEquals("org.nd4j.kryo.Nd4jRegistrator",
                ((Map<String, Object>) template.get("sparkConf")).get("spark.kryo.registrator"));
    }

    /**
     * The Spark operator manifest is an example of what jobs/ordersweep-submit submits: given the manifest's memory
     * settings and arguments, the script passes spark-submit exactly the manifest's Spark properties, class and
     * arguments (the off-heap ceilings included, which jobs/memory-budget derives from those memory settings).
     */
    @Test
    @SuppressWarnings("unchecked")
    void theKubernetesManifestSetsWhatTheSubmitScriptSets(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Map<String, Object> doc = new Yaml().load(Files.readString(
                Path.of("jobs/k8s-scheduled-sparkapplication.yaml")));
        Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) doc.get("spec")).get("template");
        Map<String, Object> driver = (Map<String, Object>) template.get("driver");
        Map<String, Object> executor = (Map<String, Object>) template.get("executor");
        Map<String, Object> sparkConf = (Map<String, Object>) template.get("sparkConf");
        List<String> arguments = (List<String>) template.get("arguments");
        Path jobs = submitScriptIn(dir);
        Path fake = dir.resolve("spark-submit");
        Files.writeString(fake, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
        fake.toFile().setExecutable(true);
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", jobs.resolve("ordersweep-submit").toString(),
                "--master", "k8s://https://api:6443", "--deploy-mode", "cluster",
                "--driver-memory", (String) driver.get("memory"), "--executor-memory", (String) executor.get("memory"),
                "--conf", "spark.driver.memoryOverhead=" + driver.get("memoryOverhead"),
                "--conf", "spark.executor.memoryOverhead=" + executor.get("memoryOverhead"), "--"));
        cmd.addAll(arguments);
        Run r = run(Map.of("SPARK_SUBMIT", fake.toString()), cmd.toArray(String[]::new));
        assertEquals(0, r.exit(), r.out());
        List<String> args = r.out().lines().toList();
        Map<String, String> passed = new java.util.LinkedHashMap<>();
        int jar = args.indexOf(args.stream().filter(a -> a.endsWith("-app.jar")).findFirst().orElseThrow());
        for (int i = 0; i + 1 < jar; i++) { // spark-submit's own options, before the application jar
            if (args.get(i).equals("--conf")) {
                String kv = args.get(i + 1);
                passed.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        }
        for (String key : List.of("spark.serializer", "spark.kryo.registrator", "spark.locality.wait",
                "spark.scheduler.mode", "spark.executor.extraJavaOptions", "spark.driver.extraJavaOptions")) {
            assertEquals(passed.get(key), String.valueOf(sparkConf.get(key)), key);
        }
        assertEquals("1", passed.get("spark.executorEnv.OMP_NUM_THREADS"));
        assertEquals("1", passed.get("spark.kubernetes.driverEnv.OMP_NUM_THREADS"));
        for (Map<String, Object> pod : List.of(driver, executor)) {
            assertTrue(((List<Map<String, Object>>) pod.get("env")).contains(Map.of("name", "OMP_NUM_THREADS",
                    "value", "1")), pod::toString);
        }
        assertEquals(template.get("mainClass"), args.get(args.indexOf("--class") + 1));
        assertEquals(arguments, args.subList(args.size() - arguments.size(), args.size()));
    }
}
