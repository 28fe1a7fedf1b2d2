package org.ordersweep.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * DL4J's batch normalization with a faster training step for channels-last 4D input ({@link FusedBatchNormLayer}).
 * Everything else is DL4J's own: parameters and their initialisation, the running statistics (updated through their
 * "gradients", which parameter averaging averages like any parameter), inference, serialisation (this class's name
 * goes into the saved configuration), the defaults of {@link BatchNormalization.Builder}.
 */
public class FusedBatchNorm extends BatchNormalization {

    /** DL4J's defaults (decay 0.9, eps 1e-5, log10 std running statistics), channels-last. */
    public FusedBatchNorm() {
        this(CNN2DFormat.NHWC);
    }

    /**
     * @param format NHWC for maps; NCHW for a dense layer's features, which DL4J's own code (inference) views as
     *               N x features x 1 x 1
     */
    public FusedBatchNorm(CNN2DFormat format) {
        setCnn2DFormat(format);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNOutSet("FusedBatchNorm", getLayerName(), layerIndex, getNOut());
        return LayerWiring.wire(new FusedBatchNormLayer(conf, networkDataType), conf, listeners, layerIndex,
                layerParamsView, initializeParams, initializer());
    }

    @Override
    public FusedBatchNorm clone() {
        return (FusedBatchNorm) super.clone();
    }
}
