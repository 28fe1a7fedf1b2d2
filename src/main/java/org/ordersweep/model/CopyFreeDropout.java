package org.ordersweep.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * DL4J's dropout layer without the copy of the incoming gradient in the backward pass: DL4J 1.0.0-M2 copies it and
 * then multiplies the copy by the mask in place; here the mask's product is written straight into the outgoing
 * gradient. The forward pass (and so the masks, seeded per minibatch) is DL4J's own code.
 */
public class CopyFreeDropout extends DropoutLayer {

    /** For configurations read back from JSON. */
    public CopyFreeDropout() {
    }

    public CopyFreeDropout(IDropout dropout) {
        setIDropout(dropout);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        return LayerWiring.wire(new Impl(conf, networkDataType), conf, listeners, layerIndex, layerParamsView,
                initializeParams, initializer());
    }

    @Override
    public CopyFreeDropout clone() {
        return (CopyFreeDropout) super.clone();
    }

    static final class Impl extends org.deeplearning4j.nn.layers.DropoutLayer {

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr ws) {
            IDropout dropout = layerConf().getIDropout();
            if (dropout == null || maskArray != null) {
                return super.backpropGradient(epsilon, ws);
            }
            INDArray grad = ws.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), epsilon.shape(), 'c');
            dropout.backprop(epsilon, grad, getIterationCount(), getEpochCount());
            return new Pair<>(new DefaultGradient(), grad);
        }
    }
}
