package org.ordersweep.data;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Minibatches drawn anew every epoch, stratified limits and the streamed hash, on data made here. */
class EpochBatchesTest {

    @TempDir
    Path dir;

    /** {@code n} one-pixel examples whose value is their position; labels sorted: the first n/classes are class 0. */
    private static LabelledData sorted(int n, int classes) {
        float[] f = new float[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            f[i] = i;
            y[i] = i * classes / n;
        }
        return new LabelledData(f, y, 1, 1, 1, classes);
    }

    private static Set<Integer> members(EpochBatches b, int batch) {
        Set<Integer> s = new HashSet<>();
        for (int p : b.positions(batch)) {
            s.add(p);
        }
        return s;
    }

    @Test
    void everyEpochIsAPermutationThatIsReproducibleAndDiffersFromTheLast() {
        int[] e1 = EpochBatches.order(1000, 42L, 1);
        assertArrayEquals(IntStream.range(0, 1000).toArray(), Arrays.stream(e1).sorted().toArray());
        assertArrayEquals(e1, EpochBatches.order(1000, 42L, 1));
        assertFalse(Arrays.equals(e1, EpochBatches.order(1000, 42L, 2)));
        assertFalse(Arrays.equals(e1, EpochBatches.order(1000, 43L, 1)));
    }

    @Test
    void batchCompositionChangesBetweenEpochsAndRepeatsAcrossRuns() {
        LabelledData data = sorted(640, 10);
        EpochBatches epoch1 = new EpochBatches(data, 64, 7L, 1);
        EpochBatches epoch2 = new EpochBatches(data, 64, 7L, 2);
        EpochBatches again = new EpochBatches(data, 64, 7L, 1);
        assertEquals(10, epoch1.count());
        for (int b = 0; b < epoch1.count(); b++) {
            assertEquals(members(epoch1, b), members(again, b));
            // Two random sets of 64 from 640 share about 6 examples; never all of them.
            for (int c = 0; c < epoch2.count(); c++) {
                assertNotEquals(members(epoch1, b), members(epoch2, c));
            }
            DataSet x = epoch1.batch(b);
            DataSet y = again.batch(b);
            assertEquals(x.getFeatures(), y.getFeatures());
            assertEquals(x.getLabels(), y.getLabels());
            // The features and the one-hot label of each example stay together.
            for (int i = 0; i < x.numExamples(); i++) {
                int position = (int) x.getFeatures().getFloat(i, 0, 0, 0);
                assertEquals(data.labels()[position], x.getLabels().getRow(i).argMax().getInt(0));
            }
            EpochBatches.release(x);
            assertTrue(x.getFeatures().wasClosed() && x.getLabels().wasClosed());
        }
        // Every example once per epoch; the last batch takes the remainder.
        EpochBatches uneven = new EpochBatches(sorted(100, 2), 30, 7L, 1);
        assertEquals(4, uneven.count());
        assertEquals(10, uneven.positions(3).length);
        Set<Integer> all = new HashSet<>();
        for (int b = 0; b < 4; b++) {
            all.addAll(members(uneven, b));
        }
        assertEquals(100, all.size());
    }

    @Test
    void aClassSortedUcrFileGivesMixedMinibatches() throws Exception {
        Path ucr = Files.createDirectory(dir.resolve("sorted"));
        StringBuilder train = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            train.append(i < 100 ? "1" : "2").append('\t').append(i).append("\t0.5\t0.25\n");
        }
        Files.writeString(ucr.resolve("Sorted_TRAIN.tsv"), train.toString());
        Files.writeString(ucr.resolve("Sorted_TEST.tsv"), "1\t1\t2\t3\n2\t3\t2\t1\n");
        LabelledData data = UcrSource.read(ucr.toString(), new Configuration()).train();
        // In file order every minibatch of 20 would hold a single class.
        assertEquals(1, Arrays.stream(data.labels(), 0, 20).distinct().count());
        for (int epoch = 1; epoch <= 3; epoch++) {
            EpochBatches batches = new EpochBatches(data, 20, 11L, epoch);
            for (int b = 0; b < batches.count(); b++) {
                long ones = Arrays.stream(batches.positions(b)).filter(p -> data.labels()[p] == 0).count();
                // Hypergeometric: P(fewer than 3 of either class in 20 of 100+100) is below 1e-3 per batch.
                assertTrue(ones >= 3 && ones <= 17, "epoch " + epoch + " batch " + b + ": " + ones + " of 20");
            }
        }
    }

    @Test
    void limitsTakeAStratifiedSeededSample() {
        LabelledData data = sorted(1000, 4); // 250 of each class, sorted
        LabelledData sample = data.stratifiedSample(100, 5L);
        assertEquals(100, sample.size());
        int[] counts = new int[4];
        Arrays.stream(sample.labels()).forEach(y -> counts[y]++);
        assertArrayEquals(new int[]{25, 25, 25, 25}, counts);
        // Not the first examples of each class, the same ones for the same seed, others for another seed.
        assertTrue(sample.features()[24] > 24, "class 0 sampled from all its examples");
        assertArrayEquals(sample.features(), data.stratifiedSample(100, 5L).features());
        assertFalse(Arrays.equals(sample.features(), data.stratifiedSample(100, 6L).features()));
        // Kept in the data's order, every example at most once.
        float[] f = sample.features();
        for (int i = 1; i < f.length; i++) {
            assertTrue(f[i] > f[i - 1]);
        }
        // Uneven classes: largest remainders get the spare places; the total is exact.
        int[] y = new int[10];
        Arrays.fill(y, 0, 7, 0);
        Arrays.fill(y, 7, 10, 1);
        LabelledData uneven = new LabelledData(new float[10], y, 1, 1, 1, 2);
        int[] c2 = new int[2];
        Arrays.stream(uneven.stratifiedSample(5, 1L).labels()).forEach(l -> c2[l]++);
        assertArrayEquals(new int[]{4, 1}, c2); // 3.5 and 1.5: the tie goes to the lower class index
        assertSame(data, data.stratifiedSample(0, 5L));
        assertSame(data, data.stratifiedSample(1000, 5L));
    }

    @Test
    void loadedLimitsSampleEveryClassOfASortedFileAndSayHow() throws Exception {
        Path ucr = Files.createDirectory(dir.resolve("ucr"));
        StringBuilder train = new StringBuilder();
        StringBuilder test = new StringBuilder();
        for (int i = 0; i < 90; i++) {
            train.append(i / 30).append('\t').append(i).append("\t1\t2\n");
            test.append(i / 30).append('\t').append(i).append("\t2\t1\n");
        }
        Files.writeString(ucr.resolve("S_TRAIN.tsv"), train.toString());
        Files.writeString(ucr.resolve("S_TEST.tsv"), test.toString());
        var config = org.ordersweep.config.ConfigLoader.load(null, java.util.List.of("data.format=ucr",
                "data.path=" + ucr, "model.layout=1d", "data.train-limit=30", "data.test-limit=15"));
        DataLoader.TrainTest tt = DataLoader.load(config, new Configuration());
        int[] perClass = new int[3];
        Arrays.stream(tt.train().labels()).forEach(l -> perClass[l]++);
        assertArrayEquals(new int[]{10, 10, 10}, perClass);
        int[] perTestClass = new int[3];
        Arrays.stream(tt.test().labels()).forEach(l -> perTestClass[l]++);
        assertArrayEquals(new int[]{5, 5, 5}, perTestClass);
        assertEquals("30 of 90 training examples, 15 of 90 test examples (stratified by class, seeded by "
                + "sweep.master-seed 20240601)", tt.sampling());
        assertEquals("all 90 training examples, all 90 test examples", DataLoader.load(
                org.ordersweep.config.ConfigLoader.load(null, java.util.List.of("data.format=ucr", "data.path=" + ucr,
                        "model.layout=1d")), new Configuration()).sampling());
    }

    @Test
    void theStreamedHashIsTheSha256OfTheWholeDataAtOnce() throws Exception {
        // More floats than one hashing chunk, so the chunk boundaries are crossed.
        int n = 70_000;
        float[] f = new float[n * 2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            f[2 * i] = i * 0.5f;
            f[2 * i + 1] = -i;
            y[i] = i % 3;
        }
        LabelledData data = new LabelledData(f, y, 1, 1, 2, 3);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(ByteBuffer.allocate(20).putInt(n).putInt(1).putInt(1).putInt(2).putInt(3).array());
        ByteBuffer all = ByteBuffer.allocate(f.length * 4);
        all.asFloatBuffer().put(f);
        md.update(all.array());
        ByteBuffer labels = ByteBuffer.allocate(y.length * 4);
        labels.asIntBuffer().put(y);
        md.update(labels.array());
        assertEquals(HexFormat.of().formatHex(md.digest()), data.hash());
    }
}
