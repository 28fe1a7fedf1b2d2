package org.ordersweep.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Forward passes that leave their input alone. DL4J 1.0.0-M2 applies an activation layer in place on the network's
 * input when it is the first layer (seen in inference without workspaces and in training-mode output): shared data,
 * such as the test set every trial evaluates on, would be silently transformed (tanh applied again at each pass).
 */
public final class Inference {

    private Inference() {
    }

    public static INDArray output(MultiLayerNetwork net, INDArray features, boolean training) {
        return net.output(features.dup(), training);
    }
}
