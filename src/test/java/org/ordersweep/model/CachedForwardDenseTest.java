package org.ordersweep.model;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

/**
 * {@link CachedForwardDense} against DL4J's dense layer in the fully connected block's networks: identity dense layers
 * in every position of the block and a ReLU head; and an activation it leaves to DL4J's code (tanh); the same
 * gradients, scores and outputs bit for bit, with three ops fewer per dense layer and step where it applies.
 */
class CachedForwardDenseTest {

    private static final InputShape SHAPE = new InputShape(1, 8, 8, 3);

    private static MultiLayerNetwork net(String ordering, ActivationKind activation, String head, boolean cached) {
        SweepConfig.Model model = ConfigLoader.load(null, List.of("model.stages=[{elements = [conv, act, pool], "
                + "sizes = [4]}, {elements = [dense, bn, act, dropout], sizes = [6], swept = true}]",
                "model.head=" + head, "model.dense=5")).model();
        TrainingStep step = new TrainingStep(false, false, false, false, false, false, false, false, cached);
        MultiLayerConfiguration conf = NetworkFactory.build(Ordering.parse(ordering), activation, model, 1e-2,
                SHAPE, 9L, step);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static DataSet batch(long seed) {
        return GradientSteps.batch(seed, 7, 8, 8, 1, 3);
    }

    @ParameterizedTest
    @CsvSource({"dense>bn>act>dropout, relu, dense, 6", "act>dropout>bn>dense, relu, output, 3",
            "bn>dense>dropout>act, tanh, dense, 6", "dropout>act>dense>bn, relu, dense, 6"})
    void theSameNumbersAsDl4jsDenseLayer(String ordering, String activation, String head, int fewerOps) {
        FencedOpExecutioner.install();
        ActivationKind a = ActivationKind.parse(activation);
        MultiLayerNetwork reference = net(ordering, a, head, false);
        MultiLayerNetwork candidate = net(ordering, a, head, true);
        for (int s = 0; s < 3; s++) {
            DataSet d = batch(s);
            long referenceOps = GradientSteps.opsOfOneGradient(reference, d, 20 + s);
            long candidateOps = GradientSteps.opsOfOneGradient(candidate, d, 20 + s);
            String what = ordering + ", " + activation + ", step " + s;
            // A block's identity dense layer and the ReLU head each skip their pre-output's three ops.
            assertEquals(referenceOps - fewerOps, candidateOps, what);
            BitForBit.assertIdentical(reference.gradient().gradientForVariable(),
                    candidate.gradient().gradientForVariable(), what);
            assertEquals(reference.score(), candidate.score(), 0.0, what);
            reference.params().subi(reference.gradient().gradient().mul(0.1));
            candidate.params().subi(candidate.gradient().gradient().mul(0.1));
        }
        INDArray x = batch(8).getFeatures();
        BitForBit.assertIdentical(reference.output(x, false), candidate.output(x, false), ordering);
    }

    @org.junit.jupiter.api.Test
    void otherActivationsRunDl4jsBackwardPass() {
        FencedOpExecutioner.install();
        MultiLayerNetwork[] nets = new MultiLayerNetwork[2];
        for (int i = 0; i < 2; i++) {
            org.deeplearning4j.nn.conf.layers.DenseLayer tanh = new org.deeplearning4j.nn.conf.layers.DenseLayer
                    .Builder().nOut(5).activation(org.nd4j.linalg.activations.Activation.TANH).build();
            nets[i] = new MultiLayerNetwork(new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(3)
                    .dataType(DataType.FLOAT).list()
                    .layer(i == 0 ? tanh : CachedForwardDense.of(tanh))
                    .layer(SoftmaxOutput.of(3))
                    .setInputType(org.deeplearning4j.nn.conf.inputs.InputType.feedForward(64)).build());
            nets[i].init();
        }
        DataSet d = batch(4);
        d = new DataSet(d.getFeatures().reshape(7, 64), d.getLabels());
        assertEquals(GradientSteps.opsOfOneGradient(nets[0], d, 1), GradientSteps.opsOfOneGradient(nets[1], d, 1),
                "the same ops: DL4J's backward pass");
        BitForBit.assertIdentical(nets[0].gradient().gradientForVariable(), nets[1].gradient().gradientForVariable(),
                "tanh");
    }
}
