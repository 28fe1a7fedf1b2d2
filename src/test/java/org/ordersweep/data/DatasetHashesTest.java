package org.ordersweep.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The data's content hash of every format, pinned: it is part of every trial id, so a change to how a format is read
 * (or sampled, or shaped for a layout) that changes a single value or label would silently retrain a recorded sweep.
 * The data are made here, the same every time.
 */
class DatasetHashesTest extends SparkTestBase {

    @TempDir
    Path dir;

    private DataLoader.TrainTest load(String... sets) {
        return DataLoader.load(ConfigLoader.load(null, List.of(sets)), spark.sparkContext().hadoopConfiguration());
    }

    private static void assertHash(String expected, DataLoader.TrainTest data) {
        assertEquals(expected, data.hash(), data.source() + " (" + data.sampling() + ")");
    }

    @Test
    void embeddedFashionMnistInBothLayoutsAndWithLimits() {
        assertHash("ba7ffd973ef7eee6f48892a3f78eb630ef827817aa7f80a1b6523727c112589e",
                load());
        assertHash("f92f61cb121ce24155523b11913cc63261c1d8e8a63a88b38db1dd5a751b854e",
                load("data.train-limit=100", "data.test-limit=30"));
        assertHash("4960bc7ffa91569e0e25cd912f1be14cdd7925e5b4069e9518a453d048dfb1f5",
                load("data.train-limit=100", "data.test-limit=30", "model.layout=1d"));
    }

    @Test
    void anIdxFolder() throws Exception {
        Path fm = Files.createDirectory(dir.resolve("fm"));
        Files.write(fm.resolve("train-images-idx3-ubyte.gz"),
                IdxFixtures.gzip(IdxFixtures.images(2051, 6, 4, 3, 72)));
        Files.write(fm.resolve("train-labels-idx1-ubyte"), IdxFixtures.labels(2049, 0, 1, 2, 0, 1, 2));
        Files.write(fm.resolve("t10k-images-idx3-ubyte"), IdxFixtures.images(2051, 3, 4, 3, 36));
        Files.write(fm.resolve("t10k-labels-idx1-ubyte.gz"), IdxFixtures.gzip(IdxFixtures.labels(2049, 2, 1, 0)));
        assertHash("87557f0a62409a40d8fb9f56d5838a47638d2c228a333a56aa3896ef6d6359da",
                load("data.format=fashion-mnist", "data.path=" + fm));
    }

    @Test
    void aUcrFolder() throws Exception {
        Path ucr = Files.createDirectory(dir.resolve("ucr"));
        StringBuilder train = new StringBuilder();
        StringBuilder test = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            train.append(i % 3 == 0 ? "-1" : i % 3 == 1 ? "2" : "10").append('\t').append(i * 0.25).append("\t1.5\t")
                    .append(-i).append('\n');
            test.append(i % 3 == 0 ? "-1" : i % 3 == 1 ? "2" : "10").append(',').append(i).append(",0.5,")
                    .append(i * 0.125).append('\n');
        }
        Files.writeString(ucr.resolve("Toy_TRAIN.tsv"), train.toString());
        Files.writeString(ucr.resolve("Toy_TEST.csv"), test.toString());
        assertHash("6d4107210c5bf0edeee59ae89218673843f0dc35edcb61f00748ec6c9fa30099",
                load("data.format=ucr", "data.path=" + ucr, "model.layout=1d"));
        assertHash("2f327a18fae5353109dfd07ebf067abd10cc064a456d81341dfa14541846a942",
                load("data.format=ucr", "data.path=" + ucr, "model.layout=1d", "data.train-limit=12",
                "data.test-limit=9"));
    }

    @Test
    void aCifar10Folder() throws Exception {
        Path d = ImageFixtures.cifarFolder(dir.resolve("cifar"), 5, 3);
        assertHash("7e0d6730c6466089810af784348d47ff2b1ef4b9e437ac5b5dc542f990ae955c",
                load("data.format=cifar10", "data.path=" + d));
    }

    @Test
    void imageFoldersSplitOrNot() throws Exception {
        ImageFixtures.imageFolder(dir.resolve("split/train"), 3, 4, 10, 7, "png", 20, 1);
        ImageFixtures.imageFolder(dir.resolve("split/test"), 3, 2, 12, 12, "bmp", 20, 2);
        assertHash("fac0f7aa3fc5a2d622d866eeac5a3138211ca42542fc6b085e143aa7ad9287c4",
                load("data.format=images", "data.path=" + dir.resolve("split"), "data.height=8",
                "data.width=6"));
        ImageFixtures.imageFolder(dir.resolve("one"), 2, 10, 9, 9, "png", 30, 3);
        assertHash("4881885285cc9740a6d1c61f8df3a14ab418c4d0806d34c3d045597ae9e2b85e",
                load("data.format=images", "data.path=" + dir.resolve("one"), "data.height=5",
                "data.width=5", "data.channels=1", "data.test-fraction=0.3"));
    }

    private static final StructType TABLE = new StructType(new StructField[] {
            new StructField("label", DataTypes.StringType, false, Metadata.empty()),
            new StructField("pixels", DataTypes.createArrayType(DataTypes.FloatType), false, Metadata.empty()),
            new StructField("part", DataTypes.StringType, true, Metadata.empty())});

    @Test
    void parquetTablesWithASplitColumnOrAFraction() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Float[] f = new Float[8];
            for (int k = 0; k < 8; k++) {
                f[k] = (i * 8 + k) / 400f;
            }
            rows.add(RowFactory.create(i % 4 == 0 ? "b" : "a", f, i % 5 == 4 ? "test" : "train"));
        }
        String path = dir.resolve("table").toString();
        spark.createDataFrame(rows, TABLE).coalesce(1).write().parquet(path);
        assertHash("39a75326e2ce9e61c82793ec880c3b4942353c866e868e6b8cfefb1dccff4883",
                load("data.format=table", "data.path=" + path, "data.features-column=pixels",
                "data.split-column=part", "data.channels=1", "data.height=2", "data.width=4"));
        assertHash("f630ebbd1a5b2c51fb5efbe702b96ebe848e45150509c10c630f16c36acca33f",
                load("data.format=table", "data.path=" + path, "data.features-column=pixels",
                "data.channels=1", "data.height=1", "data.width=8", "model.layout=1d"));
    }
}
