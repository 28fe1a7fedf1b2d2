package org.ordersweep.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ordersweep.config.SweepConfig;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** data.format = cifar10: CIFAR-10's binary version, each data_batch_*.bin for training, test_batch.bin for tests. */
final class Cifar10Source implements DatasetSource {

    @Override
    public DataLoader.TrainTest read(SweepConfig.Data data, long seed, Configuration hadoop) {
        String dir = data.path();
        Path folder = DataFolder.require(dir, hadoop);
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
        trainFiles.sort(Comparator.comparing(Path::getName));
        List<Cifar10Reader.Batch> train = new ArrayList<>();
        for (Path f : trainFiles) {
            train.add(readBatch(f, hadoop));
        }
        return new DataLoader.TrainTest(examples(train), examples(List.of(readBatch(testFile, hadoop))), dir,
                Cifar10Reader.CLASS_NAMES);
    }

    private static Cifar10Reader.Batch readBatch(Path file, Configuration hadoop) {
        try (InputStream in = file.getFileSystem(hadoop).open(file)) {
            return Cifar10Reader.read(in, file.toString());
        } catch (IOException e) {
            throw new DataError(file.toString(), "cannot read: " + e.getMessage());
        }
    }

    private static LabelledData examples(List<Cifar10Reader.Batch> batches) {
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
}
