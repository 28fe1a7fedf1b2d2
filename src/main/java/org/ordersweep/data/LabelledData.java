package org.ordersweep.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Examples in NCHW layout (channels x height x width each, values scaled to [0, 1] for images) with class labels
 * 0..classes-1. Sequences are stored with height 1: channels are the features of a time step, width is time.
 */
public record LabelledData(float[] features, int[] labels, int channels, int height, int width, int classes)
        implements java.io.Serializable {

    public org.ordersweep.model.InputShape shape() {
        return new org.ordersweep.model.InputShape(channels, height, width, classes);
    }

    public int size() {
        return labels.length;
    }

    public int exampleLength() {
        return channels * height * width;
    }

    /** The first {@code n} examples (all when n is 0 or larger than the data). */
    public LabelledData limit(int n) {
        if (n <= 0 || n >= size()) {
            return this;
        }
        float[] f = new float[n * exampleLength()];
        System.arraycopy(features, 0, f, 0, f.length);
        int[] l = new int[n];
        System.arraycopy(labels, 0, l, 0, n);
        return new LabelledData(f, l, channels, height, width, classes);
    }

    /**
     * Splits off a pseudo-random, reproducible share of the examples as a validation set, for decisions that must not
     * look at the test set. (Every k-th example would not do: the embedded data is interleaved by class, so every
     * 10th image is of the same class.) Returns {rest, validation}.
     */
    public LabelledData[] splitValidation(double fraction) {
        boolean[] held = new boolean[size()];
        int nVal = 0;
        for (int i = 0; i < size(); i++) {
            held[i] = (org.ordersweep.plan.Seeds.derive(0x5EEDL, i) % 1_000_000) < fraction * 1_000_000;
            nVal += held[i] ? 1 : 0;
        }
        int len = exampleLength();
        float[] vf = new float[nVal * len];
        int[] vl = new int[nVal];
        float[] rf = new float[(size() - nVal) * len];
        int[] rl = new int[size() - nVal];
        int v = 0;
        int r = 0;
        for (int i = 0; i < size(); i++) {
            if (held[i]) {
                System.arraycopy(features, i * len, vf, v * len, len);
                vl[v++] = labels[i];
            } else {
                System.arraycopy(features, i * len, rf, r * len, len);
                rl[r++] = labels[i];
            }
        }
        return new LabelledData[]{new LabelledData(rf, rl, channels, height, width, classes),
                new LabelledData(vf, vl, channels, height, width, classes)};
    }

    /** Images as sequences: each image row is a time step whose features are that row's pixels. */
    public LabelledData rowsAsTimeSteps() {
        if (channels != 1) {
            throw new IllegalStateException("rowsAsTimeSteps needs single-channel images");
        }
        float[] f = new float[features.length];
        int len = exampleLength();
        for (int n = 0; n < size(); n++) {
            for (int row = 0; row < height; row++) {
                for (int col = 0; col < width; col++) {
                    // source [n][0][row][col] -> target [n][channel=col][0][time=row]
                    f[n * len + col * height + row] = features[n * len + row * width + col];
                }
            }
        }
        return new LabelledData(f, labels, width, 1, height, classes);
    }

    /** All examples as one DataSet (features channels-last, NHWC, as the networks take them; one-hot labels). */
    public DataSet toDataSet() {
        return slice(0, size());
    }

    /** Minibatches of {@code batchSize} in the data's order; the last one may be smaller. */
    public List<DataSet> batches(int batchSize) {
        List<DataSet> out = new ArrayList<>();
        for (int from = 0; from < size(); from += batchSize) {
            out.add(slice(from, Math.min(size(), from + batchSize)));
        }
        return out;
    }

    private DataSet slice(int from, int to) {
        int n = to - from;
        int len = exampleLength();
        float[] f = new float[n * len];
        System.arraycopy(features, from * len, f, 0, f.length);
        // Stored channels-first per example; the networks take channels-last (NetworkFactory.LAYOUT).
        INDArray x = Nd4j.create(f, new long[]{n, channels, height, width}, 'c');
        x = channels == 1 ? x.reshape('c', n, height, width, 1) : x.permute(0, 2, 3, 1).dup('c');
        float[] oneHot = new float[n * classes];
        for (int i = 0; i < n; i++) {
            oneHot[i * classes + labels[from + i]] = 1f;
        }
        INDArray y = Nd4j.create(oneHot, new long[]{n, classes}, 'c');
        return new DataSet(x, y);
    }

    /** SHA-256 of shape, features and labels: identifies the data a result was computed on. */
    public String hash() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer header = ByteBuffer.allocate(20).putInt(size()).putInt(channels).putInt(height).putInt(width)
                    .putInt(classes);
            md.update(header.array());
            ByteBuffer buf = ByteBuffer.allocate(features.length * 4);
            buf.asFloatBuffer().put(features);
            md.update(buf.array());
            ByteBuffer lb = ByteBuffer.allocate(labels.length * 4);
            lb.asIntBuffer().put(labels);
            md.update(lb.array());
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
