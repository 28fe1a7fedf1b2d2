package org.ordersweep.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.Collection;

/**
 * A convolution with nothing trainable before it, whose input gradient no one reads: the network's first layer, or
 * one that only parameter-free layers passing no gradient on precede ({@link #passesNoGradient}). DL4J 1.0.0-M2
 * computes the input gradient anyway, and for the first conv of an image network it is the dearest part of the layer:
 * with one input channel oneDNN picks a Winograd kernel for it and pads the channel to 16 on the way in and out
 * (0.8 ms of the quickstart's 13 ms step), and its libnd4j call reorders the incoming gradient twice. Here the
 * backward pass is the weight and bias gradients alone: the input's patches (im2col, written in Java) times the
 * incoming gradient, and the gradient's column sums, each one BLAS product; the input gradient is null, which DL4J
 * passes down to the layers before. The sums run in another order than oneDNN's, so the gradients agree with DL4J's
 * to rounding (TrainingStepTest), not to the bit. Other data (not float, not dense channels-last, dilated) and other
 * settings (an activation, dropout or weight noise on the conv itself) run DL4J's code. Its forward pass is
 * {@link ChannelsLastConvolution}'s, without DL4J's channels-first copy of the input.
 */
public class LeadingConvolution extends ChannelsLastConvolution {

    /** For configurations read back from JSON. */
    public LeadingConvolution() {
    }

    public LeadingConvolution(ConvolutionLayer.Builder builder) {
        super(builder);
    }

    /** Whether a layer built from this configuration accepts a null gradient and passes null on. */
    static boolean passesNoGradient(org.deeplearning4j.nn.conf.layers.Layer layer) {
        return layer instanceof CopyFreeRelu || layer instanceof CopyFreeDropout || layer instanceof LeadingPooling;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        return LayerWiring.wire(new Impl(conf, networkDataType), conf, listeners, layerIndex, layerParamsView,
                initializeParams, initializer());
    }

    @Override
    public LeadingConvolution clone() {
        return (LeadingConvolution) super.clone();
    }

    static final class Impl extends ChannelsLastConvolution.Impl {

        /** A row of ones as long as the last batch's rows: the bias gradient's left operand. */
        private final OnesRow ones = new OnesRow();
        /** The input and one row of patches as Java arrays, kept from step to step (a step's largest allocation). */
        private float[] images = new float[0];
        private float[] patchRow = new float[0];

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        private boolean weightGradientsOnly(INDArray epsilon) {
            ConvolutionLayer c = layerConf();
            int[] dilation = c.getDilation();
            return input != null && epsilon != null && c.getCnn2dDataFormat() == CNN2DFormat.NHWC
                    && c.getActivationFn() instanceof ActivationIdentity && c.getIDropout() == null
                    && c.getWeightNoise() == null && dilation[0] == 1 && dilation[1] == 1
                    && dataType == DataType.FLOAT && DenseFloats.applicable(input)
                    && epsilon.dataType() == DataType.FLOAT;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr ws) {
            if (!weightGradientsOnly(epsilon)) {
                return super.backpropGradient(epsilon, ws);
            }
            ConvolutionLayer c = layerConf();
            int[] kernel = c.getKernelSize();
            int[] strides = c.getStride();
            int[] dilation = c.getDilation();
            int n = (int) input.size(0);
            int inH = (int) input.size(1);
            int inW = (int) input.size(2);
            int channels = (int) input.size(3);
            int[] pad;
            int[] out;
            if (convolutionMode == ConvolutionMode.Same) {
                out = ConvolutionUtils.getOutputSize(input, kernel, strides, null, convolutionMode, dilation,
                        CNN2DFormat.NHWC);
                pad = ConvolutionUtils.getSameModeTopLeftPadding(out, new int[] {inH, inW}, kernel, strides,
                        dilation);
            } else {
                pad = c.getPadding();
                out = ConvolutionUtils.getOutputSize(input, kernel, strides, pad, convolutionMode, dilation,
                        CNN2DFormat.NHWC);
            }
            long rows = (long) n * out[0] * out[1];
            int filters = (int) c.getNOut();
            int patch = channels * kernel[0] * kernel[1];

            INDArray delta = DenseFloats.dense(epsilon) ? epsilon : ws.dup(ArrayType.BP_WORKING_MEM, epsilon, 'c');
            INDArray delta2d = delta.reshape('c', rows, filters);
            INDArray patchesT = ws.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT,
                    new long[] {patch, rows}, 'c');
            int imageFloats = n * inH * inW * channels;
            int rowFloats = n * out[0] * out[1];
            if (images.length < imageFloats || patchRow.length < rowFloats) {
                images = new float[imageFloats];
                patchRow = new float[rowFloats];
            }
            im2colTransposed(DenseFloats.of(input), n, inH, inW, channels, kernel, strides, pad, out,
                    DenseFloats.of(patchesT), images, patchRow);

            // DL4J's weights are [filters, channels, kH, kW] in C order: as filters x patch, G^T x patches.
            INDArray weightGrad = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
            Nd4j.gemm(delta2d, patchesT, Shape.newShapeNoCopy(weightGrad, new long[] {filters, patch}, false), true,
                    true, 1.0, 0.0);
            Gradient gradient = new DefaultGradient();
            if (hasBias()) {
                INDArray biasGrad = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
                Nd4j.gemm(ones.of(rows, DataType.FLOAT), delta2d, biasGrad.reshape(1, filters), false, false, 1.0,
                        0.0);
                gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGrad);
            }
            gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGrad, 'c');
            weightNoiseParams.clear();
            return new Pair<>(gradient, null);
        }

        /**
         * The input's patches, transposed: one row per weight (channel, kernel row, kernel column, the order of
         * DL4J's weights), holding what that weight multiplies at every output position (example, row, column);
         * positions outside the input read 0. Written a row of the output at a time: for stride 1 and one channel
         * that is a shifted copy of an input row, which the JIT vectorises, where one patch at a time was a few
         * scalar stores per element. {@code src} and {@code row} are work arrays of at least the input's and one
         * row's length.
         */
        static void im2colTransposed(FloatBuffer in, int n, int inH, int inW, int channels, int[] kernel,
                                     int[] strides, int[] pad, int[] out, FloatBuffer dst, float[] src,
                                     float[] row) {
            int image = inH * inW * channels;
            int rowLength = n * out[0] * out[1];
            in.get(0, src, 0, n * image);
            for (int ch = 0; ch < channels; ch++) {
                for (int ky = 0; ky < kernel[0]; ky++) {
                    for (int kx = 0; kx < kernel[1]; kx++) {
                        java.util.Arrays.fill(row, 0, rowLength, 0f);
                        for (int b = 0; b < n; b++) {
                            for (int oy = 0; oy < out[0]; oy++) {
                                int y = oy * strides[0] + ky - pad[0];
                                if (y < 0 || y >= inH) {
                                    continue;
                                }
                                // The columns whose input column x = ox * stride + kx - pad lies inside the image.
                                int first = Math.max(0, ceilDiv(pad[1] - kx, strides[1]));
                                int last = Math.min(out[1] - 1, Math.floorDiv(inW - 1 + pad[1] - kx, strides[1]));
                                int to = (b * out[0] + oy) * out[1];
                                int from = b * image + y * inW * channels + ch;
                                int step = strides[1] * channels;
                                int offset = (kx - pad[1]) * channels;
                                for (int ox = first; ox <= last; ox++) {
                                    row[to + ox] = src[from + offset + ox * step];
                                }
                            }
                        }
                        dst.put(((ch * kernel[0] + ky) * kernel[1] + kx) * rowLength, row, 0, rowLength);
                    }
                }
            }
        }

        private static int ceilDiv(int a, int b) {
            return -Math.floorDiv(-a, b);
        }
    }
}
