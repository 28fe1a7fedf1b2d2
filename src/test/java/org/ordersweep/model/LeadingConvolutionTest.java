package org.ordersweep.model;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.InputShape;
import org.ordersweep.domain.Element;
import org.ordersweep.domain.Ordering;
import org.ordersweep.domain.Orderings;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link LeadingConvolution} against DL4J's conv layer with the same parameters, input and incoming gradient: weight
 * and bias gradients equal by the equivalence verifier's measure for several channel counts, kernels and odd sizes
 * (where "same" padding is uneven), and no input gradient; and which convs of a built network get it.
 */
class LeadingConvolutionTest {

    private static MultiLayerNetwork net(ConvolutionLayer conv, int channels, int height, int width) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT)
                .list();
        b.inputPreProcessor(0, new InputCopy());
        b.layer(conv);
        b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
                .build());
        b.setInputType(InputType.convolutional(height, width, channels, CNN2DFormat.NHWC));
        MultiLayerConfiguration conf = b.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.initGradientsView();
        return net;
    }

    private static ConvolutionLayer.Builder builder(int kh, int kw, int filters) {
        return new ConvolutionLayer.Builder(kh, kw).nOut(filters).stride(1, 1).convolutionMode(ConvolutionMode.Same)
                .activation(Activation.IDENTITY).dataFormat(CNN2DFormat.NHWC);
    }

    private static INDArray random(long seed, long... shape) {
        java.util.Random r = new java.util.Random(seed);
        float[] v = new float[(int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Nd4j.create(v, shape, 'c');
    }

    @ParameterizedTest
    @CsvSource({"1, 3, 3, 28, 28, 16", "3, 3, 3, 9, 7, 5", "2, 5, 5, 8, 8, 4", "1, 1, 3, 1, 12, 6", "3, 2, 2, 5, 6, 3"})
    void givesDl4jsWeightAndBiasGradientsAndNoInputGradient(int channels, int kh, int kw, int height, int width,
                                                              int filters) {
        MultiLayerNetwork dl4j = net(builder(kh, kw, filters).build(), channels, height, width);
        MultiLayerNetwork leading = net(new LeadingConvolution(builder(kh, kw, filters)), channels, height, width);
        leading.setParams(dl4j.params().dup());
        assertTrue(leading.getLayer(0) instanceof LeadingConvolution.Impl);
        // Batches of 6, then 2, then 7 examples through the same layers: its work arrays shrink in use, then grow.
        for (int batch : new int[] {6, 2, 7}) {
            INDArray x = random(batch, batch, height, width, channels);
            INDArray epsilon = random(batch + 10, batch, height, width, filters);
            LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();

            dl4j.getLayer(0).setInput(x, ws);
            dl4j.getLayer(0).activate(true, ws);
            Pair<org.deeplearning4j.nn.gradient.Gradient, INDArray> expected = dl4j.getLayer(0)
                    .backpropGradient(epsilon, ws);
            leading.getLayer(0).setInput(x, ws);
            leading.getLayer(0).activate(true, ws);
            Pair<org.deeplearning4j.nn.gradient.Gradient, INDArray> actual = leading.getLayer(0)
                    .backpropGradient(epsilon, ws);

            assertNotNull(expected.getSecond());
            assertNull(actual.getSecond());
            // Written where the updater reads them: the layer's part of the network's gradient, bias first.
            assertArrayEquals(Nd4j.toFlattened('c', actual.getFirst().getGradientFor("b"),
                    actual.getFirst().getGradientFor("W")).toFloatVector(),
                    leading.getLayer(0).getGradientsViewArray().toFloatVector());
            for (String param : List.of("W", "b")) {
                INDArray e = expected.getFirst().getGradientFor(param);
                INDArray a = actual.getFirst().getGradientFor(param);
                assertTrue(e.amaxNumber().doubleValue() > 0.1, param);
                double d = EquivalenceVerifier.relativeDiff(e, a);
                assertTrue(d < EquivalenceVerifier.TOLERANCE, param + ": relative difference " + d);
            }
        }
    }

    @Test
    void halfOfTheBlocksOrderingsHaveALeadingConv() {
        SweepConfig.Model model = ConfigLoader.load(null, List.of("model.filters=[4,6]", "model.dense=8")).model();
        InputShape shape = new InputShape(2, 8, 8, 3);
        List<Ordering> all = Orderings.enumerate(List.of(Element.CONV, Element.BN, Element.ACT, Element.POOL,
                Element.DROPOUT), List.of());
        assertEquals(120, all.size());
        // Those where conv comes before batch norm: whatever else precedes it passes no gradient on.
        long leading = all.stream().filter(o -> NetworkFactory.build(o, ActivationKind.RELU, model, 1e-3, shape, 1L,
                TrainingStep.FAST).getConfs().stream().anyMatch(x -> x.getLayer() instanceof LeadingConvolution))
                .count();
        assertEquals(60, leading);
    }

    @Test
    void onlyAConvWithNothingTrainableOrOpaqueBeforeItSkipsTheInputGradient() {
        SweepConfig.Model model = ConfigLoader.load(null, List.of("model.filters=[4,6]", "model.dense=8")).model();
        InputShape shape = new InputShape(2, 8, 8, 3);
        // Each ordering with the layer index of its leading conv, -1 when none: ReLU, dropout and pooling pass a
        // null gradient on, batch norm (trainable) does not; the second block's conv never.
        for (Object[] c : new Object[][] {{"conv>bn>act>pool>dropout", 0}, {"act>dropout>conv>bn>pool", 2},
                {"pool>conv>bn>act>dropout", 1}, {"dropout>pool>act>conv>bn", 3}, {"bn>conv>act>pool>dropout", -1},
                {"pool>bn>conv>act>dropout", -1}}) {
            MultiLayerConfiguration conf = NetworkFactory.build(Ordering.parse((String) c[0]), ActivationKind.RELU,
                    model, 1e-3, shape, 1L, TrainingStep.FAST);
            int leading = -1;
            int convs = 0;
            for (int i = 0; i < conf.getConfs().size(); i++) {
                org.deeplearning4j.nn.conf.layers.Layer l = conf.getConf(i).getLayer();
                convs += l instanceof ConvolutionLayer ? 1 : 0;
                if (l instanceof LeadingConvolution) {
                    assertEquals(-1, leading, (String) c[0]);
                    leading = i;
                }
            }
            assertEquals(2, convs, (String) c[0]);
            assertEquals(c[1], leading, (String) c[0]);
            assertTrue(NetworkFactory.build(Ordering.parse((String) c[0]), ActivationKind.RELU, model, 1e-3, shape,
                    1L, TrainingStep.DL4J).getConfs().stream()
                    .noneMatch(x -> x.getLayer() instanceof LeadingConvolution), (String) c[0]);
        }
    }
}
