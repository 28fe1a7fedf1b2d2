package org.ordersweep.model;

import org.ordersweep.domain.InputShape;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.Ordering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every training-step lever ({@link TrainingStep}) against DL4J's layers as shipped, on networks built by
 * {@link NetworkFactory} as sweeps build them, for orderings that put each custom layer first, after the conv, before
 * and after each other: the same gradients for the same parameters and dropout masks; the copy-free layers compute
 * the very same numbers, so they are held to bit-for-bit equality, over several steps.
 */
class TrainingStepTest {

    private static final List<String> ORDERINGS = List.of("conv>bn>act>pool>dropout", "act>conv>dropout>bn>pool",
            "bn>dropout>act>conv>pool", "conv>dropout>pool>act>bn", "dropout>pool>bn>conv>act",
            "pool>act>conv>dropout>bn");
    private static final SweepConfig.Model MODEL = ConfigLoader.load(null,
            List.of("model.filters=[4,6]", "model.dense=8")).model();
    private static final InputShape SHAPE = new InputShape(2, 8, 8, 3);

    private static MultiLayerNetwork net(String ordering, TrainingStep step) {
        MultiLayerConfiguration conf = NetworkFactory.build(Ordering.parse(ordering), ActivationKind.RELU, MODEL,
                1e-2, SHAPE, 11L, step);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Data from Java's generator: ND4J's own gives other numbers after the same setSeed once other ops ran. */
    private static DataSet batch(long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] x = new float[12 * 8 * 8 * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 0.5);
        }
        INDArray y = Nd4j.zeros(DataType.FLOAT, 12, 3);
        for (int i = 0; i < 12; i++) {
            y.putScalar(i, i % 3, 1.0);
        }
        return new DataSet(Nd4j.create(x, new long[] {12, 8, 8, 2}, 'c'), y);
    }

    /** Gradients for the batch, with the same dropout masks on every network. */
    private static Map<String, INDArray> gradients(MultiLayerNetwork net, DataSet d, int step) {
        net.setInput(d.getFeatures());
        net.setLabels(d.getLabels());
        Nd4j.getRandom().setSeed(99 + step);
        net.computeGradientAndScore();
        return net.gradient().gradientForVariable();
    }

    /** A plain gradient step, the same on every network, so that later steps see other parameters. */
    private static void step(MultiLayerNetwork net) {
        net.params().subi(net.gradient().gradient().mul(0.05));
    }

    /**
     * Parameters whose gradient is zero but for rounding: the bias of a conv that batch norm follows, directly or
     * through max pooling (which commutes with a per-channel shift).
     */
    private static boolean zeroByDesign(MultiLayerNetwork net, String param) {
        int layer = Integer.parseInt(param.substring(0, param.indexOf('_')));
        if (!param.endsWith("_b") || !(net.getLayer(layer).conf().getLayer() instanceof ConvolutionLayer)) {
            return false;
        }
        int next = layer + 1;
        while (next < net.getnLayers() && net.getLayer(next).conf().getLayer() instanceof SubsamplingLayer) {
            next++;
        }
        return next < net.getnLayers() && net.getLayer(next).conf().getLayer() instanceof BatchNormalization;
    }

    @Test
    void everyLeverGivesDl4jsGradients() {
        for (String ordering : ORDERINGS) {
            for (TrainingStep.Lever lever : TrainingStep.levers()) {
                MultiLayerNetwork reference = net(ordering, TrainingStep.DL4J);
                MultiLayerNetwork candidate = net(ordering, lever.step());
                candidate.setParams(reference.params().dup());
                for (int s = 0; s < 3; s++) {
                    Map<String, INDArray> expected = gradients(reference, batch(s), s);
                    Map<String, INDArray> actual = gradients(candidate, batch(s), s);
                    assertEquals(expected.keySet(), actual.keySet());
                    double largest = reference.gradient().gradient().amaxNumber().doubleValue();
                    for (String param : expected.keySet()) {
                        String what = ordering + ", " + lever.name() + ", step " + s + ", " + param;
                        INDArray e = expected.get(param);
                        INDArray a = actual.get(param);
                        if (zeroByDesign(reference, param)) {
                            assertTrue(e.amaxNumber().doubleValue() < 1e-4 * largest, what);
                            assertTrue(a.amaxNumber().doubleValue() < 1e-4 * largest, what);
                        } else {
                            double d = EquivalenceVerifier.relativeDiff(e, a);
                            assertTrue(d < EquivalenceVerifier.TOLERANCE, what + ": relative difference " + d);
                        }
                    }
                    assertEquals(reference.score(), candidate.score(), 1e-5 * Math.abs(reference.score()),
                            ordering + ", " + lever.name());
                    step(reference);
                    step(candidate);
                }
            }
        }
    }

    @Test
    void copyFreeLayersComputeDl4jsNumbersBitForBit() {
        TrainingStep copyFree = new TrainingStep(false, true, true, false, false, false, true, true, true);
        for (String ordering : ORDERINGS) {
            MultiLayerNetwork reference = net(ordering, TrainingStep.DL4J);
            MultiLayerNetwork candidate = net(ordering, copyFree);
            BitForBit.assertIdentical(reference.params(), candidate.params(), ordering);
            for (int s = 0; s < 3; s++) {
                BitForBit.assertIdentical(gradients(reference, batch(s), s), gradients(candidate, batch(s), s),
                        ordering);
                assertEquals(reference.score(), candidate.score(), 0.0, ordering);
                step(reference);
                step(candidate);
            }
            BitForBit.assertIdentical(reference.params(), candidate.params(), ordering);
            INDArray x = batch(30).getFeatures();
            BitForBit.assertIdentical(reference.output(x, false), candidate.output(x, false), ordering);
        }
    }

    @Test
    void theCustomLayersSurviveTheConfigurationsJson() {
        MultiLayerConfiguration conf = net("conv>bn>act>pool>dropout", TrainingStep.FAST).getLayerWiseConfigurations();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        assertTrue(back.getConf(0).getLayer() instanceof LeadingConvolution);
        assertTrue(back.getConf(1).getLayer() instanceof FusedBatchNorm);
        assertTrue(back.getConf(2).getLayer() instanceof CopyFreeRelu);
        assertTrue(back.getConf(4).getLayer() instanceof CopyFreeDropout);
        assertTrue(back.getConf(5).getLayer() instanceof ChannelsLastConvolution, "the second block's conv");
        assertTrue(back.getConf(back.getConfs().size() - 1).getLayer() instanceof SoftmaxOutput);
        MultiLayerConfiguration poolFirst = net("pool>act>conv>dropout>bn", TrainingStep.FAST)
                .getLayerWiseConfigurations();
        MultiLayerConfiguration poolBack = MultiLayerConfiguration.fromJson(poolFirst.toJson());
        assertEquals(poolFirst, poolBack);
        assertTrue(poolBack.getConf(0).getLayer() instanceof LeadingPooling);
        assertTrue(poolBack.getConf(2).getLayer() instanceof LeadingConvolution);
        assertTrue(poolBack.getConf(5).getLayer().getClass() == SubsamplingLayer.class, "the second block's pool");
    }

    @Test
    void trainStepChoosesDl4jsLayersAndRefusesAnythingElse() {
        assertEquals(TrainingStep.FAST, TrainingStep.of(ConfigLoader.load(null, List.of()).train().step()));
        SweepConfig dl4j = ConfigLoader.load(null, List.of("train.step=dl4j"));
        assertEquals(TrainingStep.DL4J, TrainingStep.of(dl4j.train().step()));
        assertTrue(NetworkFactory.build(Ordering.parse("conv>bn>act>pool>dropout"), ActivationKind.RELU, MODEL,
                1e-3, SHAPE, 1L, TrainingStep.of(dl4j.train().step())).getConf(1).getLayer().getClass()
                == BatchNormalization.class);
        org.ordersweep.config.ConfigError e = org.junit.jupiter.api.Assertions.assertThrows(
                org.ordersweep.config.ConfigError.class, () -> ConfigLoader.load(null, List.of("train.step=fastest")));
        assertEquals("train.step = fastest (--set): must be one of fast, dl4j", e.getMessage());
    }

    @Test
    void aQuickstartStepRunsSixtyThreeNd4jOps() {
        // docs/performance.md counts them per layer ("Where the 90 ops are", less dropout's 8 since its mask is drawn
        // in Java, Adam's 3, one per block of parameters, since its update is, the output layer's 10 since it
        // computes its pre-output and softmax once, the convs' 3 channels-first copies of their input, and the dense
        // layer's 3 for its pre-output again): each op costs ND4J microseconds however small its arrays, so a change
        // that adds ops to the step shows here first.
        SweepConfig quickstart = ConfigLoader.load(new java.io.File("conf/quickstart.conf"), List.of());
        Network net = NetworkFactory.network(Ordering.parse("conv>bn>act>pool>dropout"), ActivationKind.RELU,
                quickstart.model(), 1e-3, new InputShape(1, 28, 28, 10), 42L);
        java.util.Random r = new java.util.Random(3);
        float[] x = new float[32 * 28 * 28];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        INDArray y = Nd4j.zeros(DataType.FLOAT, 32, 10);
        for (int i = 0; i < 32; i++) {
            y.putScalar(i, i % 10, 1.0);
        }
        DataSet d = new DataSet(Nd4j.create(x, new long[] {32, 28, 28, 1}, 'c'), y);
        net.fit(d); // the first step sizes workspaces and makes batch norm's row of ones
        long before = FencedOpExecutioner.opsExecuted();
        for (int step = 0; step < 4; step++) {
            net.fit(d);
        }
        assertEquals(4 * 63, FencedOpExecutioner.opsExecuted() - before);
    }
}
