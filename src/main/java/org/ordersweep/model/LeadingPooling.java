package org.ordersweep.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * DL4J's pooling layer for a place with nothing trainable before it, in front of a {@link LeadingConvolution}: that
 * conv passes no input gradient down, and this layer then passes none on instead of running its backward pass (which
 * for max pooling recomputes the forward pass to find each window's maximum). With it a conv after pooling, ReLU and
 * dropout in any order skips its input gradient too: 60 of the 120 orderings of the five-element block instead of 40.
 * The forward pass, inference and a gradient that does arrive are DL4J's own code.
 */
public class LeadingPooling extends SubsamplingLayer {

    /** For configurations read back from JSON. */
    public LeadingPooling() {
    }

    public LeadingPooling(SubsamplingLayer.Builder builder) {
        super(builder);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        return LayerWiring.wire(new Impl(conf, networkDataType), conf, listeners, layerIndex, layerParamsView,
                initializeParams, initializer());
    }

    @Override
    public LeadingPooling clone() {
        return (LeadingPooling) super.clone();
    }

    static final class Impl extends org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer {

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr ws) {
            if (epsilon == null) { // nothing after it needed a gradient (LeadingConvolution): nor does anything before
                return new Pair<>(new DefaultGradient(), null);
            }
            return super.backpropGradient(epsilon, ws);
        }
    }
}
