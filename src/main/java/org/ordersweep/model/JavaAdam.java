package org.ordersweep.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * DL4J's Adam with its update computed in Java. DL4J 1.0.0-M2 runs libnd4j's adam_updater op, whose loop over the
 * parameters is scalar (a square root and a division per element); the same arithmetic in a Java loop over the
 * gradient and the two moments, in float and in libnd4j's order of operations, is several times faster, and a few
 * times more again over chunks copied into Java arrays ({@link Chunks}), which the JIT vectorises. The moments
 * live where DL4J keeps them (the updater's state view), so checkpoints, parameter averaging and resuming see
 * DL4J's layout. The numbers are DL4J's bit for bit (JavaAdamTest); only the step size's bias correction takes
 * Java's pow where libnd4j takes C's powf, which could differ in a last bit elsewhere. Arrays that are not dense
 * floats run DL4J's op.
 */
public class JavaAdam extends Adam {

    /** For configurations read back from JSON. */
    public JavaAdam() {
    }

    public JavaAdam(double learningRate) {
        super(learningRate);
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        Updater u = new Updater(this);
        long[] gradientShape = Arrays.copyOf(viewArray.shape(), viewArray.rank());
        gradientShape[1] /= 2; // the view holds both moments side by side, as DL4J's Adam lays them out
        u.setStateViewArray(viewArray, gradientShape, viewArray.ordering(), initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> state, boolean initializeStateArrays) {
        Updater u = new Updater(this);
        u.setState(state, initializeStateArrays);
        return u;
    }

    @Override
    public JavaAdam clone() {
        JavaAdam c = new JavaAdam(getLearningRate());
        c.setLearningRateSchedule(getLearningRateSchedule() == null ? null : getLearningRateSchedule().clone());
        c.setBeta1(getBeta1());
        c.setBeta2(getBeta2());
        c.setEpsilon(getEpsilon());
        return c;
    }

    static final class Updater extends AdamUpdater {

        Updater(Adam config) {
            super(config);
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            INDArray m = getM();
            INDArray v = getV();
            if (m == null || v == null || !DenseFloats.applicable(gradient) || !DenseFloats.applicable(m)
                    || !DenseFloats.applicable(v) || m.length() != gradient.length()
                    || v.length() != gradient.length()) {
                super.applyUpdater(gradient, iteration, epoch);
                return;
            }
            Adam c = getConfig();
            update(DenseFloats.of(gradient), DenseFloats.of(m), DenseFloats.of(v),
                    (float) c.getLearningRate(iteration, epoch), (float) c.getBeta1(), (float) c.getBeta2(),
                    (float) c.getEpsilon(), iteration);
        }
    }

    /**
     * One Adam step in place, as libnd4j's adam_updater computes it in float: the moments m and v updated, and the
     * gradient g replaced by the update the network subtracts from its parameters.
     */
    static void update(FloatBuffer g, FloatBuffer m, FloatBuffer v, float lr, float beta1, float beta2,
                       float epsilon, int iteration) {
        float eps = epsilon == 0 ? 1e-7f : epsilon;
        float t = (float) iteration + 1;
        float beta1T = (float) Math.pow(beta1, t);
        float beta2T = (float) Math.pow(beta2, t);
        // libnd4j: lr * sqrt<float>(1. - beta2T) / (1.0 - beta1T), the division in double.
        float stepSize = (float) ((lr * (float) Math.sqrt((float) (1.0 - beta2T))) / (1.0 - beta1T));
        if (Float.isNaN(stepSize) || stepSize == 0 || Float.isInfinite(stepSize)) {
            stepSize = eps;
        }
        float keep1 = 1 - beta1;
        float keep2 = 1 - beta2;
        int n = g.limit();
        Chunks chunks = Chunks.ofThisThread();
        float[] gc = chunks.first;
        float[] mc = chunks.second;
        float[] vc = chunks.third;
        for (int start = 0; start < n; start += Chunks.SIZE) {
            int len = Math.min(Chunks.SIZE, n - start);
            g.get(start, gc, 0, len);
            m.get(start, mc, 0, len);
            v.get(start, vc, 0, len);
            for (int i = 0; i < len; i++) {
                float gi = gc[i];
                float mi = beta1 * mc[i] + gi * keep1;
                float vi = beta2 * vc[i] + gi * gi * keep2;
                mc[i] = mi;
                vc[i] = vi;
                gc[i] = (mi * stepSize) / ((float) Math.sqrt(vi) + eps);
            }
            g.put(start, gc, 0, len);
            m.put(start, mc, 0, len);
            v.put(start, vc, 0, len);
        }
    }
}
