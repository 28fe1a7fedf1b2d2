package org.ordersweep.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;

/**
 * DL4J's dense layer whose backward pass uses the forward pass's output instead of computing the pre-output again.
 * DL4J 1.0.0-M2 runs the layer's matrix product, bias and copy a second time in the backward pass to take the
 * activation's derivative; for the identity the derivative needs nothing, and for ReLU the output is positive exactly
 * where the pre-output was, so DL4J's ReLU derivative op on the output gives the same gradient to the bit. Other
 * activations, layer norm, masks, dropout and weight noise on the layer run DL4J's code.
 */
public class CachedForwardDense extends DenseLayer {

    /** For configurations read back from JSON. */
    public CachedForwardDense() {
    }

    /** The same layer as {@code dense}, every setting copied (DL4J's builder constructor is private). */
    public static CachedForwardDense of(DenseLayer dense) {
        CachedForwardDense c = new CachedForwardDense();
        for (Class<?> k = DenseLayer.class; k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    f.set(c, f.get(dense));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot copy the dense layer's " + f.getName(), e);
                }
            }
        }
        return c;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        return LayerWiring.wire(new Impl(conf, networkDataType), conf, listeners, layerIndex, layerParamsView,
                initializeParams, initializer());
    }

    @Override
    public CachedForwardDense clone() {
        return (CachedForwardDense) super.clone();
    }

    static final class Impl extends org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer {

        /** The training forward pass's output, for the backward pass; null when DL4J's code is to run it. */
        private INDArray output;

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        private boolean cacheable() {
            IActivation a = layerConf().getActivationFn();
            boolean plainRelu = a instanceof ActivationReLU r && r.getMax() == null && r.getThreshold() == null
                    && r.getNegativeSlope() == null;
            return (plainRelu || a instanceof ActivationIdentity) && !hasLayerNorm() && maskArray == null
                    && layerConf().getIDropout() == null && layerConf().getWeightNoise() == null;
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr ws) {
            output = null;
            INDArray out = super.activate(training, ws);
            if (training && cacheable()) {
                output = out;
            }
            return out;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr ws) {
            INDArray out = output;
            output = null;
            if (out == null || !cacheable()) {
                return super.backpropGradient(epsilon, ws);
            }
            assertInputSet(true);
            // The activation's derivative, as DL4J's activation computes it from the pre-output.
            INDArray delta = epsilon;
            if (layerConf().getActivationFn() instanceof ActivationReLU) {
                delta = Nd4j.exec(new RectifiedLinearDerivative(out, epsilon, out.ulike(), 0.0))[0];
            }
            INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, true, ws);
            Pair<Gradient, INDArray> gradients = LinearGradients.of(input, delta, w, gradientViews, hasBias(), false,
                    ws);
            weightNoiseParams.clear();
            return new Pair<>(gradients.getFirst(), backpropDropOutIfPresent(gradients.getSecond()));
        }
    }
}
