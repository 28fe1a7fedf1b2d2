package org.ordersweep.model;

import org.ordersweep.domain.InputShape;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.Element;
import org.ordersweep.domain.Ordering;
import org.ordersweep.domain.Orderings;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkFactoryTest {

    private static final List<Element> FIVE =
            List.of(Element.CONV, Element.BN, Element.ACT, Element.POOL, Element.DROPOUT);

    /** Every ordering of the default block builds, and a forward pass gives one probability row per example. */
    @ParameterizedTest
    @ValueSource(strings = {"2d", "1d"})
    void everyOrderingOfTheDefaultBlockBuildsAndRuns(String layout) {
        SweepConfig.Model model = ConfigLoader.load(null, List.of("model.layout=" + layout)).model();
        InputShape shape = layout.equals("2d") ? new InputShape(1, 28, 28, 10) : new InputShape(28, 1, 28, 10);
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, shape.height(), shape.width(),
                shape.channels()); // channels-last, as the networks take it
        List<Ordering> all = Orderings.enumerate(FIVE, List.of());
        assertEquals(120, all.size());
        for (Ordering o : all) {
            MultiLayerConfiguration conf = NetworkFactory.build(o, ActivationKind.RELU, model, 1e-3, shape, 1L);
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init();
            // 5 layers per block, two blocks, dense, output.
            assertEquals(12, net.getLayers().length, o.key());
            INDArray out = net.output(x, false);
            assertArrayEquals(new long[]{3, 10}, out.shape(), o.key());
            assertEquals(3.0, out.sumNumber().doubleValue(), 1e-4, o.key());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"identity", "relu", "leakyrelu", "elu", "tanh", "sigmoid", "softplus", "mish", "swish",
            "gelu"})
    void everyActivationBuilds(String activation) {
        SweepConfig.Model model = ConfigLoader.load(null, List.of("model.filters=[4,8]")).model();
        MultiLayerNetwork net = new MultiLayerNetwork(NetworkFactory.build(Ordering.parse("conv>bn>act>pool>dropout"),
                ActivationKind.parse(activation), model, 1e-3, new InputShape(1, 28, 28, 10), 1L));
        net.init();
        // The act layer's function (FiniteDerivatives' for mish, gelu, swish and softplus) survives the JSON form
        // in which Spark ships configurations and checkpoints keep them.
        Class<?> fn = NetworkFactory.activationFunction(ActivationKind.parse(activation)).getClass();
        String json = net.getLayerWiseConfigurations().toJson();
        assertTrue(json.contains(fn.getName()), json);
        var back = org.deeplearning4j.nn.conf.MultiLayerConfiguration.fromJson(json);
        var act = (org.deeplearning4j.nn.conf.layers.ActivationLayer) back.getConf(2).getLayer();
        assertEquals(fn, act.getActivationFn().getClass());
        assertTrue(fn == NetworkFactory.dl4j(ActivationKind.parse(activation)).getActivationFunction().getClass()
                || fn.getSuperclass() == NetworkFactory.dl4j(ActivationKind.parse(activation)).getActivationFunction()
                .getClass(), fn.toString());
    }

    @org.junit.jupiter.api.Test
    void parameterCountFollowsTheShapes() {
        SweepConfig.Model model = ConfigLoader.load(null, List.of()).model();
        MultiLayerNetwork net = new MultiLayerNetwork(NetworkFactory.build(Ordering.parse("conv>bn>act>pool>dropout"),
                ActivationKind.RELU, model, 1e-3, new InputShape(1, 28, 28, 10), 1L));
        net.init();
        long conv1 = 3 * 3 * 1 * 32 + 32;
        long bn1 = 4 * 32; // gamma, beta and the running mean and variance are all in DL4J's parameter vector
        long conv2 = 3 * 3 * 32 * 64 + 64;
        long bn2 = 4 * 64;
        long dense = 7 * 7 * 64 * 128 + 128;
        long out = 128 * 10 + 10;
        assertEquals(conv1 + bn1 + conv2 + bn2 + dense + out, net.numParams());
    }

    /**
     * Networks described as stages: a conv stage into a swept fully connected stage straight into the output, and a
     * conv stage into global average pooling. DL4J's parameter count, the cost model's and the count by hand agree,
     * and a forward pass gives one probability row per example.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = ';', value = {
            "output; [{elements = [conv, bn, act, pool], sizes = [4]}, {elements = [dense, bn, act, dropout], sizes = "
                    + "[12], swept = true}]; dense>bn>act>dropout; 1974",
            "output; [{elements = [conv, bn, act, pool], sizes = [4]}, {elements = [dense, bn, act, dropout], sizes = "
                    + "[12], swept = true}]; dropout>act>bn>dense; 1942",
            "global-average; [{elements = [conv, bn, act, pool], repeat = 2, sizes = [4, 8], swept = true}]; "
                    + "conv>bn>act>pool; 474",
            "dense; [{elements = [dense, act], repeat = 2, sizes = [16, 8], swept = true}]; act>dense; 2656",
            "dense; [{elements = [dense, act], repeat = 2, sizes = [16, 8], swept = true}]; dense>act; 2656"})
    void stagesBuildWhatTheyDescribe(String head, String stages, String ordering, long parameters) {
        SweepConfig.Model model = ConfigLoader.load(null, List.of("model.head=" + head, "model.stages=" + stages,
                "model.dense=10")).model();
        InputShape shape = new InputShape(1, 12, 12, 10);
        MultiLayerNetwork net = new MultiLayerNetwork(NetworkFactory.build(Ordering.parse(ordering),
                ActivationKind.RELU, model, 1e-3, shape, 1L));
        net.init();
        assertEquals(parameters, net.numParams());
        assertEquals(parameters, CostModel.of(Ordering.parse(ordering), model, shape).parameters());
        INDArray out = net.output(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 12, 12, 1), false);
        assertArrayEquals(new long[]{3, 10}, out.shape());
        assertEquals(3.0, out.sumNumber().doubleValue(), 1e-4);
    }

    /** The loader refuses a map element after a dense layer; the shapes' walk says why if one gets through. */
    @org.junit.jupiter.api.Test
    void aMapAfterADenseLayerIsRejectedByName() {
        SweepConfig.Model model = new SweepConfig.Model(org.ordersweep.config.Layout.TWO_D, List.of(
                new org.ordersweep.config.Stage(List.of(Element.DENSE, Element.ACT), false, 1, List.of(8), 3, 2, 0.25),
                new org.ordersweep.config.Stage(List.of(Element.CONV, Element.ACT), true, 1, List.of(4), 3, 2, 0.25)),
                org.ordersweep.config.Head.DENSE, 10);
        InvalidNetwork e = org.junit.jupiter.api.Assertions.assertThrows(InvalidNetwork.class, () -> LayerShapes
                .walk(Ordering.parse("conv>act"), model, new InputShape(1, 28, 28, 10)));
        assertEquals("conv in stage 2, repeat 1 follows a dense layer, whose output is flat; it needs a map",
                e.getMessage());
    }

    /**
     * avgpool is DL4J's average pooling with max pooling's window, stride and mode; shapes, parameters, FLOPs and
     * memory are those of the max-pool network, and it computes window means.
     */
    @ParameterizedTest
    @ValueSource(strings = {"2d", "1d"})
    void averagePoolingMirrorsMaxPooling(String layout) {
        SweepConfig.Model model = ConfigLoader.load(null, List.of("model.layout=" + layout, "model.pool=3")).model();
        InputShape shape = layout.equals("2d") ? new InputShape(1, 28, 28, 10) : new InputShape(28, 1, 28, 10);
        Ordering max = Ordering.parse("conv>bn>act>pool>dropout");
        Ordering avg = Ordering.parse("conv>bn>act>avgpool>dropout");
        MultiLayerConfiguration maxConf = NetworkFactory.build(max, ActivationKind.RELU, model, 1e-3, shape, 1L);
        MultiLayerConfiguration avgConf = NetworkFactory.build(avg, ActivationKind.RELU, model, 1e-3, shape, 1L);
        for (int i = 0; i < maxConf.getConfs().size(); i++) {
            var m = maxConf.getConf(i).getLayer();
            var a = avgConf.getConf(i).getLayer();
            if (m instanceof SubsamplingLayer mp) {
                SubsamplingLayer ap = (SubsamplingLayer) a;
                assertEquals(PoolingType.MAX, mp.getPoolingType());
                assertEquals(PoolingType.AVG, ap.getPoolingType());
                assertArrayEquals(mp.getKernelSize(), ap.getKernelSize());
                assertArrayEquals(mp.getStride(), ap.getStride());
                assertArrayEquals(mp.getPadding(), ap.getPadding());
                assertEquals(mp.getConvolutionMode(), ap.getConvolutionMode());
                assertEquals(mp.getCnn2dDataFormat(), ap.getCnn2dDataFormat());
            } else {
                assertEquals(m.getClass(), a.getClass());
            }
        }
        assertEquals(CostModel.of(max, model, shape), CostModel.of(avg, model, shape));
        assertEquals(MemoryModel.trial(max, model, shape, 32, 256), MemoryModel.trial(avg, model, shape, 32, 256));
        MultiLayerNetwork maxNet = new MultiLayerNetwork(maxConf);
        maxNet.init();
        MultiLayerNetwork avgNet = new MultiLayerNetwork(avgConf);
        avgNet.init();
        assertEquals(maxNet.numParams(), avgNet.numParams());
        // Two layers in: the first block's pooling after conv>bn>act sees non-negative values; its output is the
        // window mean (channels-last, so the last axis is the channel).
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, shape.height(), shape.width(),
                shape.channels());
        List<INDArray> acts = avgNet.feedForwardToLayer(3, x, false); // the input, then each layer's output
        INDArray before = acts.get(3);
        INDArray after = acts.get(4);
        int ph = layout.equals("2d") ? 3 : 1;
        int oy = ph == 1 ? 0 : 1;
        assertEquals(before.size(1) / ph, after.size(1));
        assertEquals(before.size(2) / 3, after.size(2));
        double sum = 0;
        for (int r = 0; r < ph; r++) {
            for (int c = 0; c < 3; c++) {
                sum += before.getDouble(1, oy * ph + r, 3 + c, 2);
            }
        }
        assertEquals(sum / (ph * 3), after.getDouble(1, oy, 1, 2), 1e-5);
    }

    @org.junit.jupiter.api.Test
    void averagePoolingTooOftenIsRejectedByName() {
        SweepConfig.Model model = ConfigLoader.load(null, List.of("model.blocks=4", "model.filters=[2,2,2,2]",
                "model.pool=3")).model();
        InvalidNetwork e = org.junit.jupiter.api.Assertions.assertThrows(InvalidNetwork.class, () -> LayerShapes
                .walk(Ordering.parse("conv>avgpool"), model, new InputShape(1, 28, 28, 10)));
        assertEquals("average-pooling 3x3 in block 4 receives a 1x1 map, smaller than its window", e.getMessage());
    }

    /** DL4J applies a leading activation layer in place on its input; the network's InputCopy protects shared data. */
    @org.junit.jupiter.api.Test
    void inferenceLeavesTheInputAlone() {
        SweepConfig.Model model = ConfigLoader.load(null, List.of("model.filters=[4,6]", "model.dense=8")).model();
        var conf = NetworkFactory.build(Ordering.parse("act>pool>conv>bn>dropout"), ActivationKind.TANH, model, 1e-3,
                new InputShape(1, 12, 12, 10), 1L);
        MultiLayerNetwork net = new MultiLayerNetwork(conf.clone());
        net.init();
        INDArray x = Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 12, 12, 1);
        INDArray copy = x.dup();
        INDArray first = Network.of(net).output(x, false);
        assertEquals(0.0, x.sub(copy).amaxNumber().doubleValue());
        assertEquals(0.0, Network.of(net).output(x, false).sub(first).amaxNumber().doubleValue());
        Network.of(net).output(x, true);
        assertEquals(0.0, x.sub(copy).amaxNumber().doubleValue());
        // The DL4J behaviour this guards against: the same network without the copy rewrites x.
        conf.getInputPreProcessors().remove(0);
        MultiLayerNetwork bare = new MultiLayerNetwork(conf);
        bare.init(net.params().dup(), false);
        bare.output(x, false);
        assertTrue(x.sub(copy).amaxNumber().doubleValue() > 0.1);
    }

    /**
     * Inference runs in workspaces for every ordering, those starting with act and dropout included (without
     * InputCopy DL4J's workspace validation rejects them), and gives what inference without workspaces gives.
     */
    @org.junit.jupiter.api.Test
    void everyOrderingRunsInferenceInWorkspacesWithTheSameOutputs() {
        SweepConfig.Model model = ConfigLoader.load(null, List.of("model.filters=[4,6]", "model.dense=8")).model();
        List<Ordering> orderings = org.ordersweep.domain.Orderings.enumerate(
                FIVE, List.of());
        assertEquals(120, orderings.size());
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 8, 12, 12, 1).subi(0.5);
        for (Ordering o : orderings) {
            var conf = NetworkFactory.build(o, ActivationKind.TANH, model, 1e-3, new InputShape(1, 12, 12, 10), 1L);
            assertEquals(org.deeplearning4j.nn.conf.WorkspaceMode.ENABLED, conf.getInferenceWorkspaceMode());
            MultiLayerNetwork net = new MultiLayerNetwork(conf.clone());
            net.init();
            conf.setInferenceWorkspaceMode(org.deeplearning4j.nn.conf.WorkspaceMode.NONE);
            MultiLayerNetwork noWorkspaces = new MultiLayerNetwork(conf);
            noWorkspaces.init(net.params().dup(), false);
            INDArray expected = noWorkspaces.output(x.dup(), false);
            assertEquals(0.0, Network.of(net).output(x, false).sub(expected).amaxNumber().doubleValue(), 1e-6,
                    o.key());
        }
    }
}
