package org.ordersweep.model;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.InputShape;
import org.ordersweep.domain.Ordering;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link JavaAdam} against DL4J's Adam: the same moments and updates, step after step, alone and in a network. */
class JavaAdamTest {

    private static INDArray gradient(Random r, long n, int scale) {
        float[] g = new float[(int) n];
        for (int i = 0; i < g.length; i++) {
            // Gradients over several orders of magnitude, zeros and signs, as a network's are.
            g[i] = i % 17 == 0 ? 0f : (float) (r.nextGaussian() * Math.pow(10, -(i % scale)));
        }
        return Nd4j.create(g, new long[] {1, n}, 'c');
    }

    /** The two updaters side by side over {@code steps} steps: the largest relative difference seen. */
    private static double largestDifference(Adam dl4jConfig, JavaAdam javaConfig, int n, int steps, int firstIteration) {
        INDArray dl4jState = Nd4j.zeros(DataType.FLOAT, 1, 2L * n);
        INDArray javaState = Nd4j.zeros(DataType.FLOAT, 1, 2L * n);
        GradientUpdater<?> dl4j = dl4jConfig.instantiate(dl4jState, true);
        GradientUpdater<?> java = javaConfig.instantiate(javaState, true);
        assertInstanceOf(JavaAdam.Updater.class, java);
        Random r = new Random(5);
        double largest = 0;
        for (int s = 0; s < steps; s++) {
            INDArray g = gradient(r, n, 6);
            INDArray a = g.dup();
            INDArray b = g.dup();
            dl4j.applyUpdater(a, firstIteration + s, 0);
            java.applyUpdater(b, firstIteration + s, 0);
            largest = Math.max(largest, relative(a, b));
            largest = Math.max(largest, relative(dl4jState, javaState));
        }
        return largest;
    }

    private static double relative(INDArray expected, INDArray actual) {
        float[] e = expected.toFloatVector();
        float[] a = actual.toFloatVector();
        assertEquals(e.length, a.length);
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            double scale = Math.max(Math.abs(e[i]), Float.MIN_NORMAL);
            worst = Math.max(worst, Math.abs(e[i] - a[i]) / scale);
        }
        return worst;
    }

    @Test
    void updatesAndMomentsEqualDl4jsAdam() {
        // Bit for bit: the same float arithmetic in the same order (the bias correction's power, Java's pow against
        // C's powf, could differ in its last bit; on this platform it does not).
        assertTrue(largestDifference(new Adam(1e-3), new JavaAdam(1e-3), 1003, 20, 0) == 0);
        assertTrue(largestDifference(new Adam(1e-2), new JavaAdam(1e-2), 257, 5, 5000) == 0);
        // Around and across the loop's chunks of 4,096, whose loop the JIT vectorises.
        for (int n : new int[] {4095, 4096, 4097, 10_003}) {
            assertTrue(largestDifference(new Adam(1e-3), new JavaAdam(1e-3), n, 3, 0) == 0, n + " parameters");
        }
        Adam custom = new Adam(3e-3, 0.8, 0.99, 1e-6);
        JavaAdam javaCustom = new JavaAdam(3e-3);
        javaCustom.setBeta1(0.8);
        javaCustom.setBeta2(0.99);
        javaCustom.setEpsilon(1e-6);
        assertTrue(largestDifference(custom, javaCustom, 64, 10, 0) == 0);
    }

    @Test
    void aScheduledLearningRateIsTheScheduleOfThatIteration() {
        ExponentialSchedule schedule = new ExponentialSchedule(ScheduleType.ITERATION, 1e-2, 0.5);
        JavaAdam java = new JavaAdam();
        java.setLearningRateSchedule(schedule);
        assertTrue(largestDifference(new Adam(schedule), java, 100, 6, 0) == 0);
        assertEquals(schedule, java.clone().getLearningRateSchedule());
    }

    @Test
    void aStridedGradientRunsDl4jsOp() {
        // A gradient that is every other element of a larger array is not dense: DL4J's op updates it.
        int n = 40;
        INDArray dl4jState = Nd4j.zeros(DataType.FLOAT, 1, 2L * n);
        INDArray javaState = Nd4j.zeros(DataType.FLOAT, 1, 2L * n);
        GradientUpdater<?> dl4j = new Adam(1e-3).instantiate(dl4jState, true);
        GradientUpdater<?> java = new JavaAdam(1e-3).instantiate(javaState, true);
        INDArray wide = gradient(new Random(3), 2L * n, 3).reshape(n, 2);
        INDArray a = wide.dup().getColumn(0).reshape(1, n);
        INDArray b = wide.dup().getColumn(0).reshape(1, n);
        assertTrue(!DenseFloats.applicable(b) || b.isView());
        dl4j.applyUpdater(a, 0, 0);
        java.applyUpdater(b, 0, 0);
        assertEquals(a, b);
        assertEquals(dl4jState, javaState);
    }

    @Test
    void aNetworkTrainsAsWithDl4jsAdamAndKeepsItsUpdaterThroughJson() {
        SweepConfig.Model model = ConfigLoader.load(null, List.of("model.filters=[4,6]", "model.dense=8")).model();
        InputShape shape = new InputShape(2, 8, 8, 3);
        TrainingStep javaAdamOnly = TrainingStep.with(5);
        MultiLayerConfiguration conf = NetworkFactory.build(Ordering.parse("conv>bn>act>pool>dropout"),
                ActivationKind.RELU, model, 1e-2, shape, 7L, javaAdamOnly);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        assertInstanceOf(JavaAdam.class, ((org.deeplearning4j.nn.conf.layers.BaseLayer) back.getConf(0).getLayer())
                .getIUpdater());
        MultiLayerNetwork reference = new MultiLayerNetwork(NetworkFactory.build(Ordering.parse(
                "conv>bn>act>pool>dropout"), ActivationKind.RELU, model, 1e-2, shape, 7L, TrainingStep.DL4J));
        reference.init();
        MultiLayerNetwork candidate = new MultiLayerNetwork(conf);
        candidate.init();
        assertEquals(reference.params(), candidate.params());
        Random r = new Random(9);
        for (int s = 0; s < 5; s++) {
            float[] x = new float[12 * 8 * 8 * 2];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            INDArray y = Nd4j.zeros(DataType.FLOAT, 12, 3);
            for (int i = 0; i < 12; i++) {
                y.putScalar(i, (i + s) % 3, 1.0);
            }
            DataSet d = new DataSet(Nd4j.create(x, new long[] {12, 8, 8, 2}, 'c'), y);
            Nd4j.getRandom().setSeed(40 + s);
            reference.fit(d);
            Nd4j.getRandom().setSeed(40 + s);
            candidate.fit(d);
        }
        assertEquals(reference.params(), candidate.params(), "parameters after five Adam steps");
        assertEquals(reference.getUpdater().getStateViewArray(), candidate.getUpdater().getStateViewArray());
    }
}
