package org.ordersweep.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.InputShape;
import org.ordersweep.domain.Ordering;
import org.ordersweep.domain.Placement;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SoftmaxOutput} against DL4J's output layer: the same gradients, scores and outputs bit for bit, in a
 * network and in a graph, with probabilities small enough to be clipped, and for a score asked without a backward
 * pass before it.
 */
class SoftmaxOutputTest {

    private static final SweepConfig.Model MODEL = ConfigLoader.load(null,
            List.of("model.filters=[4,6]", "model.dense=8")).model();
    private static final InputShape SHAPE = new InputShape(2, 8, 8, 5);
    private static final TrainingStep OUTPUT_ONLY = TrainingStep.with(6);

    private static MultiLayerNetwork net(TrainingStep step) {
        MultiLayerConfiguration conf = NetworkFactory.build(Ordering.parse("conv>bn>act>pool>dropout"),
                ActivationKind.RELU, MODEL, 1e-2, SHAPE, 11L, step);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static DataSet batch(long seed, int n) {
        Random r = new Random(seed);
        float[] x = new float[n * 8 * 8 * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 0.5);
        }
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 5);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, r.nextInt(5), 1.0);
        }
        return new DataSet(Nd4j.create(x, new long[] {n, 8, 8, 2}, 'c'), y);
    }

    private static void gradientAndScore(MultiLayerNetwork net, DataSet d, long dropoutSeed) {
        net.setInput(d.getFeatures());
        net.setLabels(d.getLabels());
        Nd4j.getRandom().setSeed(dropoutSeed);
        net.computeGradientAndScore();
    }

    @Test
    void aNetworksGradientsScoresAndOutputsAreDl4jsBitForBit() {
        MultiLayerNetwork reference = net(TrainingStep.DL4J);
        MultiLayerNetwork candidate = net(OUTPUT_ONLY);
        assertInstanceOf(SoftmaxOutputLayer.class, candidate.getOutputLayer());
        BitForBit.assertIdentical(reference.params(), candidate.params(), "parameters");
        for (int s = 0; s < 4; s++) {
            DataSet d = batch(s, s == 3 ? 7 : 12); // the last one a smaller batch, as an epoch's last
            gradientAndScore(reference, d, 40 + s);
            gradientAndScore(candidate, d, 40 + s);
            BitForBit.assertIdentical(reference.gradient().gradientForVariable(),
                        candidate.gradient().gradientForVariable(), "gradients");
            assertEquals(reference.score(), candidate.score(), 0.0, "step " + s);
            reference.params().subi(reference.gradient().gradient().mul(0.1));
            candidate.params().subi(candidate.gradient().gradient().mul(0.1));
        }
        // Fits through DL4J's own loop (its updater, workspaces and score), then inference and a score asked for
        // without a backward pass before it.
        for (int s = 0; s < 3; s++) {
            Nd4j.getRandom().setSeed(70 + s);
            reference.fit(batch(10 + s, 12));
            Nd4j.getRandom().setSeed(70 + s);
            candidate.fit(batch(10 + s, 12));
            assertEquals(reference.score(), candidate.score(), 0.0);
        }
        BitForBit.assertIdentical(reference.params(), candidate.params(), "parameters");
        DataSet test = batch(99, 9);
        BitForBit.assertIdentical(reference.output(test.getFeatures(), false),
                candidate.output(test.getFeatures(), false), "output");
        assertEquals(reference.score(test), candidate.score(test), 0.0);
        Nd4j.getRandom().setSeed(5);
        double expected = reference.score(test, true); // dropout on: the same masks for both
        Nd4j.getRandom().setSeed(5);
        assertEquals(expected, candidate.score(test, true), 0.0);
    }

    @Test
    void probabilitiesBelowTheClippingEpsilonScoreAsDl4jsDo() {
        MultiLayerNetwork reference = net(TrainingStep.DL4J);
        MultiLayerNetwork candidate = net(OUTPUT_ONLY);
        // Large output weights: softmax probabilities far below LossMCXENT's 1e-10, which it clips before the log.
        INDArray w = reference.getOutputLayer().getParam("W");
        w.muli(400);
        candidate.getOutputLayer().getParam("W").assign(w);
        DataSet d = batch(5, 12);
        gradientAndScore(reference, d, 3);
        gradientAndScore(candidate, d, 3);
        INDArray probabilities = reference.output(d.getFeatures(), true);
        assertTrue(probabilities.minNumber().doubleValue() < 1e-10, "some probabilities are clipped");
        assertTrue(reference.score() > 5, "and the score is large: " + reference.score());
        assertEquals(reference.score(), candidate.score(), 0.0);
        BitForBit.assertIdentical(reference.gradient().gradientForVariable(),
                        candidate.gradient().gradientForVariable(), "gradients");
    }

    @Test
    void clippingIsLossMcxentsReplaceWhereInFloat() {
        float eps = (float) 1e-10;
        float[] values = {0f, Float.MIN_VALUE, 1e-30f, Math.nextDown(eps), eps, Math.nextUp(eps), 1e-9f, 0.5f,
                Math.nextDown(1f), 1f, Math.nextUp(1f), Float.NaN};
        for (double clip : new double[] {1e-10, 1e-6, 0.25, 0.0}) {
            INDArray a = Nd4j.create(values, new long[] {1, values.length}, 'c');
            if (clip > 0) {
                BooleanIndexing.replaceWhere(a, clip, Conditions.lessThan(clip));
                BooleanIndexing.replaceWhere(a, 1.0 - clip, Conditions.greaterThan(1.0 - clip));
            }
            float[] expected = a.toFloatVector();
            float[] actual = SoftmaxOutputLayer.clip(values, clip);
            for (int i = 0; i < values.length; i++) {
                assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]),
                        "clip " + clip + ", value " + values[i] + ": " + expected[i] + " against " + actual[i]);
            }
        }
    }

    @Test
    void aGraphsGradientsAndScoreAreDl4jsBitForBit() {
        SweepConfig.Model m = ConfigLoader.load(null, List.of("model.stages=[{placements = [original], sizes = [3],"
                + " swept = true}]", "model.head=global-average")).model();
        InputShape shape = new InputShape(3, 8, 8, 4);
        ComputationGraph reference = graph(m, shape, TrainingStep.DL4J);
        ComputationGraph candidate = graph(m, shape, OUTPUT_ONLY);
        assertInstanceOf(SoftmaxOutputLayer.class, candidate.getOutputLayer(0));
        Nd4j.getRandom().setSeed(8);
        INDArray x = Nd4j.randn(DataType.FLOAT, 6, 8, 8, 3);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 6, 4);
        for (int i = 0; i < 6; i++) {
            y.putScalar(i, (i * 3) % 4, 1.0);
        }
        for (ComputationGraph g : List.of(reference, candidate)) {
            g.setInputs(x);
            g.setLabels(y);
            g.computeGradientAndScore();
        }
        BitForBit.assertIdentical(reference.gradient().gradientForVariable(),
                        candidate.gradient().gradientForVariable(), "gradients");
        assertEquals(reference.score(), candidate.score(), 0.0);
        BitForBit.assertIdentical(reference.output(false, x)[0], candidate.output(false, x)[0], "output");
    }

    private static ComputationGraph graph(SweepConfig.Model m, InputShape shape, TrainingStep step) {
        ComputationGraphConfiguration conf = NetworkFactory.graph(Placement.ORIGINAL.unit(), ActivationKind.RELU, m,
                1e-3, shape, 5L, step);
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }
}
