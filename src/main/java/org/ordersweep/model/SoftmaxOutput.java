package org.ordersweep.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Collection;

/**
 * DL4J's softmax output layer with cross-entropy loss, whose training step computes the pre-output and the softmax
 * once ({@link SoftmaxOutputLayer}). Everything else is DL4J's own: parameters, inference, serialisation (this class's
 * name goes into the saved configuration).
 */
public class SoftmaxOutput extends OutputLayer {

    /** For configurations read back from JSON. */
    public SoftmaxOutput() {
    }

    private SoftmaxOutput(Builder b) {
        super(b);
    }

    /** Softmax over {@code classes} outputs, multi-class cross-entropy (DL4J's MCXENT, its clipping included). */
    public static SoftmaxOutput of(int classes) {
        Builder b = new Builder();
        b.lossFunction(LossFunctions.LossFunction.MCXENT).nOut(classes).activation(Activation.SOFTMAX);
        return b.build();
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("SoftmaxOutput", getLayerName(), layerIndex, getNIn(), getNOut());
        return LayerWiring.wire(new SoftmaxOutputLayer(conf, networkDataType), conf, listeners, layerIndex,
                layerParamsView, initializeParams, initializer());
    }

    @Override
    public SoftmaxOutput clone() {
        return (SoftmaxOutput) super.clone();
    }

    private static final class Builder extends OutputLayer.Builder {
        @Override
        @SuppressWarnings("unchecked")
        public SoftmaxOutput build() {
            return new SoftmaxOutput(this);
        }
    }
}
