package org.ordersweep.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** Image data made by the tests: CIFAR-10 binary records and folders of image files, one sub-folder per class. */
public final class ImageFixtures {

    private ImageFixtures() {
    }

    /**
     * {@code n} CIFAR-10 records: record i has label i % 10 and pixel byte j of channel c equal to
     * (i * 7 + c * 50 + j) % 256, so every value can be checked.
     */
    public static byte[] cifarRecords(int n) {
        byte[] b = new byte[n * 3073];
        for (int i = 0; i < n; i++) {
            b[i * 3073] = (byte) (i % 10);
            for (int c = 0; c < 3; c++) {
                for (int j = 0; j < 1024; j++) {
                    b[i * 3073 + 1 + c * 1024 + j] = (byte) ((i * 7 + c * 50 + j) % 256);
                }
            }
        }
        return b;
    }

    /** A CIFAR-10 folder: two training batches of {@code perBatch} records and a test batch of {@code test}. */
    public static Path cifarFolder(Path dir, int perBatch, int test) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("data_batch_1.bin"), cifarRecords(perBatch));
        Files.write(dir.resolve("data_batch_2.bin"), cifarRecords(perBatch));
        Files.write(dir.resolve("test_batch.bin"), cifarRecords(test));
        return dir;
    }

    /** The colour class {@code k} of {@link #imageFolder} is drawn in, plus noise. */
    public static int colour(int k) {
        int[] colours = {0xD02020, 0x20A040, 0x3040E0, 0xE0E020};
        return colours[k % colours.length];
    }

    /**
     * {@code classes} sub-folders named class0, class1, ..., each with {@code perClass} images of {@code w} x {@code h}
     * pixels in {@code format} ("png", "jpg", "bmp"): the class's colour with seeded noise of +-{@code noise}.
     */
    public static Path imageFolder(Path dir, int classes, int perClass, int w, int h, String format, int noise,
                                   long seed) throws IOException {
        Random r = new Random(seed);
        for (int k = 0; k < classes; k++) {
            Path d = Files.createDirectories(dir.resolve("class" + k));
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int c = colour(k);
                        int red = clamp(((c >> 16) & 0xff) + jitter(r, noise));
                        int green = clamp(((c >> 8) & 0xff) + jitter(r, noise));
                        int blue = clamp((c & 0xff) + jitter(r, noise));
                        img.setRGB(x, y, (red << 16) | (green << 8) | blue);
                    }
                }
                if (!ImageIO.write(img, format, d.resolve(String.format("img%03d.%s", i, format)).toFile())) {
                    throw new IOException("no JDK writer for " + format);
                }
            }
        }
        return dir;
    }

    private static int jitter(Random r, int noise) {
        return noise == 0 ? 0 : r.nextInt(2 * noise + 1) - noise;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
