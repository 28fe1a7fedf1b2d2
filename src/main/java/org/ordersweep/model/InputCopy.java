package org.ordersweep.model;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The network's first step: copies its input into DL4J's activation workspace. DL4J 1.0.0-M2 applies a first
 * activation layer in place on the caller's array (the shared test set would be transformed again at every pass), and
 * when the block starts with act and dropout that array, which lives in no workspace, reaches the dropout layer's
 * output and fails DL4J's workspace validation ("array is defined in incorrect workspace"). With the copy every
 * ordering runs inference in workspaces, whose memory is reused batch after batch; without workspaces each test batch
 * allocated fresh off-heap activations that only the garbage collector freed (3.6 GB per evaluation pass of the
 * reference CNN on 10,000 images). Numerically the identity; it has no parameters.
 */
public final class InputCopy implements InputPreProcessor {

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, input);
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        // Null when no layer computed the input's gradient (LeadingConvolution).
        return output == null ? null : workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, output);
    }

    @Override
    public InputCopy clone() {
        return new InputCopy();
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        return inputType;
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                         int minibatchSize) {
        return new Pair<>(maskArray, currentMaskState);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputCopy;
    }

    @Override
    public int hashCode() {
        return InputCopy.class.hashCode();
    }
}
