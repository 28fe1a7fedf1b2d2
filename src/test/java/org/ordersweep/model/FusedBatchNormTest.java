package org.ordersweep.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FusedBatchNorm} against DL4J's own batch normalization with the same parameters, by the equivalence
 * verifier's measure ({@link EquivalenceVerifier#relativeDiff}, {@link EquivalenceVerifier#TOLERANCE}): training
 * outputs, every gradient (gamma, beta, the running statistics' steps, and through the input gradient the conv
 * below), the parameters and running statistics after several Adam steps, inference, and a saved model.
 */
class FusedBatchNormTest {

    private static final int BATCH = 16;

    private static MultiLayerNetwork net(Layer bn, boolean bnFirst) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
                .updater(new Adam(1e-2)).list();
        b.inputPreProcessor(0, new InputCopy());
        if (bnFirst) {
            b.layer(bn);
        }
        // No conv bias: batch norm cancels it, its gradient is rounding noise that Adam would turn into full steps.
        b.layer(new ConvolutionLayer.Builder(3, 3).nOut(6).hasBias(false).convolutionMode(ConvolutionMode.Same)
                .activation(Activation.IDENTITY).dataFormat(CNN2DFormat.NHWC).build());
        if (!bnFirst) {
            b.layer(bn);
        }
        b.layer(new ActivationLayer.Builder().activation(Activation.RELU).build());
        b.layer(new SubsamplingLayer.Builder(2, 2).stride(2, 2).dataFormat(CNN2DFormat.NHWC).build());
        b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX)
                .build());
        b.setInputType(InputType.convolutional(8, 8, 3, CNN2DFormat.NHWC));
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }

    private static BatchNormalization dl4j(boolean logStd) {
        return new BatchNormalization.Builder().dataFormat(CNN2DFormat.NHWC).useLogStd(logStd).build();
    }

    private static FusedBatchNorm fused(boolean logStd) {
        FusedBatchNorm f = new FusedBatchNorm();
        f.setUseLogStd(logStd);
        return f;
    }

    private static DataSet batch(long seed) {
        Nd4j.getRandom().setSeed(seed);
        // Not centred, with a spread per channel, so mean and variance both matter.
        INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, 8, 8, 3).muli(3).addi(1.5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, BATCH, 4);
        for (int i = 0; i < BATCH; i++) {
            y.putScalar(i, i % 4, 1.0);
        }
        return new DataSet(x, y);
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        double d = EquivalenceVerifier.relativeDiff(expected, actual);
        assertTrue(d < EquivalenceVerifier.TOLERANCE, what + ": relative difference " + d);
    }

    @ParameterizedTest(name = "logStd={0}")
    @ValueSource(booleans = {true, false})
    void trainsAsDl4jsLayerDoes(boolean logStd) {
        for (boolean bnFirst : new boolean[] {false, true}) {
            assertTrainsAlike(net(dl4j(logStd), bnFirst), net(fused(logStd), bnFirst), bnFirst ? 0 : 1,
                    FusedBatchNormTest::batch, "bn first " + bnFirst);
        }
    }

    /** A dense layer's features (examples x features) take the same fused step: statistics per feature. */
    @ParameterizedTest(name = "logStd={0}")
    @ValueSource(booleans = {true, false})
    void trainsAsDl4jsLayerDoesOnDenseFeatures(boolean logStd) {
        // Channels first, as NetworkFactory builds batch norm on features: DL4J's inference views them as
        // N x features x 1 x 1.
        BatchNormalization reference = new BatchNormalization.Builder().dataFormat(CNN2DFormat.NCHW)
                .useLogStd(logStd).build();
        FusedBatchNorm fused = new FusedBatchNorm(CNN2DFormat.NCHW);
        fused.setUseLogStd(logStd);
        assertTrainsAlike(denseNet(reference), denseNet(fused), 1, FusedBatchNormTest::features, "dense features");
    }

    private static MultiLayerNetwork denseNet(Layer bn) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
                .updater(new Adam(1e-2)).list();
        b.layer(new DenseLayer.Builder().nOut(6).hasBias(false).activation(Activation.IDENTITY).build());
        b.layer(bn);
        b.layer(new ActivationLayer.Builder().activation(Activation.RELU).build());
        b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX)
                .build());
        b.setInputType(InputType.feedForward(12));
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }

    private static DataSet features(long seed) {
        DataSet images = batch(seed);
        return new DataSet(images.getFeatures().reshape(BATCH, 8 * 8 * 3).get(
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 12))
                .dup(), images.getLabels());
    }

    private static void assertTrainsAlike(MultiLayerNetwork reference, MultiLayerNetwork fused, int bnLayer,
                                          java.util.function.LongFunction<DataSet> batches, String what) {
        fused.setParams(reference.params().dup());
        assertTrue(fused.getLayer(bnLayer) instanceof FusedBatchNormLayer);
        DataSet d = batches.apply(1);

        assertClose(reference.feedForward(d.getFeatures(), true).get(bnLayer + 1),
                fused.feedForward(d.getFeatures(), true).get(bnLayer + 1), "training output, " + what);

        for (MultiLayerNetwork n : new MultiLayerNetwork[] {reference, fused}) {
            n.setInput(d.getFeatures());
            n.setLabels(d.getLabels());
            n.computeGradientAndScore();
        }
        for (String param : reference.gradient().gradientForVariable().keySet()) {
            assertClose(reference.gradient().getGradientFor(param), fused.gradient().getGradientFor(param),
                    "gradient " + param + ", " + what);
        }
        assertEquals(reference.score(), fused.score(), 1e-5);

        for (int step = 0; step < 6; step++) {
            DataSet s = batches.apply(10 + step);
            reference.fit(s);
            fused.fit(s);
        }
        for (String param : reference.paramTable().keySet()) {
            assertClose(reference.getParam(param), fused.getParam(param), "after 6 steps: " + param + ", " + what);
        }
        assertClose(reference.output(d.getFeatures(), false), fused.output(d.getFeatures(), false),
                "inference, " + what);
    }

    @Test
    void runningStatisticsMoveTowardsTheBatchAsDl4jsDo() {
        MultiLayerNetwork fused = net(fused(true), false);
        INDArray before = fused.getParam("1_log10stdev").dup();
        fused.fit(batch(3));
        // A real change, not a no-op: the running std moved off its initial value.
        assertTrue(fused.getParam("1_log10stdev").sub(before).amaxNumber().doubleValue() > 1e-3);
        assertTrue(fused.getParam("1_mean").amaxNumber().doubleValue() > 1e-3);
    }

    @Test
    void aSavedModelLoadsWithTheFusedLayerAndTheSameOutputs() throws Exception {
        MultiLayerNetwork fused = net(fused(true), false);
        fused.fit(batch(4));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(fused, bytes, true);
        MultiLayerNetwork loaded = ModelSerializer.restoreMultiLayerNetwork(
                new ByteArrayInputStream(bytes.toByteArray()), true);
        assertTrue(loaded.getLayer(1) instanceof FusedBatchNormLayer);
        assertEquals(fused.getLayerWiseConfigurations(), loaded.getLayerWiseConfigurations());
        INDArray x = batch(5).getFeatures();
        assertEquals(fused.output(x, false), loaded.output(x, false));
        MultiLayerConfiguration fromJson = MultiLayerConfiguration.fromJson(
                fused.getLayerWiseConfigurations().toJson());
        assertTrue(fromJson.getConf(1).getLayer() instanceof FusedBatchNorm);
    }
}
