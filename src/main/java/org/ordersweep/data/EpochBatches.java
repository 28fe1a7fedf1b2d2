package org.ordersweep.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.ordersweep.plan.Seeds;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The minibatches of one epoch: every epoch the examples are shuffled into new minibatches, by a permutation that
 * depends only on the trial's seed and the epoch. Both execution modes draw the same minibatches for the same trial
 * (they differ only in how the minibatches are spread over workers), and a rerun draws them again exactly. Fixed
 * minibatches in file order would put the same examples together in every epoch, and nearly one class in each of
 * them for a class-sorted file: exactly the batch-norm statistics whose placement a sweep studies.
 * Executor-safe: pure Java over the executor's own copy of the data.
 */
public final class EpochBatches {

    private final LabelledData data;
    private final int batchSize;
    private final int[] order;

    public EpochBatches(LabelledData data, int batchSize, long trialSeed, int epoch) {
        this.data = data;
        this.batchSize = batchSize;
        this.order = order(data.size(), trialSeed, epoch);
    }

    /** The epoch's permutation of the example positions 0..n-1. */
    public static int[] order(int n, long trialSeed, int epoch) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // A stream of its own: the weight initialisation and the dropout masks use other derivations of the seed.
        shuffle(order, Seeds.derive(Seeds.derive(trialSeed, 0xBA7C4L), epoch));
        return order;
    }

    /** Fisher-Yates with a seeded generator: the same seed gives the same permutation on every JVM. */
    static void shuffle(int[] a, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    public int count() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    /** The example positions of minibatch {@code b}. */
    public int[] positions(int b) {
        int from = b * batchSize;
        return Arrays.copyOfRange(order, from, Math.min(data.size(), from + batchSize));
    }

    /** Minibatch {@code b} as new arrays, which the caller closes after fitting it ({@link #release}). */
    public DataSet batch(int b) {
        int from = b * batchSize;
        return data.gather(order, from, Math.min(data.size(), from + batchSize));
    }

    /**
     * Frees a minibatch's off-heap arrays now. ND4J's arrays outside workspaces are otherwise freed only when the
     * garbage collector happens to collect their small Java objects, which a large heap rarely needs to do.
     */
    public static void release(DataSet batch) {
        close(batch.getFeatures());
        close(batch.getLabels());
    }

    /** The same for a minibatch DL4J's graphs train on: its arrays are the DataSet's ({@link #release(DataSet)}). */
    public static void release(MultiDataSet batch) {
        Arrays.stream(batch.getFeatures()).forEach(EpochBatches::close);
        Arrays.stream(batch.getLabels()).forEach(EpochBatches::close);
    }

    private static void close(INDArray array) {
        if (array != null && !array.wasClosed()) {
            array.close();
        }
    }
}
