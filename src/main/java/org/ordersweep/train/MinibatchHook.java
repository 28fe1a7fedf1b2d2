package org.ordersweep.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.ordersweep.model.FencedOpExecutioner;
import org.ordersweep.model.OpenMpThreads;

/**
 * A DL4J training hook that sees every minibatch the same way, whichever form DL4J hands it in: a stack of layers
 * trains on DataSets, but a graph on MultiDataSets (SparkComputationGraph converts each DataSet). A hook that answered
 * only one form would silently do nothing for the other kind of network. Before each minibatch it checks the JVM's
 * {@link ResidentCeiling}, as the trial-parallel loop does, and gives DL4J's worker thread OpenMP's count from
 * {@code OMP_NUM_THREADS} ({@link OpenMpThreads}: any executor thread may be the one ND4J started on).
 */
abstract class MinibatchHook implements TrainingHook {

    static {
        // Data-parallel executors build DL4J's own copy of the network, not NetworkFactory's; the hook arrives first.
        FencedOpExecutioner.install();
    }

    /** Before the update on a minibatch of these features and one-hot labels. */
    void before(INDArray features, INDArray labels) {
    }

    /** After the update on a minibatch of this many examples; the model's score is its loss. */
    void after(long examples, Model model) {
    }

    @Override
    public final void preUpdate(DataSet minibatch, Model model) {
        ResidentCeiling.check();
        OpenMpThreads.onThisThread();
        before(minibatch.getFeatures(), minibatch.getLabels());
    }

    @Override
    public final void postUpdate(DataSet minibatch, Model model) {
        after(minibatch.numExamples(), model);
    }

    @Override
    public final void preUpdate(MultiDataSet minibatch, Model model) {
        ResidentCeiling.check();
        OpenMpThreads.onThisThread();
        before(only(minibatch.getFeatures()), only(minibatch.getLabels()));
    }

    @Override
    public final void postUpdate(MultiDataSet minibatch, Model model) {
        after(only(minibatch.getFeatures()).size(0), model);
    }

    /** ordersweep's graphs have one input and one output. */
    private static INDArray only(INDArray[] arrays) {
        if (arrays.length != 1) {
            throw new IllegalStateException("a minibatch with " + arrays.length + " arrays, expected one");
        }
        return arrays[0];
    }
}
