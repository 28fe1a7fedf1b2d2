package org.ordersweep.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ordersweep.config.Stage;
import org.ordersweep.data.LabelledData;
import org.ordersweep.results.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * PyTorch on the CPU on the same models and images, as a peer to compare DL4J with: jobs/bench/torch_bench.py runs
 * in a subprocess (one per repeat, so its runs interleave with the JVM's) and answers with one JSON line. It runs in
 * PyTorch's best configuration on this kind of machine: torch.set_num_threads(threads) with OpenBLAS single-threaded
 * (OPENBLAS_NUM_THREADS=1), so that its intra-op threads and OpenBLAS's do not compete for the cores.
 */
final class TorchBench implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TorchBench.class);
    /** Where to read a subprocess's answer from: the data files' magic number. */
    static final byte[] MAGIC = "OSB1".getBytes(StandardCharsets.US_ASCII);
    private static final long TIMEOUT_MINUTES = 15;

    /** One run's answer; {@code available} false (with the reason) when Python has no torch. */
    /** @param tinyOpMicros PyTorch's fixed cost per op ({@link TinyOp}'s counterpart); NaN when not reported */
    record Result(boolean available, String reason, String version, int threads, String blas,
                  Map<String, double[]> trainAndInferSps, double tinyOpMicros) {
    }

    private final String python;
    private final File script;
    private final int threads;
    private final Path dir;
    private final List<String> modelArgs = new ArrayList<>();

    TorchBench(String python, File script, List<BenchModel> models, int threads) throws IOException {
        this.python = python;
        this.script = script;
        this.threads = threads;
        this.dir = Files.createTempDirectory("ordersweep-bench-torch");
        for (BenchModel m : models) {
            Path data = dir.resolve(m.name() + ".bin");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(data))) {
                write(m.train(), out);
            }
            modelArgs.add("--model");
            modelArgs.add(spec(m));
            modelArgs.add(data.toString());
        }
    }

    /**
     * The model as the script builds it: the same stages, layers, sizes, head, initialisation rule and optimiser as
     * NetworkFactory (kernel and pool are height x width; 1D models have height 1). Each stage lists the layers one
     * repeat stacks (the swept stage in the measured ordering); a residual stage's list is its unit, add among them.
     */
    static String spec(BenchModel m) {
        var model = m.config().model();
        ArrayNode stages = Json.array();
        for (Stage stage : model.stages()) {
            int kh = model.oneDimensional() ? 1 : stage.kernel();
            int ph = model.oneDimensional() ? 1 : stage.pool();
            ObjectNode s = Json.object();
            s.set("elements", Json.node(stage.elementsFor(m.ordering()).stream().map(e -> e.key()).toList()));
            s.put("repeat", stage.repeat()).put("residual", stage.residual());
            s.set("sizes", Json.node(stage.sizes()));
            s.set("kernel", Json.node(List.of(kh, stage.kernel())));
            s.set("pool", Json.node(List.of(ph, stage.pool())));
            stages.add(s.put("dropout", stage.dropout()));
        }
        ObjectNode o = Json.object().put("name", m.name());
        o.set("stages", stages);
        o.put("head", model.head().key());
        o.put("activation", m.activation().key());
        return Json.line(o.put("dense", model.headUnits())
                .put("classes", m.train().classes())
                .put("batch", m.batchSize())
                .put("inference_batch", PlainThroughput.INFERENCE_BATCH)
                .put("learning_rate", m.config().train().learningRate())
                .put("seed", m.config().sweep().masterSeed()));
    }

    /**
     * The data file: "OSB1", then little-endian int32 count, channels, height, width, classes, then the features as
     * float32 (NCHW), then one uint8 label per example.
     */
    static void write(LabelledData d, OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.write(MAGIC);
        ByteBuffer header = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(d.size()).putInt(d.channels()).putInt(d.height()).putInt(d.width()).putInt(d.classes());
        data.write(header.array());
        ByteBuffer features = ByteBuffer.allocate(d.features().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        features.asFloatBuffer().put(d.features());
        data.write(features.array());
        byte[] labels = new byte[d.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) d.labels()[i];
        }
        data.write(labels);
        data.flush();
    }

    /** One subprocess: warms up, then one timed training pass and one inference pass per model. */
    Result run() throws IOException, InterruptedException {
        return runPool(1, threads).get(0);
    }

    /**
     * {@code processes} subprocesses at once with {@code threadsEach} threads each, as a process pool running one
     * trial per core would (Ray Tune's or Optuna's workers); one answer per process.
     */
    List<Result> runPool(int processes, int threadsEach) throws IOException, InterruptedException {
        List<Process> started = new ArrayList<>();
        List<Path> answers = new ArrayList<>();
        try {
            for (int i = 0; i < processes; i++) {
                List<String> cmd = new ArrayList<>(List.of(python, script.getPath(), "--threads",
                        String.valueOf(threadsEach)));
                cmd.addAll(modelArgs);
                // The answer goes to a file, so that a hung interpreter cannot block the read past the timeout.
                Path answer = dir.resolve("answer-" + i + ".json");
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT)
                        .redirectOutput(answer.toFile());
                pb.environment().put("OMP_NUM_THREADS", String.valueOf(threadsEach));
                pb.environment().put("OPENBLAS_NUM_THREADS", "1");
                try {
                    started.add(pb.start());
                } catch (IOException e) {
                    return List.of(new Result(false, python + " cannot be started (" + e.getMessage() + ")", null, 0,
                            null, Map.of(), Double.NaN));
                }
                answers.add(answer);
            }
            List<Result> out = new ArrayList<>();
            for (int i = 0; i < started.size(); i++) {
                Process p = started.get(i);
                if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    throw new IOException(script + " did not finish within " + TIMEOUT_MINUTES + " minutes");
                }
                String text = Files.readString(answers.get(i), StandardCharsets.UTF_8).strip();
                String last = text.isEmpty() ? "" : text.substring(text.lastIndexOf('\n') + 1);
                if (p.exitValue() != 0 || !last.startsWith("{")) {
                    throw new IOException(script + " exited with " + p.exitValue() + " and printed: "
                            + (last.isEmpty() ? "nothing" : last));
                }
                out.add(parse(last));
            }
            return out;
        } finally {
            started.forEach(Process::destroyForcibly);
        }
    }

    static Result parse(String line) throws IOException {
        JsonNode root = Json.read(line);
        if (!root.path("available").asBoolean(false)) {
            return new Result(false, root.path("error").asText("torch not importable"), null, 0, null, Map.of(),
                    Double.NaN);
        }
        Map<String, double[]> sps = new LinkedHashMap<>();
        root.path("models").fields().forEachRemaining(e -> sps.put(e.getKey(), new double[]{
                e.getValue().path("train_sps").asDouble(Double.NaN),
                e.getValue().path("infer_sps").asDouble(Double.NaN)}));
        return new Result(true, null, root.path("torch").asText(), root.path("threads").asInt(),
                root.path("blas").asText("?"), sps, root.path("tiny_op_us").asDouble(Double.NaN));
    }

    @Override
    public void close() {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", dir, e.getMessage());
        }
    }
}
