package org.ordersweep.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ordersweep.config.DataFormat;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.domain.InputShape;
import org.ordersweep.plan.Seeds;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Loads the sweep's training and test data once, on the driver, from the embedded subset or from a folder on any
 * Hadoop filesystem, and shapes it for the configured layout.
 */
public final class DataLoader {

    public static final String EMBEDDED = "embedded:fashion-mnist-subset";
    private static final String EMBEDDED_DIR = "/org/ordersweep/data/fashion-mnist-subset/";
    private static final int FASHION_CLASSES = 10;
    private static final List<String> FASHION_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private DataLoader() {
    }

    /**
     * @param validation held out of the training data for halving decisions; null when none
     * @param sampling   how the examples were chosen from the source (limits sample), for the provenance
     */
    public record TrainTest(LabelledData train, LabelledData test, LabelledData validation, String source,
                            String sampling, List<String> classNames) implements java.io.Serializable {
        /** The source as logged and recorded: without a password given in its URI. */
        public TrainTest {
            source = org.ordersweep.config.Secrets.maskUris(source);
            classNames = List.copyOf(classNames);
        }

        public TrainTest(LabelledData train, LabelledData test, String source, List<String> classNames) {
            this(train, test, null, source, "all examples", classNames);
        }

        public InputShape shape() {
            return train.shape();
        }

        /** Identifies the training and test examples (not the validation split, which is derived from them). */
        public String hash() {
            return org.ordersweep.plan.TrialIds.sha256(train.hash() + test.hash());
        }

        /** The same data with a reproducible random share of the training examples held out for validation. */
        public TrainTest withValidation(double fraction) {
            LabelledData[] split = train.splitValidation(fraction);
            return new TrainTest(split[0], test, split[1], source, sampling, classNames);
        }
    }

    /** The sweep's data: limits take a stratified sample seeded by sweep.master-seed. */
    public static TrainTest load(SweepConfig config, Configuration hadoop) {
        return load(config.data(), config.model(), config.sweep().masterSeed(), hadoop);
    }

    public static TrainTest load(SweepConfig.Data data, SweepConfig.Model model, long seed, Configuration hadoop) {
        TrainTest raw = switch (data.format()) {
            case UCR -> ucr(data.path(), hadoop);
            case CIFAR10 -> cifar10(data.path(), hadoop);
            case IMAGES -> images(data, seed, hadoop);
            case TABLE -> table(data, seed, hadoop);
            case FASHION_MNIST -> fashionMnist(data.path(), hadoop);
        };
        // Separate streams for the two limits, so that changing one leaves the other's sample as it was.
        LabelledData train = raw.train().stratifiedSample(data.trainLimit(), Seeds.derive(seed, 0x7124L));
        LabelledData test = raw.test().stratifiedSample(data.testLimit(), Seeds.derive(seed, 0x7E57L));
        if (model.oneDimensional() && data.format() == DataFormat.FASHION_MNIST) {
            train = train.rowsAsTimeSteps();
            test = test.rowsAsTimeSteps();
        }
        String sampling = describe("training", train.size(), raw.train().size()) + ", "
                + describe("test", test.size(), raw.test().size())
                + (train.size() < raw.train().size() || test.size() < raw.test().size()
                ? " (stratified by class, seeded by sweep.master-seed " + seed + ")" : "");
        return new TrainTest(train, test, null, raw.source(), sampling, raw.classNames());
    }

    private static String describe(String what, int used, int available) {
        return used == available ? "all " + available + " " + what + " examples"
                : used + " of " + available + " " + what + " examples";
    }

    static TrainTest fashionMnist(String path, Configuration hadoop) {
        Function<String, Opened> open = path.isEmpty() ? DataLoader::openEmbedded : name -> openIdx(path, name, hadoop);
        return new TrainTest(fashionSplit(open, "train"), fashionSplit(open, "t10k"),
                path.isEmpty() ? EMBEDDED : path, FASHION_NAMES);
    }

    private static LabelledData fashionSplit(Function<String, Opened> open, String prefix) {
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
            labels = IdxReader.readLabels(in, labelFile.name(), FASHION_CLASSES);
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
        return new LabelledData(f, labels, 1, images.rows(), images.cols(), FASHION_CLASSES);
    }

    private record Opened(String name, InputStream stream) {
    }

    private static Opened openEmbedded(String base) {
        String name = EMBEDDED_DIR + base + ".gz";
        InputStream in = DataLoader.class.getResourceAsStream(name);
        if (in == null) {
            throw new DataError(EMBEDDED + base, "embedded data missing from the jar");
        }
        return new Opened("embedded " + base, in);
    }

    /** Opens {@code dir/base} or {@code dir/base.gz}, whichever exists. */
    private static Opened openIdx(String dir, String base, Configuration hadoop) {
        Path folder = folder(dir, hadoop);
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

    private static Path folder(String dir, Configuration hadoop) {
        Path folder = new Path(dir);
        try {
            FileSystem fs = folder.getFileSystem(hadoop);
            if (!fs.exists(folder)) {
                throw new DataError(dir, "data.path does not exist");
            }
            if (!fs.getFileStatus(folder).isDirectory()) {
                throw new DataError(dir, "data.path must be a folder");
            }
            return folder;
        } catch (IOException e) {
            throw new DataError(dir, "cannot read: " + e.getMessage());
        }
    }

    /** CIFAR-10's binary version: every data_batch_*.bin for training, test_batch.bin for testing. */
    static TrainTest cifar10(String dir, Configuration hadoop) {
        Path folder = folder(dir, hadoop);
        List<Path> trainFiles = new ArrayList<>();
        Path testFile = new Path(folder, "test_batch.bin");
        try {
            FileSystem fs = folder.getFileSystem(hadoop);
            for (FileStatus st : fs.listStatus(folder)) {
                String n = st.getPath().getName();
                if (st.isFile() && n.startsWith("data_batch_") && n.endsWith(".bin")) {
                    trainFiles.add(st.getPath());
                }
            }
            if (trainFiles.isEmpty()) {
                throw new DataError(dir, "no data_batch_*.bin files (data.format = cifar10 needs CIFAR-10's binary "
                        + "batches and test_batch.bin)");
            }
            if (!fs.exists(testFile)) {
                throw new DataError(testFile.toString(), "missing (data.format = cifar10 needs it for the test set)");
            }
        } catch (IOException e) {
            throw new DataError(dir, "cannot read: " + e.getMessage());
        }
        trainFiles.sort(java.util.Comparator.comparing(Path::getName));
        List<Cifar10Reader.Batch> train = new ArrayList<>();
        for (Path f : trainFiles) {
            train.add(readCifar(f, hadoop));
        }
        return new TrainTest(cifarData(train), cifarData(List.of(readCifar(testFile, hadoop))), dir,
                Cifar10Reader.CLASS_NAMES);
    }

    private static Cifar10Reader.Batch readCifar(Path file, Configuration hadoop) {
        try (InputStream in = file.getFileSystem(hadoop).open(file)) {
            return Cifar10Reader.read(in, file.toString());
        } catch (IOException e) {
            throw new DataError(file.toString(), "cannot read: " + e.getMessage());
        }
    }

    private static LabelledData cifarData(List<Cifar10Reader.Batch> batches) {
        int n = batches.stream().mapToInt(Cifar10Reader.Batch::count).sum();
        float[] f = new float[n * Cifar10Reader.PIXELS];
        int[] y = new int[n];
        int at = 0;
        for (Cifar10Reader.Batch b : batches) {
            for (int i = 0; i < b.pixels().length; i++) {
                f[at * Cifar10Reader.PIXELS + i] = (b.pixels()[i] & 0xff) / 255f;
            }
            System.arraycopy(b.labels(), 0, y, at, b.count());
            at += b.count();
        }
        return new LabelledData(f, y, Cifar10Reader.CHANNELS, Cifar10Reader.SIDE, Cifar10Reader.SIDE,
                Cifar10Reader.CLASSES);
    }

    /**
     * A folder of images, one sub-folder per class: its train/ and test/ sub-folders when it has both, else the one
     * folder split into a stratified test share of data.test-fraction, seeded by sweep.master-seed.
     */
    static TrainTest images(SweepConfig.Data data, long seed, Configuration hadoop) {
        if (data.path().isEmpty()) {
            throw new DataError("data.path", "empty: data.format = images needs a folder of class sub-folders");
        }
        Path folder = folder(data.path(), hadoop);
        Path trainDir = new Path(folder, "train");
        Path testDir = new Path(folder, "test");
        boolean split;
        try {
            FileSystem fs = folder.getFileSystem(hadoop);
            split = !(fs.isDirectory(trainDir) && fs.isDirectory(testDir));
        } catch (IOException e) {
            throw new DataError(data.path(), "cannot read: " + e.getMessage());
        }
        if (split) {
            ImageFolderReader.Images all = ImageFolderReader.read(folder, hadoop, data.height(), data.width(),
                    data.channels(), null);
            LabelledData[] parts = all.data().stratifiedSplit(data.testFraction(), Seeds.derive(seed, 0x5E1FL));
            return new TrainTest(parts[0], parts[1], data.path(), all.classes());
        }
        ImageFolderReader.Images train = ImageFolderReader.read(trainDir, hadoop, data.height(), data.width(),
                data.channels(), null);
        ImageFolderReader.Images test = ImageFolderReader.read(testDir, hadoop, data.height(), data.width(),
                data.channels(), train.classes());
        return new TrainTest(train.data(), test.data(), data.path(), train.classes());
    }

    /**
     * A Parquet table of labels and features ({@link TableReader}): its test rows from data.test-path, else from
     * data.split-column, else a stratified data.test-fraction; features shaped data.channels x height x width.
     */
    static TrainTest table(SweepConfig.Data data, long seed, Configuration hadoop) {
        SweepConfig.Table t = data.table();
        List<TableReader.Row> rows = TableReader.read(data.path(), hadoop, t.labelColumn(), t.featuresColumn(),
                t.splitColumn());
        List<TableReader.Row> test = t.testPath().isEmpty() ? List.of()
                : TableReader.read(t.testPath(), hadoop, t.labelColumn(), t.featuresColumn(), "");
        List<TableReader.Row> train = rows;
        if (t.testPath().isEmpty() && !t.splitColumn().isEmpty()) {
            train = rows.stream().filter(r -> !r.test()).toList();
            test = rows.stream().filter(TableReader.Row::test).toList();
            if (train.isEmpty() || test.isEmpty()) {
                throw new DataError(data.path(), "data.split-column '" + t.splitColumn() + "' leaves "
                        + (train.isEmpty() ? "no training rows" : "no test rows (values \"test\" or true)"));
            }
        }
        Map<String, Integer> classes = classIndex(train.stream().map(TableReader.Row::label).toList());
        if (classes.size() < 2) {
            throw new DataError(data.path(), "needs at least two classes, found " + classes.keySet());
        }
        LabelledData trainData = tableData(train, classes, data, data.path());
        List<String> names = List.copyOf(classes.keySet());
        if (test.isEmpty()) {
            LabelledData[] parts = trainData.stratifiedSplit(data.testFraction(), Seeds.derive(seed, 0x5E1FL));
            return new TrainTest(parts[0], parts[1], data.path(), names);
        }
        return new TrainTest(trainData, tableData(test, classes, data,
                t.testPath().isEmpty() ? data.path() : t.testPath()), data.path(), names);
    }

    private static LabelledData tableData(List<TableReader.Row> rows, Map<String, Integer> classes,
                                          SweepConfig.Data data, String source) {
        int len = data.channels() * data.height() * data.width();
        float[] f = new float[Math.multiplyExact(rows.size(), len)];
        int[] y = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            TableReader.Row r = rows.get(i);
            if (r.features().length != len) {
                throw new DataError(source, "row " + (i + 1) + " has " + r.features().length + " features; "
                        + "data.channels x data.height x data.width = " + data.channels() + " x " + data.height()
                        + " x " + data.width() + " = " + len);
            }
            Integer c = classes.get(r.label());
            if (c == null) {
                throw new DataError(source, "row " + (i + 1) + " has label '" + r.label()
                        + "', which the training rows never use; known labels: " + classes.keySet());
            }
            y[i] = c;
            for (int k = 0; k < len; k++) {
                f[i * len + k] = (float) r.features()[k];
            }
        }
        return new LabelledData(f, y, data.channels(), data.height(), data.width(), classes.size());
    }

    static TrainTest ucr(String dir, Configuration hadoop) {
        Path folder = folder(dir, hadoop);
        Path trainFile = findUcr(folder, "_TRAIN", hadoop);
        Path testFile = findUcr(folder, "_TEST", hadoop);
        UcrReader.Rows train = readUcr(trainFile, hadoop);
        UcrReader.Rows test = readUcr(testFile, hadoop);
        if (train.series().get(0).length != test.series().get(0).length) {
            throw new DataError(testFile.toString(), "series have " + test.series().get(0).length + " values, "
                    + trainFile + " has " + train.series().get(0).length);
        }
        Map<String, Integer> classes = classIndex(train.labels());
        return new TrainTest(toData(train, classes, trainFile.toString()), toData(test, classes, testFile.toString()),
                dir, List.copyOf(classes.keySet()));
    }

    private static Path findUcr(Path folder, String suffix, Configuration hadoop) {
        try {
            FileSystem fs = folder.getFileSystem(hadoop);
            List<Path> found = new ArrayList<>();
            for (FileStatus st : fs.listStatus(folder)) {
                String n = st.getPath().getName();
                if (st.isFile() && (n.endsWith(suffix + ".tsv") || n.endsWith(suffix + ".csv")
                        || n.endsWith(suffix + ".txt"))) {
                    found.add(st.getPath());
                }
            }
            if (found.size() != 1) {
                throw new DataError(folder.toString(), (found.isEmpty() ? "no" : found.size()) + " files named NAME"
                        + suffix + ".tsv (or .csv/.txt); a UCR folder needs exactly one");
            }
            return found.get(0);
        } catch (IOException e) {
            throw new DataError(folder.toString(), "cannot read: " + e.getMessage());
        }
    }

    private static UcrReader.Rows readUcr(Path file, Configuration hadoop) {
        try (InputStream in = file.getFileSystem(hadoop).open(file)) {
            return UcrReader.read(in, file.toString());
        } catch (IOException e) {
            throw new DataError(file.toString(), "cannot read: " + e.getMessage());
        }
    }

    /** UCR labels are arbitrary numbers or words: class indices follow their numeric (else text) order. */
    private static Map<String, Integer> classIndex(List<String> labels) {
        TreeMap<String, Integer> index = new TreeMap<>((a, b) -> {
            try {
                return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
            } catch (NumberFormatException e) {
                return a.compareTo(b);
            }
        });
        labels.forEach(l -> index.put(l, 0));
        int i = 0;
        for (Map.Entry<String, Integer> e : index.entrySet()) {
            e.setValue(i++);
        }
        return index;
    }

    private static LabelledData toData(UcrReader.Rows rows, Map<String, Integer> classes, String file) {
        int length = rows.series().get(0).length;
        float[] f = new float[rows.series().size() * length];
        int[] y = new int[rows.series().size()];
        for (int i = 0; i < y.length; i++) {
            Integer c = classes.get(rows.labels().get(i));
            if (c == null) {
                throw new DataError(file, "series " + (i + 1) + " has label '" + rows.labels().get(i)
                        + "', which the training file never uses; known labels: " + classes.keySet());
            }
            y[i] = c;
            System.arraycopy(rows.series().get(i), 0, f, i * length, length);
        }
        if (classes.size() < 2) {
            throw new DataError(file, "needs at least two classes, found " + Arrays.toString(classes.keySet().toArray()));
        }
        return new LabelledData(f, y, 1, 1, length, classes.size());
    }
}
