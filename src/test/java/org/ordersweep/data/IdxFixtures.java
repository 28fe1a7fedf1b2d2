package org.ordersweep.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.zip.GZIPOutputStream;

/** Small IDX files for tests, built byte by byte. */
public final class IdxFixtures {

    private IdxFixtures() {
    }

    /** An image file header with {@code pixelBytes} bytes of pixels (value i % 256) after it. */
    public static byte[] images(int magic, int n, int rows, int cols, int pixelBytes) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeInt(magic);
        out.writeInt(n);
        out.writeInt(rows);
        out.writeInt(cols);
        for (int i = 0; i < pixelBytes; i++) {
            out.writeByte(i % 256);
        }
        return b.toByteArray();
    }

    public static byte[] labels(int magic, int... labels) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeInt(magic);
        out.writeInt(labels.length);
        for (int l : labels) {
            out.writeByte(l);
        }
        return b.toByteArray();
    }

    public static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(data);
        }
        return b.toByteArray();
    }
}
