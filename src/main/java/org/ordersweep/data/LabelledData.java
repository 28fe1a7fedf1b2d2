package org.ordersweep.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.ordersweep.domain.InputShape;
import org.ordersweep.plan.Seeds;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Examples in NCHW layout (channels x height x width each, values scaled to [0, 1] for images) with class labels
 * 0..classes-1. Sequences are stored with height 1: channels are the features of a time step, width is time.
 */
public record LabelledData(float[] features, int[] labels, int channels, int height, int width, int classes)
        implements Serializable {

    private static final int HASH_CHUNK = 1 << 16;

    public InputShape shape() {
        return new InputShape(channels, height, width, classes);
    }

    public int size() {
        return labels.length;
    }

    public int exampleLength() {
        return channels * height * width;
    }

    /**
     * A seeded sample of {@code n} examples that keeps the class proportions (largest remainder, so it has exactly n),
     * in the data's own order; all when n is 0 or not smaller than the data. Taking the first n instead would give a
     * class-sorted file (UCR files often are) a biased subset.
     */
    public LabelledData stratifiedSample(int n, long seed) {
        if (n <= 0 || n >= size()) {
            return this;
        }
        return select(positions(stratified(n, seed), true));
    }

    /**
     * Splits the examples into {rest, held out}: a stratified share {@code fraction} held out as for
     * {@link #stratifiedSample}, each part in the data's own order.
     */
    public LabelledData[] stratifiedSplit(double fraction, long seed) {
        int n = (int) Math.round(fraction * size());
        if (n <= 0 || n >= size()) {
            throw new IllegalArgumentException("a split of " + fraction + " leaves nothing on one side of "
                    + size() + " examples");
        }
        boolean[] held = stratified(n, seed);
        return new LabelledData[] {select(positions(held, false)), select(positions(held, true))};
    }

    private static int[] positions(boolean[] mask, boolean value) {
        int count = 0;
        for (boolean b : mask) {
            count += b == value ? 1 : 0;
        }
        int[] out = new int[count];
        int k = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] == value) {
                out[k++] = i;
            }
        }
        return out;
    }

    /** Which examples a stratified, seeded choice of {@code n} takes. */
    private boolean[] stratified(int n, long seed) {
        int[] perClass = new int[classes];
        for (int y : labels) {
            perClass[y]++;
        }
        int[] quota = new int[classes];
        double[] remainder = new double[classes];
        int given = 0;
        for (int c = 0; c < classes; c++) {
            double exact = (double) n * perClass[c] / size();
            quota[c] = (int) Math.floor(exact);
            remainder[c] = exact - quota[c];
            given += quota[c];
        }
        Integer[] byRemainder = new Integer[classes];
        for (int c = 0; c < classes; c++) {
            byRemainder[c] = c;
        }
        Arrays.sort(byRemainder, (a, b) -> remainder[a] != remainder[b]
                ? Double.compare(remainder[b], remainder[a]) : Integer.compare(a, b));
        for (int i = 0; given < n; i++, given++) {
            quota[byRemainder[i]]++;
        }
        // Within each class, a seeded random choice of its quota.
        boolean[] keep = new boolean[size()];
        for (int c = 0; c < classes; c++) {
            int[] members = new int[perClass[c]];
            int m = 0;
            for (int i = 0; i < size(); i++) {
                if (labels[i] == c) {
                    members[m++] = i;
                }
            }
            EpochBatches.shuffle(members, Seeds.derive(seed, c));
            for (int k = 0; k < quota[c]; k++) {
                keep[members[k]] = true;
            }
        }
        return keep;
    }

    /** Single-channel examples with their one plane repeated into {@code n} channels (grey as RGB, say). */
    public LabelledData withChannels(int n) {
        if (channels != 1) {
            throw new IllegalArgumentException("only single-channel data can be repeated into channels, not "
                    + channels);
        }
        int plane = height * width;
        float[] f = new float[Math.multiplyExact(features.length, n)];
        for (int i = 0; i < size(); i++) {
            for (int c = 0; c < n; c++) {
                System.arraycopy(features, i * plane, f, (i * n + c) * plane, plane);
            }
        }
        return new LabelledData(f, labels, n, height, width, classes);
    }

    /** The examples at these positions, in this order, as a new data set. */
    public LabelledData select(int[] positions) {
        int len = exampleLength();
        float[] f = new float[Math.multiplyExact(positions.length, len)];
        int[] l = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            System.arraycopy(features, positions[i] * len, f, i * len, len);
            l[i] = labels[positions[i]];
        }
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
            held[i] = (Seeds.derive(0x5EEDL, i) % 1_000_000) < fraction * 1_000_000;
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

    /** Minibatches of {@code batchSize} in the data's order; the last one may be smaller. For held-out data. */
    public List<DataSet> batches(int batchSize) {
        List<DataSet> out = new ArrayList<>();
        for (int from = 0; from < size(); from += batchSize) {
            out.add(slice(from, Math.min(size(), from + batchSize)));
        }
        return out;
    }

    private DataSet slice(int from, int to) {
        int[] positions = new int[to - from];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = from + i;
        }
        return gather(positions, 0, positions.length);
    }

    /**
     * The examples {@code positions[from..to)} as one minibatch: features channels-last (NHWC, as the networks take
     * them; {@link org.ordersweep.model.NetworkFactory#LAYOUT}), labels one-hot. The arrays are new and owned by the
     * caller, who can close them as soon as they are used.
     */
    public DataSet gather(int[] positions, int from, int to) {
        int n = to - from;
        int len = exampleLength();
        float[] f = new float[n * len];
        float[] oneHot = new float[n * classes];
        for (int i = 0; i < n; i++) {
            int p = positions[from + i];
            if (channels == 1) {
                System.arraycopy(features, p * len, f, i * len, len);
            } else {
                // stored [c][h][w] per example; NHWC is [h][w][c]
                int hw = height * width;
                for (int c = 0; c < channels; c++) {
                    for (int j = 0; j < hw; j++) {
                        f[i * len + j * channels + c] = features[p * len + c * hw + j];
                    }
                }
            }
            oneHot[i * classes + labels[p]] = 1f;
        }
        INDArray x = Nd4j.create(f, new long[]{n, height, width, channels}, 'c');
        INDArray y = Nd4j.create(oneHot, new long[]{n, classes}, 'c');
        return new DataSet(x, y);
    }

    /** SHA-256 of shape, features and labels: identifies the data a result was computed on. Streams in chunks. */
    public String hash() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer header = ByteBuffer.allocate(20).putInt(size()).putInt(channels).putInt(height).putInt(width)
                    .putInt(classes);
            md.update(header.array());
            ByteBuffer chunk = ByteBuffer.allocate(HASH_CHUNK * Float.BYTES);
            for (int from = 0; from < features.length; from += HASH_CHUNK) {
                int n = Math.min(HASH_CHUNK, features.length - from);
                chunk.clear();
                chunk.asFloatBuffer().put(features, from, n);
                md.update(chunk.array(), 0, n * Float.BYTES);
            }
            for (int from = 0; from < labels.length; from += HASH_CHUNK) {
                int n = Math.min(HASH_CHUNK, labels.length - from);
                chunk.clear();
                chunk.asIntBuffer().put(labels, from, n);
                md.update(chunk.array(), 0, n * Integer.BYTES);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
