package org.ordersweep.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Reads a folder of images with one sub-folder per class (the class's name; classes in name order), on any Hadoop
 * filesystem. Every file is decoded with the JDK's image readers (PNG, JPEG, BMP, GIF), drawn onto a height x width
 * canvas with bilinear interpolation (the same pixels on every JVM of one Java version, so the data's hash agrees
 * between driver and executors), and stored grey (luminance, one channel) or RGB (three) in channels x height x
 * width order, scaled to [0, 1]. Hidden files (names starting with '.' or '_') are skipped; anything else that does
 * not decode is an error naming the file.
 */
public final class ImageFolderReader {

    private ImageFolderReader() {
    }

    /** The examples of one folder and its class names (the sub-folders, in name order). */
    public record Images(LabelledData data, List<String> classes) {
    }

    /**
     * @param classes the class names to use (a test folder must have the training folder's); null = this folder's
     */
    public static Images read(Path folder, Configuration hadoop, int height, int width, int channels,
                              List<String> classes) {
        try {
            FileSystem fs = folder.getFileSystem(hadoop);
            List<FileStatus> dirs = new ArrayList<>();
            for (FileStatus st : FolderListing.visible(fs, folder)) {
                if (st.isDirectory()) {
                    dirs.add(st);
                }
            }
            List<String> names = dirs.stream().map(d -> d.getPath().getName()).toList();
            if (classes == null) {
                if (names.size() < 2) {
                    throw new DataError(folder.toString(), "needs one sub-folder per class, at least two; found "
                            + names);
                }
                classes = names;
            } else if (!classes.containsAll(names)) {
                List<String> unknown = new ArrayList<>(names);
                unknown.removeAll(classes);
                throw new DataError(folder.toString(), "class folders " + unknown
                        + " are not among the training classes " + classes);
            }
            List<float[]> examples = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            for (FileStatus dir : dirs) {
                int label = classes.indexOf(dir.getPath().getName());
                for (FileStatus f : FolderListing.visible(fs, dir.getPath())) {
                    if (f.isFile()) {
                        examples.add(decode(fs, f.getPath(), height, width, channels));
                        labels.add(label);
                    }
                }
            }
            if (examples.isEmpty()) {
                throw new DataError(folder.toString(), "no image files in its class folders " + names);
            }
            int len = channels * height * width;
            float[] features = new float[examples.size() * len];
            for (int i = 0; i < examples.size(); i++) {
                System.arraycopy(examples.get(i), 0, features, i * len, len);
            }
            int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
            return new Images(new LabelledData(features, y, channels, height, width, classes.size()), classes);
        } catch (IOException e) {
            throw new DataError(folder.toString(), "cannot read: " + e.getMessage());
        }
    }

    private static float[] decode(FileSystem fs, Path file, int height, int width, int channels) throws IOException {
        BufferedImage image;
        try (InputStream in = fs.open(file)) {
            image = ImageIO.read(in);
        }
        if (image == null) {
            throw new DataError(file.toString(), "not an image the JDK can decode (PNG, JPEG, BMP, GIF)");
        }
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        float[] out = new float[channels * height * width];
        int plane = height * width;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = canvas.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int gr = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                int at = y * width + x;
                if (channels == 1) {
                    // ITU-R BT.601 luma, as greyscale conversions usually weigh the channels
                    out[at] = (0.299f * r + 0.587f * gr + 0.114f * b) / 255f;
                } else {
                    out[at] = r / 255f;
                    out[plane + at] = gr / 255f;
                    out[2 * plane + at] = b / 255f;
                }
            }
        }
        return out;
    }
}
