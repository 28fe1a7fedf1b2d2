package org.ordersweep.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/** A DL4J training hook for networks trained on DataSets: ordersweep's never see MultiDataSets. */
abstract class DataSetHook implements TrainingHook {

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
    }

    @Override
    public final void preUpdate(MultiDataSet minibatch, Model model) {
    }

    @Override
    public final void postUpdate(MultiDataSet minibatch, Model model) {
    }
}
