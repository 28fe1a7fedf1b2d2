package org.ordersweep.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The training step of DL4J's softmax output layer with cross-entropy loss, its numbers DL4J's bit for bit. DL4J
 * 1.0.0-M2 computes the layer's pre-output (a matrix product and the bias) and its softmax twice per step, once for
 * the gradient and once for the score, and reaches the gradient and the score through copies, clipping and products
 * that are each an ND4J op: 19 ops for a 32 x 10 array, each with its fixed cost. Here the backward pass computes the
 * pre-output and the softmax once and keeps the probabilities (a few hundred floats) for the score; the subtraction of
 * the labels, the clipping and the product with the labels, exact in float, are done in Java, and the rest (the
 * matrix products, the bias's column sums, the logarithm, the sum) by the same ND4J ops as DL4J's: 9 ops in all.
 * Inference, other losses and activations, masks, weights and other data types run DL4J's own code.
 */
final class SoftmaxOutputLayer extends OutputLayer {

    /** The backward pass's probabilities and labels, for the score of the same input; null when DL4J's code ran. */
    private Scored scored;

    private record Scored(INDArray input, INDArray labels, long[] shape, float[] probabilities, float[] labelValues) {
    }

    SoftmaxOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private boolean fusable() {
        org.deeplearning4j.nn.conf.layers.OutputLayer c = layerConf();
        return c.getLossFn() instanceof LossMCXENT loss && loss.getWeights() == null
                && c.getActivationFn() instanceof ActivationSoftmax && maskArray == null && dataType == DataType.FLOAT
                && input != null && input.rank() == 2 && input.dataType() == dataType
                && labels != null && labels.rank() == 2 && DenseFloats.applicable(labels)
                && labels.size(0) == input.size(0) && labels.size(1) == c.getNOut();
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr ws) {
        scored = null;
        if (!fusable()) {
            return super.backpropGradient(epsilon, ws);
        }
        assertInputSet(true);
        INDArray preOut = preOutput2d(true, ws);
        INDArray probabilities = ws.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, preOut.shape(), 'c');
        Nd4j.exec(new SoftMax(preOut, probabilities));
        float[] p = floats(probabilities);
        float[] y = floats(labels);
        // The loss's gradient with respect to the pre-output: probabilities minus labels.
        float[] d = new float[p.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = p[i] - y[i];
        }
        INDArray delta = ws.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, preOut.shape(), 'c');
        DenseFloats.of(delta).put(d);

        INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, true, ws);
        Pair<Gradient, INDArray> gradients = LinearGradients.of(input, delta, w, gradientViews, hasBias(), true, ws);
        scored = new Scored(input, labels, preOut.shape(), p, y);
        return new Pair<>(gradients.getFirst(), backpropDropOutIfPresent(gradients.getSecond()));
    }

    /**
     * After the backward pass of the same input and labels (as DL4J's training step calls it), the score from the
     * probabilities kept: DL4J's LossMCXENT score, {@code -sum(labels * log(clip(p)))}, then the regularisation term
     * and the division by the minibatch, in the same order.
     */
    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr ws) {
        Scored s = scored;
        scored = null;
        if (s == null || !training || s.input() != input || s.labels() != labels || !fusable()) {
            return super.computeScore(fullNetRegTerm, training, ws);
        }
        double clipEps = ((LossMCXENT) layerConf().getLossFn()).getSoftmaxClipEps();
        float[] logs = clip(s.probabilities(), clipEps);
        INDArray work = ws.createUninitialized(ArrayType.FF_WORKING_MEM, dataType, s.shape(), 'c');
        FloatBuffer buffer = DenseFloats.of(work);
        buffer.put(0, logs);
        Transforms.log(work, false);
        buffer.get(0, logs);
        float[] y = s.labelValues();
        for (int i = 0; i < logs.length; i++) {
            logs[i] *= y[i];
        }
        buffer.put(0, logs);
        double score = -work.sumNumber().doubleValue();
        score += fullNetRegTerm;
        if (conf().isMiniBatch()) {
            score /= getInputMiniBatchSize();
        }
        this.score = score;
        return score;
    }

    /**
     * LossMCXENT's clipping of the softmax, as its two replaceWhere ops do it in float: values below eps become eps,
     * then values above 1 - eps become 1 - eps (which in float is 1, so nothing changes there). A copy.
     */
    static float[] clip(float[] probabilities, double eps) {
        float[] c = Arrays.copyOf(probabilities, probabilities.length);
        if (eps <= 0) {
            return c;
        }
        float low = (float) eps;
        float high = (float) (1.0 - eps);
        for (int i = 0; i < c.length; i++) {
            if (c[i] < low) {
                c[i] = low;
            }
            if (c[i] > high) {
                c[i] = high;
            }
        }
        return c;
    }

    @Override
    public void setInput(INDArray input, LayerWorkspaceMgr ws) {
        scored = null;
        super.setInput(input, ws);
    }

    @Override
    public void setLabels(INDArray labels) {
        scored = null;
        super.setLabels(labels);
    }

    @Override
    public void clear() {
        scored = null;
        super.clear();
    }

    private static float[] floats(INDArray dense) {
        float[] v = new float[(int) dense.length()];
        DenseFloats.of(dense).get(0, v);
        return v;
    }
}
