package org.ordersweep.model;

import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * A dense or output layer's backward pass from the gradient of its pre-output, as DL4J 1.0.0-M2 computes it: the
 * weight gradient (input transposed times delta) and the bias gradient (delta's column sums) into the layer's gradient
 * views, and the gradient for the layer below (weights times delta transposed), by the same ops into the same arrays.
 */
final class LinearGradients {

    private LinearGradients() {
    }

    /**
     * @param weightsFirst whether the weights' gradient goes into the map before the bias's, as DL4J's output layer
     *                     puts them (its dense layer puts the bias's first)
     */
    static Pair<Gradient, INDArray> of(INDArray input, INDArray delta, INDArray weights, Map<String, INDArray> views,
                                       boolean hasBias, boolean weightsFirst, LayerWorkspaceMgr ws) {
        Gradient g = new DefaultGradient();
        INDArray weightGrad = views.get(DefaultParamInitializer.WEIGHT_KEY);
        Nd4j.gemm(input.castTo(weightGrad.dataType()), delta, weightGrad, true, false, 1.0, 0.0);
        if (weightsFirst) {
            g.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGrad);
        }
        if (hasBias) {
            INDArray biasGrad = views.get(DefaultParamInitializer.BIAS_KEY);
            delta.sum(biasGrad, 0);
            g.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGrad);
        }
        if (!weightsFirst) {
            g.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGrad);
        }
        INDArray next = ws.createUninitialized(ArrayType.ACTIVATION_GRAD, delta.dataType(),
                new long[] {weights.size(0), delta.size(0)}, 'f');
        return new Pair<>(g, weights.mmuli(delta.transpose(), next).transpose());
    }
}
