package org.ordersweep.data;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ordersweep.OrderSweep;
import org.ordersweep.SparkTestBase;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * data.format = spark: CSV, ORC, JSON and a catalog table written in this session, each read by the session, written
 * once under output.dir/data/, swept and resumed without training again; the same rows in another order are the
 * same data; bad sources and columns are refused before anything is written.
 */
class SparkFormatTest extends SparkTestBase {

    @TempDir
    static Path warehouse;

    @TempDir
    Path dir;

    private static final int LEN = 16;

    @Override
    protected org.apache.spark.SparkConf sessionConf() {
        return super.sessionConf().set("spark.sql.warehouse.dir", warehouse.toUri().toString());
    }

    private static final StructType ARRAYS = new StructType(new StructField[] {
            new StructField("label", DataTypes.StringType, false, Metadata.empty()),
            new StructField("pixels", DataTypes.createArrayType(DataTypes.DoubleType), false, Metadata.empty()),
            new StructField("part", DataTypes.StringType, false, Metadata.empty())});

    /** 80 rows of two classes that a small network tells apart; every fifth row marked "test". */
    private Dataset<Row> images(int seed) {
        Random r = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            Double[] f = new Double[LEN];
            for (int k = 0; k < LEN; k++) {
                f[k] = r.nextGaussian() * 0.5 + (i % 2 == 0 ? (k < LEN / 2 ? 1 : 0) : (k < LEN / 2 ? 0 : 1));
            }
            rows.add(RowFactory.create(i % 2 == 0 ? "even" : "odd", f, i % 5 == 4 ? "test" : "train"));
        }
        return spark.createDataFrame(rows, ARRAYS);
    }

    /** The same rows as columns p0..p15 (a CSV file's layout). */
    private Dataset<Row> columns(Dataset<Row> images) {
        Dataset<Row> out = images;
        for (int k = 0; k < LEN; k++) {
            out = out.withColumn("p" + k, out.col("pixels").getItem(k));
        }
        return out.drop("pixels");
    }

    private List<String> pixelColumns() {
        List<String> p = new ArrayList<>();
        for (int k = 0; k < LEN; k++) {
            p.add("p" + k);
        }
        return p;
    }

    private SweepConfig config(String... sets) {
        List<String> all = new ArrayList<>(List.of("data.format=spark", "data.channels=1", "data.height=4",
                "data.width=4", "sweep.block=[conv,act,pool]", "model.filters=[4,8]", "model.dense=8",
                "model.pool=2", "train.epochs=1", "train.batch-size=16", "train.mode=trial-parallel",
                "output.dir=" + dir.resolve("results")));
        all.addAll(List.of(sets));
        return ConfigLoader.load(null, all);
    }

    private static List<Path> dataFolders(Path results) throws IOException {
        Path data = results.resolve("data");
        if (!Files.isDirectory(data)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(data)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
    }

    /** A sweep from the source, then the same command again: the second trains nothing. */
    private OrderSweep.Run sweepTwice(SweepConfig c) {
        OrderSweep.Run first = OrderSweep.run(spark, c);
        assertTrue(first.summary().trainedNow() > 0);
        assertEquals(0, first.summary().notOk());
        OrderSweep.Run again = OrderSweep.run(spark, c);
        assertEquals(0, again.summary().trainedNow(), "a resumed run trains nothing");
        assertEquals(first.summary().sweepId(), again.summary().sweepId());
        return first;
    }

    @Test
    void aCsvFileWithPixelColumnsIsSweptAndResumed() throws IOException {
        String csv = dir.resolve("csv").toString();
        columns(images(1)).coalesce(1).write().option("header", "true").csv(csv);
        SweepConfig c = config("data.source=csv", "data.path=" + csv, "data.options.header=true",
                "data.options.inferSchema=true", "data.features-columns=[" + String.join(",", pixelColumns()) + "]",
                "data.split-column=part");
        OrderSweep.Run run = sweepTwice(c);
        List<Path> written = dataFolders(dir.resolve("results"));
        assertEquals(1, written.size(), written.toString());
        // What every JVM reads: the written table, 64 training and 16 test rows of 16 features, two classes.
        DataLoader.TrainTest d = DataLoader.load(c.withDataWrittenTo(written.get(0).toString()),
                spark.sparkContext().hadoopConfiguration());
        assertEquals(64, d.train().size());
        assertEquals(16, d.test().size());
        assertEquals(List.of("even", "odd"), d.classNames());
        assertTrue(run.analysis().reportPath().endsWith(".html"));
    }

    @Test
    void orcWithAnArrayColumnAndJsonWithASeparateTestFileGiveTheSameRowsAsTheDataFrame() throws IOException {
        Dataset<Row> rows = images(2);
        String orc = dir.resolve("orc").toString();
        rows.write().orc(orc);
        SweepConfig fromOrc = config("data.source=orc", "data.path=" + orc, "data.features-column=pixels",
                "data.split-column=part", "output.dir=" + dir.resolve("orc-results"));
        sweepTwice(fromOrc);
        // JSON, train and test in two files, the rows in another order: the same examples as ORC's.
        String train = dir.resolve("train-json").toString();
        String test = dir.resolve("test-json").toString();
        rows.where("part = 'train'").orderBy(org.apache.spark.sql.functions.rand(7)).repartition(3).write().json(train);
        rows.where("part = 'test'").write().json(test);
        SweepConfig fromJson = config("data.source=json", "data.path=" + train, "data.test-path=" + test,
                "data.features-column=pixels", "output.dir=" + dir.resolve("json-results"));
        sweepTwice(fromJson);
        DataLoader.TrainTest a = written(fromOrc, dir.resolve("orc-results"));
        DataLoader.TrainTest b = written(fromJson, dir.resolve("json-results"));
        assertArrayEquals(a.train().labels(), b.train().labels());
        assertArrayEquals(a.train().features(), b.train().features());
        assertArrayEquals(a.test().features(), b.test().features());
    }

    private DataLoader.TrainTest written(SweepConfig c, Path results) throws IOException {
        List<Path> folders = dataFolders(results);
        assertEquals(1, folders.size());
        return DataLoader.load(c.withDataWrittenTo(folders.get(0).toString()),
                spark.sparkContext().hadoopConfiguration());
    }

    @Test
    void mlVectorsAsParquetStoresThemDenseAndSparse() {
        StructType vector = TableFormatTest.ML_VECTOR;
        StructType schema = new StructType(new StructField[] {
                new StructField("y", DataTypes.IntegerType, false, Metadata.empty()),
                new StructField("x", vector, false, Metadata.empty())});
        List<Row> rows = List.of(
                RowFactory.create(0, RowFactory.create((byte) 1, null, null, new Double[] {1.0, 2.0, 3.0, 4.0})),
                RowFactory.create(1, RowFactory.create((byte) 0, 4, new Integer[] {1, 3}, new Double[] {5.0, 6.0})));
        SweepConfig c = config("data.source=parquet", "data.path=unused", "data.label-column=y",
                "data.features-column=x", "data.height=2", "data.width=2", "data.test-fraction=0.5");
        SweepConfig written = SparkTable.write(spark, c, spark.createDataFrame(rows, schema), null, "vectors",
                "vectors");
        DataLoader.TrainTest d = DataLoader.load(written, spark.sparkContext().hadoopConfiguration());
        float[] all = new float[8];
        System.arraycopy(d.train().features(), 0, all, d.train().labels()[0] * 4, 4);
        System.arraycopy(d.test().features(), 0, all, d.test().labels()[0] * 4, 4);
        assertArrayEquals(new float[] {1, 2, 3, 4, 0, 5, 0, 6}, all);
    }

    @Test
    void aCatalogTableWrittenInThisSessionIsSwept() {
        images(3).write().mode(SaveMode.Overwrite).saveAsTable("ordersweep_images");
        SweepConfig c = config("data.table=ordersweep_images", "data.features-column=pixels",
                "data.split-column=part");
        sweepTwice(c);
    }

    @Test
    void dataFramesInHandAreSweptAndTheSameRowsResumeTheSameSweep() throws IOException {
        Dataset<Row> rows = images(6);
        Dataset<Row> train = rows.where("part = 'train'");
        Dataset<Row> test = rows.where("part = 'test'");
        // Any data.format: the rows are given.
        SweepConfig c = config("data.format=fashion-mnist", "data.features-column=pixels");
        OrderSweep.Run first = OrderSweep.run(spark, c, train, test, OrderSweep.RunOptions.RESUME);
        assertTrue(first.summary().trainedNow() > 0);
        // The same rows in another order and partitioning, as a notebook might build them again: nothing to train.
        OrderSweep.Run again = OrderSweep.run(spark, c, train.orderBy(org.apache.spark.sql.functions.rand(3))
                .repartition(4), test, OrderSweep.RunOptions.RESUME);
        assertEquals(first.summary().sweepId(), again.summary().sweepId());
        assertEquals(0, again.summary().trainedNow());
        // Other rows: another sweep, trained in full.
        OrderSweep.Run other = OrderSweep.run(spark, c, images(7).where("part = 'train'"), test,
                OrderSweep.RunOptions.RESUME);
        assertFalse(first.summary().sweepId().equals(other.summary().sweepId()));
        assertEquals(first.summary().trainedNow(), other.summary().trainedNow());
        assertEquals(2, dataFolders(dir.resolve("results")).size());
        // The recorded configuration says where the rows came from.
        Path runs = dir.resolve("results").resolve("runs").resolve(first.summary().sweepId());
        try (Stream<Path> s = Files.walk(runs)) {
            Path conf = s.filter(p -> p.getFileName().toString().equals("config.conf")).findFirst().orElseThrow();
            String text = Files.readString(conf);
            assertTrue(text.contains("data.format = \"spark\""), text);
            assertTrue(text.contains("data.source = \"dataframe\""), text);
        }
        // A test DataFrame without the features column: one line naming it.
        DataError e = assertThrows(DataError.class, () -> OrderSweep.run(spark, c, train, test.drop("pixels"),
                OrderSweep.RunOptions.RESUME));
        assertTrue(e.getMessage().startsWith("the test DataFrame: no column 'pixels'"), e.getMessage());
    }

    @Test
    void badSourcesAndColumnsAreRefusedBeforeAnythingIsWritten() throws IOException {
        String csv = dir.resolve("bad-csv").toString();
        columns(images(4)).withColumn("p3", org.apache.spark.sql.functions.lit("dark")).coalesce(1).write()
                .option("header", "true").csv(csv);
        String[] options = {"data.options.header=true", "data.options.inferSchema=true"};
        String features = "data.features-columns=[" + String.join(",", pixelColumns()) + "]";
        Path results = dir.resolve("results");
        assertRefused("feature column 'p3' is string, not numeric", config("data.source=csv", "data.path=" + csv,
                options[0], options[1], features));
        assertRefused("no column 'pixels'; columns: label, part, p0", config("data.source=csv", "data.path=" + csv,
                options[0], options[1], "data.features-column=pixels"));
        assertRefused("Spark cannot read it as orc", config("data.source=orc", "data.path=" + dir.resolve("none")));
        String ragged = dir.resolve("ragged").toString();
        Files.createDirectories(Path.of(ragged));
        Files.writeString(Path.of(ragged, "part-0.json"), "{\"label\":0,\"features\":[1,2,3,4]}\n"
                + "{\"label\":1,\"features\":[1,2,3]}\n");
        assertRefused("the features differ in length between rows: 3 to 4 values", config("data.source=json",
                "data.path=" + ragged, "data.height=2", "data.width=2"));
        String empty = dir.resolve("empty").toString();
        images(5).limit(0).write().orc(empty);
        assertRefused("no rows to train on", config("data.source=orc", "data.path=" + empty,
                "data.features-column=pixels"));
        assertFalse(new File(results.resolve("data").toString()).exists(), "nothing written");
    }

    private void assertRefused(String expected, SweepConfig c) {
        DataError e = assertThrows(DataError.class, () -> OrderSweep.run(spark, c));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
