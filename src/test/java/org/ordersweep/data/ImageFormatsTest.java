package org.ordersweep.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** data.format = cifar10 and images, on files made here: shapes, every pixel where it can be known, and refusals. */
class ImageFormatsTest {

    @TempDir
    Path dir;

    private static DataLoader.TrainTest load(String... sets) {
        SweepConfig c = ConfigLoader.load(null, List.of(sets));
        return DataLoader.load(c, new Configuration());
    }

    @Test
    void cifar10ReadsEveryBatchAsRgb32x32WithItsPixelsInPlace() throws Exception {
        Path d = ImageFixtures.cifarFolder(dir.resolve("cifar"), 3, 2);
        DataLoader.TrainTest data = load("data.format=cifar10", "data.path=" + d);
        assertEquals(6, data.train().size());
        assertEquals(2, data.test().size());
        assertEquals(new org.ordersweep.domain.InputShape(3, 32, 32, 10), data.shape());
        assertEquals(Cifar10Reader.CLASS_NAMES, data.classNames());
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2}, data.train().labels());
        // Record 1 of the first batch, channel 2 (blue), row 3, column 5: byte (1*7 + 2*50 + 3*32+5) % 256.
        DataSet batch = data.train().batches(6).get(0);
        float expected = ((7 + 100 + 3 * 32 + 5) % 256) / 255f;
        assertEquals(expected, batch.getFeatures().getFloat(1, 3, 5, 2), 1e-6); // NHWC
        assertEquals(1.0, batch.getLabels().getDouble(1, 1));
    }

    @Test
    void cifar10RefusesTruncatedFilesBadLabelsAndAMissingTestBatch() throws Exception {
        Path d = ImageFixtures.cifarFolder(dir.resolve("cifar"), 2, 1);
        Files.write(d.resolve("data_batch_2.bin"), java.util.Arrays.copyOf(ImageFixtures.cifarRecords(2), 3000));
        DataError e = assertThrows(DataError.class, () -> load("data.format=cifar10", "data.path=" + d));
        assertTrue(e.getMessage().contains("data_batch_2.bin: 3000 bytes is not a whole number"), e.getMessage());

        byte[] bad = ImageFixtures.cifarRecords(2);
        bad[3073] = 12;
        Files.write(d.resolve("data_batch_2.bin"), bad);
        e = assertThrows(DataError.class, () -> load("data.format=cifar10", "data.path=" + d));
        assertTrue(e.getMessage().contains("record 2 has label 12; CIFAR-10 labels are 0-9"), e.getMessage());

        Files.write(d.resolve("data_batch_2.bin"), ImageFixtures.cifarRecords(2));
        Files.delete(d.resolve("test_batch.bin"));
        e = assertThrows(DataError.class, () -> load("data.format=cifar10", "data.path=" + d));
        assertTrue(e.getMessage().contains("test_batch.bin: missing"), e.getMessage());
    }

    @Test
    void anImageFolderWithTrainAndTestIsResizedToTheConfiguredShapeInRgbOrGrey() throws Exception {
        ImageFixtures.imageFolder(dir.resolve("img/train"), 3, 4, 10, 7, "png", 0, 1);
        ImageFixtures.imageFolder(dir.resolve("img/test"), 3, 2, 12, 12, "bmp", 0, 2);
        DataLoader.TrainTest rgb = load("data.format=images", "data.path=" + dir.resolve("img"),
                "data.height=8", "data.width=6");
        assertEquals(new org.ordersweep.domain.InputShape(3, 8, 6, 3), rgb.shape());
        assertEquals(12, rgb.train().size());
        assertEquals(6, rgb.test().size());
        assertEquals(List.of("class0", "class1", "class2"), rgb.classNames());
        // A solid colour stays that colour when resized: class 1 is 0x20A040.
        DataSet b = rgb.train().batches(12).get(0);
        int first1 = java.util.Arrays.stream(rgb.train().labels()).boxed().toList().indexOf(1);
        assertEquals(0x20 / 255f, b.getFeatures().getFloat(first1, 4, 3, 0), 1e-6);
        assertEquals(0xA0 / 255f, b.getFeatures().getFloat(first1, 4, 3, 1), 1e-6);
        assertEquals(0x40 / 255f, b.getFeatures().getFloat(first1, 4, 3, 2), 1e-6);

        DataLoader.TrainTest grey = load("data.format=images", "data.path=" + dir.resolve("img"),
                "data.height=8", "data.width=6", "data.channels=1");
        assertEquals(1, grey.shape().channels());
        float luma = (0.299f * 0x20 + 0.587f * 0xA0 + 0.114f * 0x40) / 255f;
        assertEquals(luma, grey.train().batches(12).get(0).getFeatures().getFloat(first1, 0, 0, 0), 1e-5);
    }

    @Test
    void oneImageFolderIsSplitByClassReproducibly() throws Exception {
        ImageFixtures.imageFolder(dir.resolve("img"), 2, 10, 8, 8, "jpg", 20, 3);
        DataLoader.TrainTest a = load("data.format=images", "data.path=" + dir.resolve("img"), "data.height=8",
                "data.width=8", "data.test-fraction=0.2");
        assertEquals(16, a.train().size());
        assertEquals(4, a.test().size());
        assertEquals(2, java.util.Arrays.stream(a.test().labels()).filter(y -> y == 0).count());
        DataLoader.TrainTest again = load("data.format=images", "data.path=" + dir.resolve("img"), "data.height=8",
                "data.width=8", "data.test-fraction=0.2");
        assertEquals(a.hash(), again.hash());
        DataLoader.TrainTest otherSeed = load("data.format=images", "data.path=" + dir.resolve("img"),
                "data.height=8", "data.width=8", "data.test-fraction=0.2", "sweep.master-seed=7");
        assertNotEquals(a.test().hash(), otherSeed.test().hash());
    }

    @Test
    void imageFoldersRefuseWhatTheyCannotUse() throws Exception {
        ImageFixtures.imageFolder(dir.resolve("one"), 1, 3, 8, 8, "png", 0, 1);
        DataError e = assertThrows(DataError.class,
                () -> load("data.format=images", "data.path=" + dir.resolve("one")));
        assertTrue(e.getMessage().contains("needs one sub-folder per class, at least two"), e.getMessage());

        ImageFixtures.imageFolder(dir.resolve("bad"), 2, 3, 8, 8, "png", 0, 1);
        Files.writeString(dir.resolve("bad/class1/notes.txt"), "not an image");
        e = assertThrows(DataError.class, () -> load("data.format=images", "data.path=" + dir.resolve("bad")));
        assertTrue(e.getMessage().contains("notes.txt: not an image the JDK can decode"), e.getMessage());

        ImageFixtures.imageFolder(dir.resolve("tt/train"), 2, 3, 8, 8, "png", 0, 1);
        ImageFixtures.imageFolder(dir.resolve("tt/test"), 3, 1, 8, 8, "png", 0, 1);
        e = assertThrows(DataError.class, () -> load("data.format=images", "data.path=" + dir.resolve("tt")));
        assertTrue(e.getMessage().contains("class folders [class2] are not among the training classes"),
                e.getMessage());
    }
}
