package org.ordersweep.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ordersweep.config.SweepConfig;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * data.format = ucr: a UCR archive folder, NAME_TRAIN and NAME_TEST (.tsv, .csv or .txt), read by {@link UcrReader};
 * each series is one channel of height 1. Labels are arbitrary numbers or words ({@link ClassIndex}).
 */
final class UcrSource implements DatasetSource {

    @Override
    public DataLoader.TrainTest read(SweepConfig.Data data, long seed, Configuration hadoop) {
        return read(data.path(), hadoop);
    }

    static DataLoader.TrainTest read(String dir, Configuration hadoop) {
        Path folder = DataFolder.require(dir, hadoop);
        Path trainFile = find(folder, "_TRAIN", hadoop);
        Path testFile = find(folder, "_TEST", hadoop);
        UcrReader.Rows train = readFile(trainFile, hadoop);
        UcrReader.Rows test = readFile(testFile, hadoop);
        if (train.series().get(0).length != test.series().get(0).length) {
            throw new DataError(testFile.toString(), "series have " + test.series().get(0).length + " values, "
                    + trainFile + " has " + train.series().get(0).length);
        }
        Map<String, Integer> classes = ClassIndex.of(train.labels());
        return new DataLoader.TrainTest(examples(train, classes, trainFile.toString()),
                examples(test, classes, testFile.toString()), dir, List.copyOf(classes.keySet()));
    }

    private static Path find(Path folder, String suffix, Configuration hadoop) {
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

    private static UcrReader.Rows readFile(Path file, Configuration hadoop) {
        try (InputStream in = file.getFileSystem(hadoop).open(file)) {
            return UcrReader.read(in, file.toString());
        } catch (IOException e) {
            throw new DataError(file.toString(), "cannot read: " + e.getMessage());
        }
    }

    private static LabelledData examples(UcrReader.Rows rows, Map<String, Integer> classes, String file) {
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
            throw new DataError(file, "needs at least two classes, found "
                    + Arrays.toString(classes.keySet().toArray()));
        }
        return new LabelledData(f, y, 1, 1, length, classes.size());
    }
}
