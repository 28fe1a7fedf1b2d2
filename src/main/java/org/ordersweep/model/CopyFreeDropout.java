package org.ordersweep.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
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
import org.nd4j.linalg.factory.Nd4j;

import java.util.Collection;

/**
 * DL4J's dropout layer with its mask in Java: DL4J 1.0.0-M2 makes the mask with three ND4J ops, multiplies, and in the
 * backward pass copies the incoming gradient before multiplying the copy by the mask. Here {@link InvertedDropout}
 * draws the same mask from the same generator, bit for bit, and each pass is one product written straight into its
 * result; nothing is copied and the mask is never stored. Other dropout (a schedule, another kind, other data types
 * or layouts) runs DL4J's own code, as does the backward pass after it.
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

        /** The last training forward pass's mask, when this class drew it; null when DL4J's code ran. */
        private InvertedDropout mask;

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr ws) {
            mask = null;
            IDropout dropout = layerConf().getIDropout();
            if (!training || maskArray != null || dropout == null || dropout.getClass() != Dropout.class
                    || ((Dropout) dropout).getPSchedule() != null || input == null
                    || !InvertedDropout.applicable(input)) {
                return super.activate(training, ws);
            }
            // As DL4J's layer: in place when the network allows it, else into a new array.
            INDArray out = inputModificationAllowed ? input
                    : ws.createUninitialized(ArrayType.INPUT, input.dataType(), input.shape(), 'c');
            mask = InvertedDropout.draw(Nd4j.getRandom(), ((Dropout) dropout).getP(), input.length());
            mask.apply(input, out);
            return ws.leverageTo(ArrayType.ACTIVATIONS, out);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr ws) {
            if (epsilon == null) { // nothing after it needed a gradient (LeadingConvolution): nor does anything before
                mask = null;
                return new Pair<>(new DefaultGradient(), null);
            }
            IDropout dropout = layerConf().getIDropout();
            if (dropout == null || maskArray != null) {
                return super.backpropGradient(epsilon, ws);
            }
            INDArray grad = ws.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), epsilon.shape(), 'c');
            if (mask != null) {
                InvertedDropout m = mask;
                mask = null;
                m.apply(InvertedDropout.applicable(epsilon) ? epsilon : epsilon.dup('c'), grad);
            } else {
                dropout.backprop(epsilon, grad, getIterationCount(), getEpochCount());
            }
            return new Pair<>(new DefaultGradient(), grad);
        }

        @Override
        public void clear() {
            super.clear();
            mask = null;
        }
    }
}
