package org.ordersweep.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.ordersweep.train.ExecutionMode;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchReportTest {

    private static final BackendInfo BACKEND = new BackendInfo("linux-x86_64-onednn",
            "CPU, blas OPENBLAS, onednn true, helpers true", "OPENBLAS", true, true, "1");

    private static BenchReport report(boolean torch, boolean sweepRuns) {
        Spread none = Spread.NONE;
        BenchReport.ModelResult ref = new BenchReport.ModelResult("reference", "conf/fashion-mnist.conf",
                "conv>bn>act>pool>dropout", 64, 422_026, 8.708224e6, 26.143488e6, "MKLDNNConvHelper", 200,
                Spread.of(List.of(600.0, 650.0, 700.0)), Spread.of(List.of(4000.0, 4200.0, 4400.0)),
                Spread.of(List.of(900.0, 930.0, 960.0)),
                torch ? Spread.of(List.of(1800.0, 1900.0, 2000.0)) : none,
                torch ? Spread.of(List.of(6000.0, 6400.0, 6500.0)) : none,
                new BenchReport.Pool(2, Spread.of(List.of(800.0, 810.0, 820.0)),
                        Spread.of(List.of(7000.0, 7100.0, 7200.0)), Spread.of(List.of(400.0, 405.0, 410.0)),
                        torch ? Spread.of(List.of(1400.0, 1430.0, 1460.0)) : none,
                        torch ? Spread.of(List.of(6000.0, 6200.0, 6400.0)) : none,
                        torch ? Spread.of(List.of(700.0, 714.0, 730.0)) : none,
                        Spread.of(List.of(760.0, 770.0, 780.0)), Spread.of(List.of(380.0, 385.0, 390.0)),
                        torch ? Spread.of(List.of(690.0, 700.0, 720.0)) : none));
        BenchReport.ModelResult quick = new BenchReport.ModelResult("quickstart", "conf/quickstart.conf",
                "conv>bn>act>pool>dropout", 32, 106_058, 2.35e6, 7.05e6, "MKLDNNConvHelper", 160,
                Spread.of(List.of(2000.0)), Spread.of(List.of(9000.0)), none, none, none,
                new BenchReport.Pool(2, Spread.of(List.of(3000.0)), Spread.of(List.of(15000.0)),
                        Spread.of(List.of(1500.0)), none, none, none, Spread.of(List.of(2900.0)),
                        Spread.of(List.of(1450.0)), none));
        List<SweepEfficiency.Run> runs = sweepRuns ? List.of(
                new SweepEfficiency.Run(Utilisation.of(ExecutionMode.TRIAL_PARALLEL, List.of(10.0, 10.0), 25, 2, 1, 40),
                        List.of("train.mode=trial-parallel"), 5.0),
                new SweepEfficiency.Run(Utilisation.of(ExecutionMode.DATA_PARALLEL, List.of(5.0, 5.0), 40, 2, 2, 50),
                        List.of("train.mode=data-parallel"), 2.5)) : List.of();
        BenchReport.Sweep sweep = new BenchReport.Sweep("conf/quickstart.conf", 120, 120, 72, 1.31, 2.187, false, 1,
                3, HalvingBudget.of(72, List.of(1, 2), 3, 0.1), ExecutionMode.TRIAL_PARALLEL, runs, 4, 1000, 2);
        return new BenchReport(new BenchReport.Setup(3, 2000, "embedded", 2, 2, 2, "local[2]", BACKEND),
                new BenchReport.Gemm(2048, 2, Spread.of(List.of(100.0, 109.0)), Spread.of(List.of(200.0, 218.0))),
                new BenchReport.OpCost(Spread.of(List.of(10.0, 12.0, 14.0)),
                        torch ? Spread.of(List.of(1.0, 1.0, 1.5)) : none), Spread.of(List.of(4.5, 1.2, 0.3)),
                List.of(ref, quick), torch ? new BenchReport.Torch(true, true, null, "1.13.0", 2, "openblas",
                "/usr/bin/python3") : new BenchReport.Torch(true, false, "No module named 'torch'; run "
                + "jobs/install-bench-deps", null, 0, null, "/usr/bin/python3"), sweep, 123.4);
    }

    @Test
    void jsonIsOneLineWithTheHeadlineKeys() throws Exception {
        String json = BenchJson.line(report(true, true));
        assertFalse(json.contains("\n"));
        JsonNode root = new ObjectMapper().readTree(json);
        assertEquals(650, root.get("dl4j_train_sps").asDouble());
        assertEquals(930, root.get("spark_train_sps").asDouble());
        assertEquals(1900, root.get("torch_train_sps").asDouble());
        // The fair peer: each side's sweep over both cores.
        assertEquals(810, root.get("sweep_train_sps").asDouble());
        assertEquals(1430, root.get("torch_pool_train_sps").asDouble());
        assertEquals(810.0 / 1430, root.get("sweep_over_torch_pool").asDouble(), 1e-5);
        assertEquals(405.0 / 714, root.get("one_thread_per_trial_ratio").asDouble(), 1e-5);
        // Before 2026-12-05 the sweep side waited for its slowest trial; that figure stays beside.
        assertEquals(770.0 / 1430, root.get("sweep_over_torch_pool_wall").asDouble(), 1e-5);
        JsonNode refPool = root.get("models").get("reference");
        assertEquals(385, refPool.get("sweep_slowest_trial_train_sps").get("median").asDouble());
        assertEquals(700, refPool.get("torch_slowest_process_train_sps").get("median").asDouble());
        assertEquals(770, refPool.get("sweep_mode_wall_train_sps").get("median").asDouble());
        assertTrue(root.get("models").get("quickstart").get("torch_slowest_process_train_sps").isNull());
        assertEquals(7100.0 / 6200, root.get("sweep_over_torch_pool_infer").asDouble(), 1e-5);
        assertEquals(218, root.get("gemm_peak_gflops").asDouble());
        assertEquals(109, root.get("gemm_peak_gflops_1thread").asDouble());
        assertEquals(0.0261435, root.get("train_gflop_per_sample").asDouble(), 1e-9); // six significant digits
        // trial-parallel is the full sweep's mode: 20 core-s of 50.
        assertEquals(0.4, root.get("sweep_core_utilisation").asDouble(), 1e-12);
        assertEquals(0.25, root.get("sweep").get("core_utilisation_by_mode").get("data-parallel").asDouble(),
                1e-12);
        assertEquals(930.0 / 650, root.get("spark_over_plain").asDouble(), 1e-5);
        assertEquals("linux-x86_64-onednn", root.get("backend").get("nd4j_classifier").asText());
        JsonNode dl4j = root.get("models").get("reference").get("dl4j");
        assertEquals(650 * 26.143488e6 / 1e9, dl4j.get("train_gflops").asDouble(), 1e-4);
        assertEquals(650 * 26.143488e6 / 1e9 / 218, dl4j.get("share_of_peak").asDouble(), 1e-5);
        assertEquals(3, dl4j.get("train_sps").get("runs").size());
        assertTrue(root.get("models").get("quickstart").get("spark").isNull());
        assertEquals(0.401, root.get("sweep").get("dedupe_saved_share").asDouble(), 1e-3);
        assertEquals(120, root.get("sweep").get("halving").get("trial_epochs").asInt());
        // The fixed cost per op: 160 ops x 12 us = 1.92 ms of the quickstart's 21.3 ms sweep-mode step (32 at 1,500/s).
        assertEquals(12, root.get("op_cost").get("nd4j_us").get("median").asDouble());
        assertEquals(1, root.get("op_cost").get("torch_us").get("median").asDouble());
        assertEquals(List.of(4.5, 1.2, 0.3), new ObjectMapper().convertValue(
                root.get("jit_compile_seconds_per_round").get("runs"), List.class));
        JsonNode q = root.get("models").get("quickstart");
        assertEquals(160, q.get("nd4j_ops_per_step").asDouble());
        assertEquals(0.09, q.get("fixed_cost_share_of_sweep_step").asDouble(), 1e-12);
        assertEquals(200 * 12e-6 / (64 / 405.0),
                root.get("models").get("reference").get("fixed_cost_share_of_sweep_step").asDouble(), 1e-12);
    }

    @Test
    void missingTorchAndSkippedSweepsAreNull() throws Exception {
        JsonNode root = new ObjectMapper().readTree(BenchJson.line(report(false, false)));
        assertTrue(root.get("torch_train_sps").isNull());
        assertTrue(root.get("sweep_over_torch_pool").isNull());
        assertEquals(810, root.get("sweep_train_sps").asDouble());
        assertTrue(root.get("dl4j_over_torch_train").isNull());
        assertFalse(root.get("torch").get("available").asBoolean());
        assertTrue(root.get("torch").get("note").asText().contains("jobs/install-bench-deps"));
        assertTrue(root.get("sweep_core_utilisation").isNull());
        assertTrue(root.get("op_cost").get("torch_us").isNull());
    }

    @Test
    void textShowsEveryPathThatRanAndSaysWhatIsMissing() {
        String text = BenchTable.text(report(true, true));
        assertTrue(text.contains("DL4J plain, 2 threads"), text);
        assertTrue(text.contains("DL4J Spark local[2]"), text);
        assertTrue(text.contains("PyTorch, 2 threads"), text);
        assertTrue(text.contains("650 [600-700]"), text);
        assertTrue(text.contains("sweep mode, 2 trials x 1"), text);
        assertTrue(text.contains("PyTorch pool, 2 proc x 1"), text);
        assertTrue(text.contains("sweep mode/PyTorch pool 0.57, the same waiting for the slowest trial 0.54,"),
                text);
        assertTrue(text.contains("trial-parallel"), text);
        assertTrue(text.contains("40.0%"), text); // trial-parallel: 20 busy core-s of 50... and CPU 40 of 50 = 80%
        assertTrue(text.contains("Fixed cost of one op (in-place add of 16 floats): ND4J 12.00 [10.00-14.00] us, "
                + "PyTorch 1.00 [1.00-1.50] us"), text);
        assertTrue(text.contains("JIT compilation in the JVM per round (its threads compete with the trials): "
                + "1.2 [0.3-4.5] s"), text);
        assertTrue(text.contains("160 ND4J ops per training step, their fixed cost 9.0% of a sweep-mode step."), text);
        String without = BenchTable.text(report(false, false));
        assertTrue(without.contains("PyTorch: not available (No module named 'torch'; run jobs/install-bench-deps)"),
                without);
        assertFalse(without.contains("PyTorch, 2 threads"), without);
        assertFalse(without.contains("Sweep efficiency"), without);
        assertTrue(without.contains("dedupe: 1.310 instead of 2.187 TFLOP"), without);
    }

    @Test
    void theLeversJsonNamesEverySwitchOfEachStep() throws Exception {
        BenchModel model = BenchModel.of("reference", "conf/fashion-mnist.conf",
                org.ordersweep.config.ConfigLoader.load(new java.io.File("conf/fashion-mnist.conf"), List.of()), 10);
        List<org.ordersweep.model.TrainingStep.Lever> levers = org.ordersweep.model.TrainingStep.levers();
        List<LeverBench.Row> rows = levers.stream()
                .map(l -> new LeverBench.Row(l, Spread.of(List.of(100.0 + l.name().length())))).toList();
        JsonNode root = new ObjectMapper().readTree(BenchJson.line(rows, model, 2, 1));
        JsonNode out = root.get("levers");
        assertEquals(levers.size(), out.size());
        int components = org.ordersweep.model.TrainingStep.class.getRecordComponents().length;
        for (int i = 0; i < levers.size(); i++) {
            JsonNode lever = out.get(i);
            assertEquals(levers.get(i).name(), lever.get("lever").asText());
            int on = 0;
            int switches = 0;
            for (java.util.Iterator<String> f = lever.fieldNames(); f.hasNext(); ) {
                JsonNode v = lever.get(f.next());
                if (v.isBoolean()) {
                    switches++;
                    on += v.asBoolean() ? 1 : 0;
                }
            }
            assertEquals(components, switches, levers.get(i).name());
            // DL4J's step has none on, each lever alone one, what sweeps use all of them.
            assertEquals(i == 0 ? 0 : i == levers.size() - 1 ? components : 1, on, levers.get(i).name());
        }
        assertTrue(out.get(1).get("fused_batch_norm").asBoolean());
        assertTrue(out.get(9).get("cached_forward_dense").asBoolean());
    }
}
