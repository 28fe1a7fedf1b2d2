package org.ordersweep.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Reads CIFAR-10's binary batches ({@code data_batch_*.bin}, {@code test_batch.bin}): records of one label byte
 * (0-9) then 3,072 pixel bytes, the 1,024 red values of the 32x32 image row by row, then green, then blue, which is
 * the channels x height x width order {@link LabelledData} keeps.
 */
public final class Cifar10Reader {

    public static final int SIDE = 32;
    public static final int CHANNELS = 3;
    public static final int CLASSES = 10;
    static final int PIXELS = CHANNELS * SIDE * SIDE;
    static final int RECORD = 1 + PIXELS;

    /** CIFAR-10's class names, in label order. */
    public static final List<String> CLASS_NAMES = List.of("airplane", "automobile", "bird", "cat",
            "deer", "dog", "frog", "horse", "ship", "truck");

    private Cifar10Reader() {
    }

    /** Records as labels and [n][3072] bytes. */
    public record Batch(int[] labels, byte[] pixels) {
        public int count() {
            return labels.length;
        }
    }

    public static Batch read(InputStream in, String name) {
        byte[] all;
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            all = out.toByteArray();
        } catch (IOException e) {
            throw new DataError(name, "cannot read: " + e.getMessage());
        }
        if (all.length == 0 || all.length % RECORD != 0) {
            throw new DataError(name, all.length + " bytes is not a whole number of CIFAR-10 records (1 label byte + "
                    + PIXELS + " pixel bytes = " + RECORD + " each)");
        }
        int n = all.length / RECORD;
        int[] labels = new int[n];
        byte[] pixels = new byte[n * PIXELS];
        for (int i = 0; i < n; i++) {
            int label = all[i * RECORD] & 0xff;
            if (label >= CLASSES) {
                throw new DataError(name, "record " + (i + 1) + " has label " + label + "; CIFAR-10 labels are 0-9");
            }
            labels[i] = label;
            System.arraycopy(all, i * RECORD + 1, pixels, i * PIXELS, PIXELS);
        }
        return new Batch(labels, pixels);
    }
}
