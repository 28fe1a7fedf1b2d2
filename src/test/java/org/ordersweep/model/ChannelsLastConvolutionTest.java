package org.ordersweep.model;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.InputShape;
import org.ordersweep.domain.Ordering;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * {@link ChannelsLastConvolution} against DL4J's conv layer: the oneDNN helper runs on both (so the path without the
 * copy is the one compared), outputs, gradients and scores bit for bit with and without the cached forward pass, and
 * one ND4J op fewer per conv and pass.
 */
class ChannelsLastConvolutionTest {

    private static final SweepConfig.Model MODEL = ConfigLoader.load(null,
            List.of("model.filters=[4,6]", "model.dense=8")).model();
    private static final InputShape SHAPE = new InputShape(3, 9, 9, 4);

    private static MultiLayerNetwork net(boolean cached, boolean channelsLast) {
        TrainingStep step = new TrainingStep(false, false, false, cached, false, false, false, channelsLast, false);
        MultiLayerConfiguration conf = NetworkFactory.build(Ordering.parse("bn>conv>act>pool>dropout"),
                ActivationKind.RELU, MODEL, 1e-2, SHAPE, 3L, step);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static DataSet batch(long seed) {
        return GradientSteps.batch(seed, 10, 9, 9, 3, 4);
    }

    @Test
    void theSameNumbersAsDl4jsConvWithOneOpFewerPerPass() {
        FencedOpExecutioner.install();
        for (boolean cached : new boolean[] {false, true}) {
            MultiLayerNetwork reference = net(cached, false);
            MultiLayerNetwork candidate = net(cached, true);
            for (int layer : new int[] {1, 6}) { // both blocks' convs, after batch norm: no leading conv here
                assertInstanceOf(ChannelsLastConvolution.Impl.class, candidate.getLayer(layer));
                assertNotNull(((ConvolutionLayer) candidate.getLayer(layer)).getHelper(), "oneDNN's helper runs");
                assertNotNull(((ConvolutionLayer) reference.getLayer(layer)).getHelper());
            }
            for (int s = 0; s < 3; s++) {
                DataSet d = batch(s);
                long referenceOps = GradientSteps.opsOfOneGradient(reference, d, 10 + s);
                long candidateOps = GradientSteps.opsOfOneGradient(candidate, d, 10 + s);
                // Each conv's forward pass, and its backward pass's request for the forward output, copied the input.
                assertEquals(referenceOps - 4, candidateOps, "cached " + cached + ", step " + s);
                BitForBit.assertIdentical(reference.gradient().gradientForVariable(),
                        candidate.gradient().gradientForVariable(), "gradients");
                assertEquals(reference.score(), candidate.score(), 0.0);
                reference.params().subi(reference.gradient().gradient().mul(0.1));
                candidate.params().subi(candidate.gradient().gradient().mul(0.1));
            }
            INDArray x = batch(9).getFeatures();
            BitForBit.assertIdentical(reference.output(x, false), candidate.output(x, false), "output");
            Nd4j.getRandom().setSeed(4);
            INDArray training = reference.output(x, true); // dropout on: the same masks for both
            Nd4j.getRandom().setSeed(4);
            BitForBit.assertIdentical(training, candidate.output(x, true), "training output");
        }
    }
}
