package org.ordersweep.data;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadersTest {

    @TempDir
    Path dir;

    static byte[] idxImages(int n, int rows, int cols, int magic) throws IOException {
        return IdxFixtures.images(magic, n, rows, cols, n * rows * cols);
    }

    static byte[] idxLabels(int... labels) throws IOException {
        return IdxFixtures.labels(2049, labels);
    }

    static byte[] gzip(byte[] data) throws IOException {
        return IdxFixtures.gzip(data);
    }

    @Test
    void readsIdxPlainAndGzipped() throws IOException {
        byte[] raw = idxImages(2, 3, 4, 2051);
        for (byte[] bytes : List.of(raw, gzip(raw))) {
            IdxReader.Images im = IdxReader.readImages(new ByteArrayInputStream(bytes), "x");
            assertEquals(2, im.count());
            assertEquals(3, im.rows());
            assertEquals(4, im.cols());
            assertEquals(23, im.pixels()[23]);
        }
        assertArrayEquals(new int[]{3, 0, 9}, IdxReader.readLabels(new ByteArrayInputStream(idxLabels(3, 0, 9)), "y",
                10));
    }

    @Test
    void batchesAreChannelsLastAsTheNetworksTakeThem() {
        // Two examples of 2 channels x 1 x 3 steps, stored channels-first: value = 100 * example + 10 * c + w.
        float[] f = new float[12];
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 2; c++) {
                for (int w = 0; w < 3; w++) {
                    f[n * 6 + c * 3 + w] = 100 * n + 10 * c + w;
                }
            }
        }
        org.nd4j.linalg.api.ndarray.INDArray x = new LabelledData(f, new int[]{0, 1}, 2, 1, 3, 2).toDataSet()
                .getFeatures();
        assertArrayEquals(new long[]{2, 1, 3, 2}, x.shape());
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 2; c++) {
                for (int w = 0; w < 3; w++) {
                    assertEquals(100 * n + 10 * c + w, x.getFloat(n, 0, w, c), 0);
                }
            }
        }
    }

    @Test
    void rejectsBrokenIdx() throws IOException {
        assertEquals("img: not an IDX image file (magic number 2049, expected 2051)", assertThrows(DataError.class,
                () -> IdxReader.readImages(new ByteArrayInputStream(idxImages(2, 3, 4, 2049)), "img")).getMessage());
        byte[] truncated = Arrays.copyOf(idxImages(2, 3, 4, 2051), 30);
        assertEquals("img: truncated: the file ends before the data its header announces", assertThrows(
                DataError.class, () -> IdxReader.readImages(new ByteArrayInputStream(truncated), "img")).getMessage());
        assertEquals("lab: label 12 at index 1 is out of range 0..9", assertThrows(DataError.class,
                () -> IdxReader.readLabels(new ByteArrayInputStream(idxLabels(1, 12)), "lab", 10)).getMessage());
        byte[] corruptGzip = gzip(idxImages(2, 3, 4, 2051));
        corruptGzip[corruptGzip.length / 2] ^= 0x55;
        corruptGzip[corruptGzip.length / 2 + 1] ^= 0x55;
        String msg = assertThrows(DataError.class,
                () -> IdxReader.readImages(new ByteArrayInputStream(corruptGzip), "img")).getMessage();
        assertTrue(msg.startsWith("img: cannot read: "), msg);
    }

    @Test
    void embeddedSubsetIsStratified() {
        DataLoader.TrainTest tt = FashionMnistSource.read("", new Configuration());
        assertEquals(4000, tt.train().size());
        assertEquals(1000, tt.test().size());
        int[] perClass = new int[10];
        for (int l : tt.train().labels()) {
            perClass[l]++;
        }
        int[] expected = new int[10];
        Arrays.fill(expected, 400);
        assertArrayEquals(expected, perClass);
        // Interleaved by class: the first 10 examples are one of each, so any limit stays balanced.
        assertArrayEquals(new int[]{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, Arrays.copyOf(tt.train().labels(), 10));
        assertEquals(784, tt.train().exampleLength());
    }

    @Test
    void limitsAndOneDimensionalLayout() {
        SweepConfig c = ConfigLoader.load(null, List.of("data.train-limit=50", "data.test-limit=20",
                "model.layout=1d"));
        DataLoader.TrainTest tt = DataLoader.load(c, new Configuration());
        assertEquals(50, tt.train().size());
        assertEquals(20, tt.test().size());
        // 28 time steps (width) of 28 features (channels), height 1.
        assertEquals(28, tt.train().channels());
        assertEquals(1, tt.train().height());
        assertEquals(28, tt.train().width());
        LabelledData images = FashionMnistSource.read("", new Configuration()).train().select(new int[]{0});
        LabelledData seq = images.rowsAsTimeSteps();
        // pixel (row 5, col 7) becomes channel 7 at time step 5.
        assertEquals(images.features()[5 * 28 + 7], seq.features()[7 * 28 + 5]);
    }

    @Test
    void readsIdxFolderAndChecksCounts() throws IOException {
        Path fm = Files.createDirectory(dir.resolve("fm"));
        Files.write(fm.resolve("train-images-idx3-ubyte.gz"), gzip(idxImages(3, 2, 2, 2051)));
        Files.write(fm.resolve("train-labels-idx1-ubyte"), idxLabels(1, 2, 3));
        Files.write(fm.resolve("t10k-images-idx3-ubyte"), idxImages(2, 2, 2, 2051));
        Files.write(fm.resolve("t10k-labels-idx1-ubyte.gz"), gzip(idxLabels(4, 5, 6)));
        String msg = assertThrows(DataError.class, () -> FashionMnistSource.read(fm.toUri().toString(),
                new Configuration())).getMessage();
        assertTrue(msg.matches(".*/fm/t10k-labels-idx1-ubyte.gz: 3 labels for 2 images in .*/fm/t10k-images-idx3-ubyte"),
                msg);
        Files.write(fm.resolve("t10k-labels-idx1-ubyte.gz"), gzip(idxLabels(4, 5)));
        DataLoader.TrainTest tt = FashionMnistSource.read(fm.toString(), new Configuration());
        assertEquals(3, tt.train().size());
        assertArrayEquals(new int[]{4, 5}, tt.test().labels());
        assertEquals(3 / 255f, tt.train().features()[3]);
    }

    @Test
    void missingFolderOrFile() throws IOException {
        assertEquals("/no/such/folder: data.path does not exist", assertThrows(DataError.class,
                () -> FashionMnistSource.read("/no/such/folder", new Configuration())).getMessage());
        Path empty = Files.createDirectory(dir.resolve("empty"));
        String msg = assertThrows(DataError.class, () -> FashionMnistSource.read(empty.toString(),
                new Configuration())).getMessage();
        assertEquals(empty + "/train-images-idx3-ubyte: missing (looked for train-images-idx3-ubyte and "
                + "train-images-idx3-ubyte.gz; data.format = fashion-mnist needs the four IDX files)", msg);
    }

    @Test
    void readsUcrAndMapsLabels() throws IOException {
        Path ucr = Files.createDirectory(dir.resolve("ucr"));
        Files.writeString(ucr.resolve("Toy_TRAIN.tsv"), "2\t0.1\t0.2\t0.3\n-1\t1\t2\t3\n2\t4\t5\t6\n");
        Files.writeString(ucr.resolve("Toy_TEST.tsv"), "-1,7,8,9\n2,1,1,1\n");
        DataLoader.TrainTest tt = UcrSource.read(ucr.toString(), new Configuration());
        assertEquals(2, tt.train().classes());
        assertArrayEquals(new int[]{1, 0, 1}, tt.train().labels());
        assertArrayEquals(new int[]{0, 1}, tt.test().labels());
        assertEquals(3, tt.train().width());
        assertEquals(1, tt.train().height());
        assertEquals(8f, tt.test().features()[1]);
    }

    @Test
    void rejectsBrokenUcr() {
        assertEquals("f: line 2 has 2 values, line 1 has 3 (series must all have the same length)",
                assertThrows(DataError.class, () -> UcrReader.read(stream("1\t1\t2\t3\n2\t1\t2\n"), "f"))
                        .getMessage());
        assertEquals("f: line 1, value 2: 'abc' is not a number",
                assertThrows(DataError.class, () -> UcrReader.read(stream("1\t1\tabc\n"), "f")).getMessage());
        assertEquals("f: no series in the file",
                assertThrows(DataError.class, () -> UcrReader.read(stream("\n\n"), "f")).getMessage());
    }

    private static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void validationSplitIsReproducibleAndCoversEveryClass() {
        LabelledData train = FashionMnistSource.read("", new Configuration()).train();
        LabelledData[] split = train.splitValidation(0.1);
        assertEquals(train.size(), split[0].size() + split[1].size());
        assertTrue(Math.abs(split[1].size() - 400) < 60, "validation size " + split[1].size());
        int[] perClass = new int[10];
        for (int l : split[1].labels()) {
            perClass[l]++;
        }
        for (int c : perClass) {
            assertTrue(c > 20, Arrays.toString(perClass));
        }
        assertArrayEquals(split[1].labels(), train.splitValidation(0.1)[1].labels());
    }
}
