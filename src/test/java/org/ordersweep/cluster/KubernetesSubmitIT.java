package org.ordersweep.cluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jobs/ordersweep-submit --master k8s://... in cluster mode, against a Kubernetes API server running in this JVM
 * (fabric8's mock server in CRUD mode: it stores what it is sent and serves it back, as Spark's own Kubernetes tests
 * use it). spark-submit creates the driver pod and its configuration map there; the test reads them back and checks
 * what a real cluster would be asked to run: the image, the ordersweep command with the shipped configuration file,
 * the upload path it went through, the driver's memory with the overhead jobs/memory-budget sets, and the off-heap
 * ceilings. Nothing runs the pod (there is no kubelet): scheduling, pulling the image and the driver's own requests
 * for executor pods are not tested here.
 */
class KubernetesSubmitIT {

    private static Path sparkHome;

    @TempDir
    Path dir;

    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeAll
    static void sparkHome() throws Exception {
        Process home = new ProcessBuilder("jobs/spark-cluster", "home").redirectError(
                ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(home.getInputStream().readAllBytes()).strip();
        assertTrue(home.waitFor(10, TimeUnit.MINUTES) && home.exitValue() == 0, "jobs/spark-cluster home failed");
        sparkHome = Path.of(out.lines().reduce((a, b) -> b).orElseThrow());
    }

    @BeforeEach
    void apiServer() throws Exception {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new ApplyCreates(), false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    /**
     * The CRUD mock answers a server-side apply (what spark-submit sends for the driver's service and configuration
     * map) of a resource that does not exist yet with 404; a real API server creates it. So does this.
     */
    static final class ApplyCreates extends KubernetesCrudDispatcher {
        ApplyCreates() {
            super(List.of());
        }

        @Override
        public MockResponse handlePatch(RecordedRequest request) {
            String body = request.getBody().clone().readUtf8();
            MockResponse r = super.handlePatch(request);
            String type = request.getHeader("Content-Type");
            if (r.getStatus().contains(" 404") && type != null && type.startsWith("application/apply-patch")) {
                String path = request.getPath();
                path = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
                String collection = path.substring(0, path.lastIndexOf('/'));
                return handleCreate(new RecordedRequest("POST " + collection + " HTTP/1.1", request.getHeaders(),
                        List.of(), body.length(), new Buffer().writeUtf8(body), request.getSequenceNumber(),
                        new Socket()));
            }
            return r;
        }
    }

    private Process submit(Path log, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("jobs/ordersweep-submit",
                "--master", "k8s://http://127.0.0.1:" + server.getPort(), "--deploy-mode", "cluster",
                "--driver-memory", "3g",
                "--conf", "spark.kubernetes.container.image=registry.example/ordersweep:0.1.0",
                "--conf", "spark.kubernetes.namespace=sweeps",
                "--conf", "spark.kubernetes.submission.waitAppCompletion=false",
                "--conf", "spark.kubernetes.authenticate.driver.serviceAccountName=spark"));
        cmd.addAll(List.of(extra));
        cmd.addAll(List.of("--", "run", "--conf", "conf/quickstart.conf", "--set", "output.dir=s3a://sweeps/quick"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        return pb.start();
    }

    @Test
    void clusterModeAsksTheApiServerForTheDriverPodOrdersweepNeeds() throws Exception {
        Path upload = Files.createDirectories(dir.resolve("upload"));
        Path log = dir.resolve("submit.log");
        Process p = submit(log, "--conf", "spark.kubernetes.file.upload.path=" + upload.toUri());
        Submissions.runToEnd(p, log);

        List<Pod> pods = client.pods().inNamespace("sweeps").list().getItems();
        assertEquals(1, pods.size(), () -> "pods: " + pods);
        Pod driver = pods.get(0);
        assertEquals("driver", driver.getMetadata().getLabels().get("spark-role"));
        Container c = driver.getSpec().getContainers().get(0);
        assertEquals("registry.example/ordersweep:0.1.0", c.getImage());
        assertEquals("spark", driver.getSpec().getServiceAccountName());
        // The driver's memory: 3g of heap and the 2g overhead jobs/memory-budget's default gives the driver.
        assertEquals("5120Mi", c.getResources().getRequests().get("memory").toString());
        assertEquals("5120Mi", c.getResources().getLimits().get("memory").toString());
        // The ordersweep command, its configuration file named as shipped into the driver's working folder.
        List<String> args = c.getArgs();
        assertEquals("driver", args.get(0), args.toString());
        assertTrue(args.contains("org.ordersweep.cli.Main"), args.toString());
        int run = args.indexOf("run");
        assertTrue(run > 0, args.toString());
        assertEquals(List.of("run", "--conf", "quickstart.conf", "--set", "output.dir=s3a://sweeps/quick"),
                args.subList(run, args.size()));

        // Spark's properties for the driver: the configuration file and the jar went through the upload path.
        List<ConfigMap> maps = client.configMaps().inNamespace("sweeps").list().getItems();
        String text = maps.stream().flatMap(m -> m.getData().values().stream())
                .filter(v -> v.contains("spark.files")).findFirst().orElseThrow(() -> new AssertionError(
                        "no spark.files in " + maps));
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        String uploaded = upload.toUri().toString();
        assertTrue(properties.getProperty("spark.files").startsWith(uploaded)
                && properties.getProperty("spark.files").endsWith("/quickstart.conf"), text);
        assertTrue(properties.getProperty("spark.jars").startsWith(uploaded)
                && properties.getProperty("spark.jars").endsWith("-app.jar"), text);
        try (var files = Files.walk(upload)) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            assertTrue(names.contains("quickstart.conf"), names.toString());
        }
        assertEquals("3g", properties.getProperty("spark.driver.memory"));
        assertEquals("2g", properties.getProperty("spark.driver.memoryOverhead"));
        // The driver JVM's off-heap ceilings and trim, as jobs/memory-budget computes them from 3g of heap, 2g overhead.
        Process budget = new ProcessBuilder("bash", "-c", "source jobs/memory-budget && native_memory_flags 3072 2048")
                .start();
        String ceilings = new String(budget.getInputStream().readAllBytes()).strip();
        assertEquals(0, budget.waitFor());
        assertTrue(ceilings.contains("-Dorg.bytedeco.javacpp.maxbytes=")
                && ceilings.contains("-XX:TrimNativeHeapInterval="), ceilings);
        assertTrue(properties.getProperty("spark.driver.extraJavaOptions").endsWith(ceilings),
                properties.getProperty("spark.driver.extraJavaOptions") + " vs " + ceilings);
    }

    @Test
    void aConfigurationFileWithoutAnUploadPathIsRefusedBeforeAnythingIsSubmitted() throws Exception {
        Path log = dir.resolve("refused.log");
        Process p = submit(log);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        String out = Files.readString(log);
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("needs --conf spark.kubernetes.file.upload.path="), out);
        assertEquals(0, client.pods().inAnyNamespace().list().getItems().size());
        assertEquals(0, client.configMaps().inAnyNamespace().list().getItems().size());
    }
}
