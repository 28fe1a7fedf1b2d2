package org.ordersweep.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** Where a result set came from: code version, library versions, native backend, configuration and data hashes. */
public final class Provenance {

    private Provenance() {
    }

    /**
     * @param dataSampling which examples of the source were used (data.train-limit and data.test-limit sample)
     * @param testExamples the test set's size, from which the analysis derives its default margin
     * @param classNames   the data's class names in label order
     */
    public static Map<String, Object> collect(String sweepId, String configHash, String dataHash, String dataSource,
                                              String dataSampling, int testExamples, List<String> classNames,
                                              String sparkVersion, String master) {
        Properties build = buildProperties();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("sweep_id", sweepId);
        p.put("ordersweep_version", build.getProperty("version", "unknown"));
        p.put("git_commit", gitCommit());
        p.put("java_version", System.getProperty("java.version"));
        p.put("java_vendor", System.getProperty("java.vendor"));
        p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        p.put("spark_version", sparkVersion);
        p.put("spark_master", master);
        p.put("dl4j_version", build.getProperty("dl4j.version", "unknown"));
        p.put("nd4j_native_classifier", build.getProperty("nd4j.classifier", "unknown"));
        p.put("nd4j_backend", nativeBackend());
        p.put("config_hash", configHash);
        p.put("data_hash", dataHash);
        p.put("data_source", dataSource);
        p.put("data_sampling", dataSampling);
        p.put("test_examples", testExamples);
        p.put("class_names", String.join(", ", classNames));
        return p;
    }

    /**
     * The backend ND4J actually loaded, with its oneDNN state (the classifier alone does not prove it) and the
     * executioner its ops go through (FencedOpExecutioner once a run or a network has installed it).
     */
    public static String nativeBackend() {
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        return env.getProperty("backend", "?") + ", blas " + env.getProperty("blas.vendor", "?") + ", onednn "
                + org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN() + ", helpers "
                + !Boolean.parseBoolean(System.getProperty("org.eclipse.deeplearning4j.helpers.disable", "true"))
                + ", executioner " + Nd4j.getExecutioner().getClass().getSimpleName();
    }

    public static String dl4jVersion() {
        return buildProperties().getProperty("dl4j.version", "unknown");
    }

    static Properties buildProperties() {
        Properties p = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("/org/ordersweep/build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // Versions then read "unknown"; nothing else depends on them.
        }
        return p;
    }

    /** The checkout's commit when run from one (the launcher passes it); "unknown" on a cluster without git. */
    public static String gitCommit() {
        String passed = System.getProperty("ordersweep.git.commit");
        if (passed != null && !passed.isBlank()) {
            return passed;
        }
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return git.waitFor(5, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : "unknown";
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    /** One field per line; numbers are JSON numbers. */
    public static String toJson(Map<String, Object> p) {
        return Json.pretty(p);
    }

    /**
     * The test set's size recorded in a provenance.json, 0 when absent or unreadable. Runs recorded before numbers
     * were written as numbers have it as a string ("10000"): both forms are read.
     */
    public static int testExamples(String provenanceJson) {
        try {
            JsonNode n = Json.read(provenanceJson).path("test_examples");
            return n.isInt() || (n.isTextual() && n.asText().matches("\\d+")) ? n.asInt() : 0;
        } catch (JsonProcessingException e) {
            return 0;
        }
    }
}
