package org.ordersweep.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ordersweep.RequiredTools;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.data.LabelledData;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TorchBenchTest {

    private static final String PYTHON = BenchOptions.defaultPython();

    private static void requireTorch() {
        RequiredTools.require(RequiredTools.PYTORCH, "PyTorch (python3-torch, jobs/install-bench-deps) for " + PYTHON,
                PYTHON, "-c", "import torch");
    }

    @Test
    void dataFileHasItsHeaderFeaturesAndLabels() throws Exception {
        LabelledData d = new LabelledData(new float[]{0f, 0.5f, 1f, 0.25f}, new int[]{3, 9}, 1, 1, 2, 10);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TorchBench.write(d, out);
        byte[] bytes = out.toByteArray();
        assertEquals(4 + 20 + 4 * 4 + 2, bytes.length);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[4];
        b.get(magic);
        assertArrayEquals(TorchBench.MAGIC, magic);
        assertEquals(2, b.getInt());
        assertEquals(1, b.getInt());
        assertEquals(1, b.getInt());
        assertEquals(2, b.getInt());
        assertEquals(10, b.getInt());
        assertEquals(0.5f, b.getFloat(4 + 20 + 4));
        assertEquals(9, bytes[bytes.length - 1]);
    }

    @Test
    void parsesTheScriptsAnswer() throws Exception {
        TorchBench.Result r = TorchBench.parse("{\"available\": true, \"torch\": \"1.13.0\", \"threads\": 2, "
                + "\"blas\": \"/usr/lib/libopenblas.so\", \"tiny_op_us\": 0.85, \"models\": {\"reference\": "
                + "{\"train_sps\": 1900.5, \"infer_sps\": 6400}}}");
        assertTrue(r.available());
        assertEquals(0.85, r.tinyOpMicros());
        assertEquals(2, r.threads());
        assertArrayEquals(new double[]{1900.5, 6400}, r.trainAndInferSps().get("reference"));
        TorchBench.Result missing = TorchBench.parse("{\"available\": false, \"error\": \"No module named 'torch'\"}");
        assertFalse(missing.available());
        assertEquals("No module named 'torch'", missing.reason());
        assertTrue(Double.isNaN(missing.tinyOpMicros()));
    }

    @Test
    void specDescribesTheNetworkNetworkFactoryBuilds() throws Exception {
        BenchModel m = BenchModel.of("reference", "defaults", ConfigLoader.load(null, List.of()), 256);
        JsonNode spec = new ObjectMapper().readTree(TorchBench.spec(m).toString());
        assertEquals(1, spec.get("stages").size());
        JsonNode stage = spec.get("stages").get(0);
        assertEquals("[\"conv\",\"bn\",\"act\",\"pool\",\"dropout\"]", stage.get("elements").toString());
        assertEquals(2, stage.get("repeat").asInt());
        assertEquals("[32,64]", stage.get("sizes").toString());
        assertEquals("[3,3]", stage.get("kernel").toString());
        assertEquals("[2,2]", stage.get("pool").toString());
        assertEquals(0.25, stage.get("dropout").asDouble());
        assertFalse(stage.get("residual").asBoolean());
        assertEquals("dense", spec.get("head").asText());
        assertEquals(128, spec.get("dense").asInt());
        assertEquals(64, spec.get("batch").asInt());
        assertEquals("relu", spec.get("activation").asText());
    }

    /** The swept stage is described in the measured ordering, a residual stage as its unit with add in it. */
    @Test
    void specDescribesStagesAndResidualUnits() throws Exception {
        BenchModel m = BenchModel.of("residual", "conf/residual.conf",
                ConfigLoader.load(new File("conf/residual.conf"), List.of()), 64);
        JsonNode spec = new ObjectMapper().readTree(TorchBench.spec(m).toString());
        assertEquals("global-average", spec.get("head").asText());
        assertEquals(2, spec.get("stages").size());
        assertEquals("[\"conv\",\"bn\",\"act\",\"pool\"]", spec.get("stages").get(0).get("elements").toString());
        JsonNode unit = spec.get("stages").get(1);
        assertTrue(unit.get("residual").asBoolean());
        assertEquals(m.ordering().elements().stream().map(e -> e.key()).toList().toString().replace(" ", ""),
                unit.get("elements").toString().replace("\"", ""));
        assertTrue(unit.get("elements").toString().contains("\"add\""));
        assertEquals("[8,16]", unit.get("sizes").toString());
    }

    /**
     * The twin is the same network: for the template, average pooling, a fully connected block and residual units
     * (each placement), PyTorch's parameters and batch norm's running statistics count exactly DL4J's parameters.
     */
    @Test
    @Tag(RequiredTools.PYTORCH)
    void twinHasTheParametersOfTheDl4jNetwork() throws Exception {
        requireTorch();
        List<BenchModel> models = new java.util.ArrayList<>();
        models.add(BenchModel.of("reference", "defaults", ConfigLoader.load(null, List.of()), 64));
        models.add(BenchModel.of("avgpool", "conf/avgpool.conf", ConfigLoader.load(new File("conf/avgpool.conf"),
                List.of("sweep.blocks=[\"conv bn act avgpool dropout\"]")), 64));
        models.add(BenchModel.of("fc-block", "conf/fc-block.conf", ConfigLoader.load(new File("conf/fc-block.conf"),
                List.of()), 64));
        for (String placement : List.of("original", "bn-after-add", "relu-before-add", "relu-only-preact",
                "full-preact")) {
            models.add(BenchModel.of(placement, "conf/residual.conf", ConfigLoader.load(
                    new File("conf/residual.conf"), List.of("model.stages=[{elements = [conv, bn, act, pool], sizes = "
                            + "[8]}, {placements = [" + placement + "], swept = true, repeat = 2, sizes = [8, 16]}]")),
                    64));
        }
        for (BenchModel m : models) {
            Process p = new ProcessBuilder(PYTHON, "-c", "import json, sys; sys.path.insert(0, 'jobs/bench'); "
                    + "import torch_bench; s = json.loads(sys.argv[1]); "
                    + "m = torch_bench.build(s, tuple(int(v) for v in sys.argv[2:])); "
                    + "print(sum(p.numel() for p in m.parameters()) "
                    + "+ sum(b.numel() for n, b in m.named_buffers() if 'running' in n))",
                    TorchBench.spec(m).toString(), String.valueOf(m.data().shape().channels()),
                    String.valueOf(m.data().shape().height()), String.valueOf(m.data().shape().width()))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            assertEquals(m.newNetwork().numParams(), Long.parseLong(out), m.name() + ": " + m.describe());
        }
    }

    @Test
    void scriptIsValidPython() throws Exception {
        Process p = new ProcessBuilder(PYTHON, "-c", "import ast; ast.parse(open('jobs/bench/torch_bench.py').read())")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }

    @Test
    void installScriptParses() throws Exception {
        Process p = new ProcessBuilder("bash", "-n", "jobs/install-bench-deps").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(new File("jobs/install-bench-deps").canExecute());
    }

    /** The script and the Java side agree end to end: a tiny model on 256 images (jobs/test installs PyTorch). */
    @Test
    @Tag(RequiredTools.PYTORCH)
    void scriptMeasuresATinyModel() throws Exception {
        requireTorch();
        BenchModel m = BenchModel.of("tiny", "test", ConfigLoader.load(null, List.of("model.filters=[4,8]",
                "model.dense=16", "train.batch-size=32")), 256);
        try (TorchBench torch = new TorchBench(PYTHON, new File("jobs/bench/torch_bench.py"), List.of(m), 1)) {
            TorchBench.Result r = torch.run();
            assertTrue(r.available());
            assertEquals(1, r.threads());
            double[] sps = r.trainAndInferSps().get("tiny");
            assertTrue(sps[0] > 0 && sps[1] > 0, java.util.Arrays.toString(sps));
            // An in-place add of 16 floats: a positive time, well under a millisecond.
            assertTrue(r.tinyOpMicros() > 0 && r.tinyOpMicros() < 1000, "tiny op " + r.tinyOpMicros() + " us");
            // The process pool: two processes at once, one thread each, one answer each.
            List<TorchBench.Result> pool = torch.runPool(2, 1);
            assertEquals(2, pool.size());
            for (TorchBench.Result p : pool) {
                assertTrue(p.available());
                assertEquals(1, p.threads());
                assertTrue(p.trainAndInferSps().get("tiny")[0] > 0);
            }
        }
    }

    /** A model of RGB data (conf/cifar10.conf) is measured on three channels on both sides. */
    @Test
    @Tag(RequiredTools.PYTORCH)
    void anRgbModelIsMeasuredOnThreeChannelsOnBothSides() throws Exception {
        requireTorch();
        BenchModel m = BenchModel.of("cifar10", "conf/cifar10.conf", ConfigLoader.load(new File("conf/cifar10.conf"),
                List.of("model.filters=[4,8,8]", "model.dense=16")), 128);
        assertEquals(3, m.train().channels());
        assertEquals(3, m.data().shape().channels());
        // Every channel of an example is its grey image: example 7's three planes are equal.
        int plane = 28 * 28;
        float[] f = m.train().features();
        int at = 7 * 3 * plane;
        for (int k = 0; k < plane; k++) {
            assertEquals(f[at + k], f[at + plane + k]);
            assertEquals(f[at + k], f[at + 2 * plane + k]);
        }
        assertTrue(java.util.stream.IntStream.range(0, plane).anyMatch(k -> f[at + k] > 0));
        PlainThroughput plain = new PlainThroughput(m, 1);
        assertTrue(plain.train() > 0);
        try (TorchBench torch = new TorchBench(PYTHON, new File("jobs/bench/torch_bench.py"), List.of(m), 1)) {
            TorchBench.Result r = torch.run();
            assertTrue(r.available(), r.reason());
            assertTrue(r.trainAndInferSps().get("cifar10")[0] > 0);
        }
    }
}
