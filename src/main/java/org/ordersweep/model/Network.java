package org.ordersweep.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A trial's network, whichever DL4J class runs it: a {@link MultiLayerNetwork} for a stack of layers, a
 * {@link ComputationGraph} when residual units give it shortcuts. Training, evaluation and checkpoints see only this.
 */
public sealed interface Network {

    static Network of(MultiLayerNetwork net) {
        return new Sequential(net);
    }

    static Network of(ComputationGraph graph) {
        return new Graph(graph);
    }

    /** DL4J's model, for what needs it as such (Spark's trainers, the serializer). */
    Model model();

    /** One training step on a minibatch. */
    void fit(DataSet batch);

    /** The loss of the last minibatch fitted. */
    double score();

    /**
     * A forward pass that leaves its input alone: every network copies its input first ({@link InputCopy}), because
     * DL4J 1.0.0-M2 applies a first activation layer in place on the network's input, and shared data such as the
     * test set every trial evaluates on would be silently transformed (tanh applied again at each pass). The output
     * is a new array outside any workspace, owned by the caller.
     */
    INDArray output(INDArray features, boolean training);

    long numParams();

    /** The parameters as one vector (a view: copy it to keep it). */
    INDArray params();

    void setParams(INDArray params);

    /** The gradient of the loss on these examples with respect to every parameter, as one new vector. */
    INDArray gradient(INDArray features, INDArray labels);

    /** Lets go of the last input and labels the network kept. */
    void clear();

    /**
     * Frees the network's parameters, gradients and updater state now, instead of whenever the collector next runs
     * (ND4J frees an array's native memory when its Java object is collected): a trial's largest arrays, given back as
     * it ends. DL4J's own close() does the same but also destroys the thread's workspaces and runs two full
     * collections. The network must not be used after.
     */
    default void release() {
        // Read before clear(): a MultiLayerNetwork's clear() also drops its solver, and with it the updater.
        INDArray[] arrays = {params(), model().getGradientsViewArray(), updaterState()};
        clear();
        for (INDArray a : arrays) {
            if (a != null && a.closeable()) {
                a.close();
            }
        }
    }

    /** The network's layers in order (a graph's in its topological order). */
    Layer[] layers();

    /** The updater's state (Adam's moments) as one array; null before the updater exists. */
    INDArray updaterState();

    private static INDArray stateOf(Object updater) {
        return updater instanceof BaseMultiLayerUpdater<?> u ? u.getStateViewArray() : null;
    }

    /** Writes the network with its updater state, as DL4J's model file. */
    default void write(OutputStream out) throws IOException {
        ModelSerializer.writeModel(model(), out, true);
    }

    /** Reads what {@link #write} wrote; {@code graph} says which kind it was. */
    static Network read(InputStream in, boolean graph) throws IOException {
        return graph ? of(ModelSerializer.restoreComputationGraph(in, true))
                : of(ModelSerializer.restoreMultiLayerNetwork(in, true));
    }

    record Sequential(MultiLayerNetwork net) implements Network {
        @Override
        public Model model() {
            return net;
        }

        @Override
        public void fit(DataSet batch) {
            net.fit(batch);
        }

        @Override
        public double score() {
            return net.score();
        }

        @Override
        public INDArray output(INDArray features, boolean training) {
            return net.output(features, training);
        }

        @Override
        public long numParams() {
            return net.numParams();
        }

        @Override
        public INDArray params() {
            return net.params();
        }

        @Override
        public void setParams(INDArray params) {
            net.setParams(params);
        }

        @Override
        public INDArray gradient(INDArray features, INDArray labels) {
            net.setInput(features);
            net.setLabels(labels);
            net.computeGradientAndScore();
            return net.gradient().gradient().dup();
        }

        @Override
        public void clear() {
            net.clear();
        }

        @Override
        public Layer[] layers() {
            return net.getLayers();
        }

        @Override
        public INDArray updaterState() {
            return stateOf(net.getUpdater(false));
        }
    }

    record Graph(ComputationGraph graph) implements Network {
        @Override
        public Model model() {
            return graph;
        }

        @Override
        public void fit(DataSet batch) {
            graph.fit(batch);
        }

        @Override
        public double score() {
            return graph.score();
        }

        @Override
        public INDArray output(INDArray features, boolean training) {
            return graph.outputSingle(training, features);
        }

        @Override
        public long numParams() {
            return graph.numParams();
        }

        @Override
        public INDArray params() {
            return graph.params();
        }

        @Override
        public void setParams(INDArray params) {
            graph.setParams(params);
        }

        @Override
        public INDArray gradient(INDArray features, INDArray labels) {
            graph.setInputs(features);
            graph.setLabels(labels);
            graph.computeGradientAndScore();
            return graph.gradient().gradient().dup();
        }

        @Override
        public void clear() {
            graph.clear();
        }

        @Override
        public Layer[] layers() {
            return graph.getLayers();
        }

        @Override
        public INDArray updaterState() {
            return stateOf(graph.getUpdater(false));
        }
    }
}
