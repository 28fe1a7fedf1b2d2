package org.ordersweep.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ordersweep.SparkTestBase;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.results.ResultStore;
import org.ordersweep.train.SweepRunner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** data.format = table on Parquet tables Spark writes here: arrays and ML vectors, splits, refusals, a sweep. */
class TableFormatTest extends SparkTestBase {

    @TempDir
    Path dir;

    private static final StructType ARRAYS = new StructType(new StructField[] {
            new StructField("label", DataTypes.IntegerType, false, Metadata.empty()),
            new StructField("pixels", DataTypes.createArrayType(DataTypes.FloatType), false, Metadata.empty()),
            new StructField("part", DataTypes.StringType, true, Metadata.empty())});

    /** Row i: label i % classes, features (i + k) / 100 for k in 0..len-1, every fifth row marked "test". */
    private String arrayTable(String name, int n, int classes, int len) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Float[] f = new Float[len];
            for (int k = 0; k < len; k++) {
                f[k] = (i + k) / 100f;
            }
            rows.add(RowFactory.create(i % classes, f, i % 5 == 4 ? "test" : "train"));
        }
        String path = dir.resolve(name).toString();
        spark.createDataFrame(rows, ARRAYS).repartition(2).write().parquet(path);
        return path;
    }

    private DataLoader.TrainTest load(String... sets) {
        return DataLoader.load(ConfigLoader.load(null, List.of(sets)), spark.sparkContext().hadoopConfiguration());
    }

    @Test
    void anArrayColumnWithASplitColumnGivesShapedDataInTheTablesOrder() {
        String t = arrayTable("t", 40, 2, 12);
        DataLoader.TrainTest d = load("data.format=table", "data.path=" + t, "data.features-column=pixels",
                "data.split-column=part", "data.channels=3", "data.height=2", "data.width=2");
        assertEquals(new org.ordersweep.domain.InputShape(3, 2, 2, 2), d.shape());
        assertEquals(32, d.train().size());
        assertEquals(8, d.test().size());
        assertEquals(List.of("0", "1"), d.classNames());
        // Every row's features are (i + k) / 100: the first value identifies the row, the rest follow it.
        for (LabelledData part : List.of(d.train(), d.test())) {
            for (int r = 0; r < part.size(); r++) {
                float first = part.features()[r * 12];
                int i = Math.round(first * 100);
                assertEquals(i % 2, part.labels()[r]);
                assertEquals(i % 5 == 4, part == d.test());
                assertEquals((i + 11) / 100f, part.features()[r * 12 + 11], 1e-6);
            }
        }
        DataLoader.TrainTest again = load("data.format=table", "data.path=" + t, "data.features-column=pixels",
                "data.split-column=part", "data.channels=3", "data.height=2", "data.width=2");
        assertEquals(d.hash(), again.hash());
    }

    /** The physical layout Spark ML's VectorUDT stores: type 1 dense, 0 sparse. */
    static final StructType ML_VECTOR = new StructType(new StructField[] {
            new StructField("type", DataTypes.ByteType, false, Metadata.empty()),
            new StructField("size", DataTypes.IntegerType, true, Metadata.empty()),
            new StructField("indices", DataTypes.createArrayType(DataTypes.IntegerType), true, Metadata.empty()),
            new StructField("values", DataTypes.createArrayType(DataTypes.DoubleType), false, Metadata.empty())});

    @Test
    void mlVectorsDenseAndSparseAndTextLabelsWithASeparateTestTable() {
        StructType vector = ML_VECTOR;
        StructType schema = new StructType(new StructField[] {
                new StructField("y", DataTypes.StringType, false, Metadata.empty()),
                new StructField("x", vector, false, Metadata.empty())});
        List<Row> train = List.of(
                RowFactory.create("cat", RowFactory.create((byte) 1, null, null, new Double[] {1.0, 2.0, 3.0, 4.0})),
                RowFactory.create("dog", RowFactory.create((byte) 0, 4, new Integer[] {1, 3}, new Double[] {5.0, 6.0})),
                RowFactory.create("cat", RowFactory.create((byte) 1, null, null, new Double[] {0.0, 0.5, 0.0, 1.0})));
        List<Row> test = List.of(
                RowFactory.create("dog", RowFactory.create((byte) 0, 4, new Integer[] {0}, new Double[] {7.0})));
        String trainPath = dir.resolve("train").toString();
        String testPath = dir.resolve("test").toString();
        spark.createDataFrame(train, schema).coalesce(1).write().parquet(trainPath);
        spark.createDataFrame(test, schema).coalesce(1).write().parquet(testPath);
        DataLoader.TrainTest d = load("data.format=table", "data.path=" + trainPath, "data.test-path=" + testPath,
                "data.label-column=y", "data.features-column=x", "data.channels=1", "data.height=2",
                "data.width=2");
        assertEquals(List.of("cat", "dog"), d.classNames());
        assertArrayEquals(new int[] {0, 1, 0}, d.train().labels());
        assertArrayEquals(new float[] {1, 2, 3, 4, 0, 5, 0, 6, 0, 0.5f, 0, 1}, d.train().features());
        assertArrayEquals(new float[] {7, 0, 0, 0}, d.test().features());
        assertArrayEquals(new int[] {1}, d.test().labels());
    }

    @Test
    void tablesRefuseWhatTheyCannotUse() {
        String t = arrayTable("bad", 10, 2, 5);
        DataError e = assertThrows(DataError.class, () -> load("data.format=table", "data.path=" + t,
                "data.features-column=pixels", "data.channels=1", "data.height=2", "data.width=2"));
        assertTrue(e.getMessage().contains("row 1 has 5 features; data.channels x data.height x data.width = "
                + "1 x 2 x 2 = 4"), e.getMessage());
        e = assertThrows(DataError.class, () -> load("data.format=table", "data.path=" + t));
        assertTrue(e.getMessage().contains("no column 'features'; columns: [label, pixels, part]"), e.getMessage());
        e = assertThrows(DataError.class, () -> load("data.format=table", "data.path=" + dir.resolve("none")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void aSweepOnATableTrainsEndToEnd() {
        List<Row> rows = new ArrayList<>();
        Random r = new Random(3);
        for (int i = 0; i < 120; i++) {
            Float[] f = new Float[64];
            for (int k = 0; k < 64; k++) {
                f[k] = (float) (r.nextGaussian() + (i % 2 == 0 ? (k < 32 ? 1 : 0) : (k < 32 ? 0 : 1)));
            }
            rows.add(RowFactory.create(i % 2, f, null));
        }
        String path = dir.resolve("sweep-table").toString();
        spark.createDataFrame(rows, ARRAYS).write().parquet(path);
        SweepConfig c = ConfigLoader.load(null, List.of("data.format=table", "data.path=" + path,
                "data.features-column=pixels", "data.channels=1", "data.height=8", "data.width=8",
                "sweep.block=[conv,act,pool]", "model.filters=[4,8]", "model.dense=16", "train.epochs=1",
                "train.batch-size=16", "output.dir=" + dir.resolve("results")));
        SweepRunner.Summary s = SweepRunner.run(spark, c, DataLoader.load(c, spark.sparkContext()
                .hadoopConfiguration()));
        assertEquals(0, s.notOk());
        List<Row> trials = new ResultStore(spark, c.output().dir()).trials().collectAsList();
        assertEquals(s.plannedTrialIds().size(), trials.size());
        trials.forEach(t -> assertEquals("ok", t.getAs("status")));
    }
}
