package org.ordersweep.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Forward passes that leave their input alone: every network copies its input first ({@link InputCopy}), because
 * DL4J 1.0.0-M2 applies a first activation layer in place on the network's input, and shared data such as the test
 * set every trial evaluates on would be silently transformed (tanh applied again at each pass). The output is a new
 * array outside any workspace, owned by the caller.
 */
public final class Inference {

    private Inference() {
    }

    public static INDArray output(MultiLayerNetwork net, INDArray features, boolean training) {
        return net.output(features, training);
    }
}
