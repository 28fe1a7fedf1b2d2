package org.ordersweep.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * DL4J's convolution without the channels-first copy of its input. For channels-last data DL4J 1.0.0-M2's conv layer
 * copies its input into channels-first order at the start of every forward pass, and again when the backward pass
 * asks for the cached forward output, only to read its shape: the oneDNN helper that then runs takes the
 * channels-last input as it is. Here the helper gets the same arguments without that copy (an ND4J op over the whole
 * input, twice per step for every conv but the first). Everything else, the helper's failure handling included, is
 * DL4J's; without a helper, or for other layouts and types, DL4J's code runs.
 */
public class ChannelsLastConvolution extends ConvolutionLayer {

    /** For configurations read back from JSON. */
    public ChannelsLastConvolution() {
    }

    public ChannelsLastConvolution(ConvolutionLayer.Builder builder) {
        super(builder);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        return LayerWiring.wire(new Impl(conf, networkDataType), conf, listeners, layerIndex, layerParamsView,
                initializeParams, initializer());
    }

    @Override
    public ChannelsLastConvolution clone() {
        return (ChannelsLastConvolution) super.clone();
    }

    static class Impl extends org.deeplearning4j.nn.layers.convolution.ConvolutionLayer {

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        /** Whether DL4J would hand this pass to its helper, on channels-last data of the layer's type, with a bias. */
        private boolean helperRuns() {
            ConvolutionLayer c = layerConf();
            return helper != null && (helperCountFail == 0 || !c.isCudnnAllowFallback())
                    && c.getCnn2dDataFormat() == CNN2DFormat.NHWC && input != null && input.rank() == 4
                    && input.dataType() == dataType && hasBias();
        }

        @Override
        protected Pair<INDArray, INDArray> preOutput(boolean training, boolean forBackprop, LayerWorkspaceMgr ws) {
            if (!helperRuns()) {
                return super.preOutput(training, forBackprop, ws);
            }
            if (preOutput != null && forBackprop) {
                return new Pair<>(preOutput, null); // the forward output DL4J's cache mode kept, as DL4J returns it
            }
            assertInputSet(false);
            INDArray bias = getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, training, ws);
            INDArray weights = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, training, ws);
            validateInputRank();
            validateInputDepth(input.size(3));
            ConvolutionLayer c = layerConf();
            int[] dilation = c.getDilation();
            int[] kernel = c.getKernelSize();
            int[] strides = c.getStride();
            int[] pad;
            if (convolutionMode == ConvolutionMode.Same) {
                int[] out = ConvolutionUtils.getOutputSize(input, kernel, strides, null, convolutionMode, dilation,
                        CNN2DFormat.NHWC);
                pad = ConvolutionUtils.getSameModeTopLeftPadding(out,
                        new int[] {(int) input.size(1), (int) input.size(2)}, kernel, strides, dilation);
            } else {
                pad = c.getPadding();
            }
            INDArray z;
            try {
                z = helper.preOutput(input, weights, bias, kernel, strides, pad, c.getCudnnAlgoMode(),
                        c.getCudnnFwdAlgo(), convolutionMode, dilation, CNN2DFormat.NHWC, ws);
            } catch (RuntimeException e) {
                if (!c.isCudnnAllowFallback()) {
                    throw e;
                }
                helperCountFail++; // as DL4J does: its own code from now on
                return super.preOutput(training, forBackprop, ws);
            }
            return z != null ? new Pair<>(z, null) : super.preOutput(training, forBackprop, ws);
        }
    }
}
