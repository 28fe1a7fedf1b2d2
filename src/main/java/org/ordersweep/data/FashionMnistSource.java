package org.ordersweep.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ordersweep.config.SweepConfig;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Function;

/**
 * data.format = fashion-mnist: the four IDX files of Fashion-MNIST (gzipped or not) in data.path, or the embedded
 * subset in the jar when data.path is empty. A 1d model reads each image as a sequence of its rows.
 */
final class FashionMnistSource implements DatasetSource {

    static final String EMBEDDED = "embedded:fashion-mnist-subset";
    private static final String EMBEDDED_DIR = "/org/ordersweep/data/fashion-mnist-subset/";
    private static final int CLASSES = 10;
    private static final List<String> NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    @Override
    public DataLoader.TrainTest read(SweepConfig.Data data, long seed, Configuration hadoop) {
        return read(data.path(), hadoop);
    }

    @Override
    public LabelledData asSequences(LabelledData examples) {
        return examples.rowsAsTimeSteps();
    }

    /** @param path a folder of the four IDX files; empty = the embedded subset */
    static DataLoader.TrainTest read(String path, Configuration hadoop) {
        Function<String, Opened> open = path.isEmpty() ? FashionMnistSource::openEmbedded
                : name -> openIdx(path, name, hadoop);
        return new DataLoader.TrainTest(split(open, "train"), split(open, "t10k"), path.isEmpty() ? EMBEDDED : path,
                NAMES);
    }

    private static LabelledData split(Function<String, Opened> open, String prefix) {
        IdxReader.Images images;
        int[] labels;
        Opened imageFile = open.apply(prefix + "-images-idx3-ubyte");
        try (InputStream in = imageFile.stream()) {
            images = IdxReader.readImages(in, imageFile.name());
        } catch (IOException e) {
            throw new DataError(imageFile.name(), "cannot read: " + e.getMessage());
        }
        Opened labelFile = open.apply(prefix + "-labels-idx1-ubyte");
        try (InputStream in = labelFile.stream()) {
            labels = IdxReader.readLabels(in, labelFile.name(), CLASSES);
        } catch (IOException e) {
            throw new DataError(labelFile.name(), "cannot read: " + e.getMessage());
        }
        if (labels.length != images.count()) {
            throw new DataError(labelFile.name(), labels.length + " labels for " + images.count() + " images in "
                    + imageFile.name());
        }
        float[] f = new float[images.pixels().length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (images.pixels()[i] & 0xff) / 255f;
        }
        return new LabelledData(f, labels, 1, images.rows(), images.cols(), CLASSES);
    }

    private record Opened(String name, InputStream stream) {
    }

    private static Opened openEmbedded(String base) {
        String name = EMBEDDED_DIR + base + ".gz";
        InputStream in = FashionMnistSource.class.getResourceAsStream(name);
        if (in == null) {
            throw new DataError(EMBEDDED + base, "embedded data missing from the jar");
        }
        return new Opened("embedded " + base, in);
    }

    /** Opens {@code dir/base} or {@code dir/base.gz}, whichever exists. */
    private static Opened openIdx(String dir, String base, Configuration hadoop) {
        Path folder = DataFolder.require(dir, hadoop);
        try {
            FileSystem fs = folder.getFileSystem(hadoop);
            for (String candidate : List.of(base + ".gz", base)) {
                Path p = new Path(folder, candidate);
                if (fs.exists(p)) {
                    return new Opened(p.toString(), fs.open(p));
                }
            }
        } catch (IOException e) {
            throw new DataError(dir, "cannot read: " + e.getMessage());
        }
        throw new DataError(new Path(folder, base).toString(), "missing (looked for " + base + " and " + base
                + ".gz; data.format = fashion-mnist needs the four IDX files)");
    }
}
