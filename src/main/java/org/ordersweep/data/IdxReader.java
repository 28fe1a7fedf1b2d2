package org.ordersweep.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Reads the IDX format of (Fashion-)MNIST: images (magic 2051) and labels (magic 2049), gzipped or not. */
public final class IdxReader {

    static final int IMAGES_MAGIC = 2051;
    static final int LABELS_MAGIC = 2049;

    private IdxReader() {
    }

    /** Images as [n][rows*cols] bytes, widened to floats in [0, 1] by the caller. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
    }

    public static Images readImages(InputStream raw, String name) {
        try (DataInputStream in = open(raw)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new DataError(name, "not an IDX image file (magic number " + magic + ", expected "
                        + IMAGES_MAGIC + ")");
            }
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (n <= 0 || rows <= 0 || cols <= 0 || (long) n * rows * cols > Integer.MAX_VALUE) {
                throw new DataError(name, "implausible IDX image header: " + n + " images of " + rows + "x" + cols);
            }
            byte[] pixels = new byte[n * rows * cols];
            in.readFully(pixels);
            expectEnd(in, name, n + " images");
            return new Images(n, rows, cols, pixels);
        } catch (EOFException e) {
            throw new DataError(name, "truncated: the file ends before the data its header announces");
        } catch (IOException e) {
            throw new DataError(name, "cannot read: " + e.getMessage());
        }
    }

    public static int[] readLabels(InputStream raw, String name, int classes) {
        try (DataInputStream in = open(raw)) {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw new DataError(name, "not an IDX label file (magic number " + magic + ", expected "
                        + LABELS_MAGIC + ")");
            }
            int n = in.readInt();
            if (n <= 0) {
                throw new DataError(name, "implausible IDX label header: " + n + " labels");
            }
            byte[] bytes = new byte[n];
            in.readFully(bytes);
            expectEnd(in, name, n + " labels");
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = bytes[i] & 0xff;
                if (labels[i] >= classes) {
                    throw new DataError(name, "label " + labels[i] + " at index " + i + " is out of range 0.."
                            + (classes - 1));
                }
            }
            return labels;
        } catch (EOFException e) {
            throw new DataError(name, "truncated: the file ends before the data its header announces");
        } catch (IOException e) {
            throw new DataError(name, "cannot read: " + e.getMessage());
        }
    }

    /** Reading to the end also makes gzip check its CRC, so a corrupt archive is caught, not half-used. */
    private static void expectEnd(DataInputStream in, String name, String what) throws IOException {
        if (in.read() != -1) {
            throw new DataError(name, "has data after the " + what + " its header announces");
        }
    }

    /** Detects gzip by its magic bytes, so the file name does not have to say. */
    private static DataInputStream open(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        InputStream body = (b1 == 0x1f && b2 == 0x8b) ? new GZIPInputStream(in, 1 << 16) : in;
        return new DataInputStream(new BufferedInputStream(body, 1 << 16));
    }
}
