package org.ordersweep.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/** Batches and single gradient steps for comparing a lever's layers with DL4J's, the same on both networks. */
final class GradientSteps {

    private GradientSteps() {
    }

    /** n channels-last images of Gaussian values from Java's generator, with one random class each. */
    static DataSet batch(long seed, int n, int height, int width, int channels, int classes) {
        Random r = new Random(seed);
        float[] x = new float[n * height * width * channels];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, classes);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, r.nextInt(classes), 1.0);
        }
        return new DataSet(Nd4j.create(x, new long[] {n, height, width, channels}, 'c'), y);
    }

    /** One gradient and score for the batch, dropout drawn from {@code dropoutSeed}: the ND4J ops it ran. */
    static long opsOfOneGradient(MultiLayerNetwork net, DataSet d, long dropoutSeed) {
        net.setInput(d.getFeatures());
        net.setLabels(d.getLabels());
        Nd4j.getRandom().setSeed(dropoutSeed);
        long before = FencedOpExecutioner.opsExecuted();
        net.computeGradientAndScore();
        return FencedOpExecutioner.opsExecuted() - before;
    }
}
