package org.ordersweep.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/** What DL4J's layer configurations do in {@code instantiate} after creating their layer, for ordersweep's layers. */
final class LayerWiring {

    private LayerWiring() {
    }

    static Layer wire(Layer layer, NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                      INDArray paramsView, boolean initializeParams, ParamInitializer initializer) {
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(initializer.init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }
}
