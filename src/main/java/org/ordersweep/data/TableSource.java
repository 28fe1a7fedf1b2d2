package org.ordersweep.data;

import org.apache.hadoop.conf.Configuration;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.plan.Seeds;

import java.util.List;
import java.util.Map;

/**
 * data.format = table: a Parquet table of labels and features ({@link TableReader}): its test rows from
 * data.test-path, else from data.split-column, else a stratified data.test-fraction; features shaped data.channels x
 * height x width.
 */
final class TableSource implements DatasetSource {

    @Override
    public DataLoader.TrainTest read(SweepConfig.Data data, long seed, Configuration hadoop) {
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
        Map<String, Integer> classes = ClassIndex.of(train.stream().map(TableReader.Row::label).toList());
        if (classes.size() < 2) {
            throw new DataError(data.path(), "needs at least two classes, found " + classes.keySet());
        }
        LabelledData trainData = examples(train, classes, data, data.path());
        List<String> names = List.copyOf(classes.keySet());
        if (test.isEmpty()) {
            LabelledData[] parts = trainData.stratifiedSplit(data.testFraction(), Seeds.derive(seed, TEST_SHARE));
            return new DataLoader.TrainTest(parts[0], parts[1], data.path(), names);
        }
        return new DataLoader.TrainTest(trainData, examples(test, classes, data,
                t.testPath().isEmpty() ? data.path() : t.testPath()), data.path(), names);
    }

    private static LabelledData examples(List<TableReader.Row> rows, Map<String, Integer> classes,
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
}
