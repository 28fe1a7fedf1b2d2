package org.ordersweep.train;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ordersweep.SparkTestBase;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.data.ImageFixtures;
import org.ordersweep.results.ResultStore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sweeps from conf/cifar10.conf and conf/images.conf, each on a small dataset of its format made here and shrunk by
 * overrides: RGB networks train end to end, every trial is recorded, and provenance names the classes.
 */
class ImageSweepsTest extends SparkTestBase {

    @TempDir
    Path dir;

    private SweepRunner.Summary sweep(String conf, String... sets) {
        List<String> all = new ArrayList<>(List.of("sweep.seeds=1", "model.filters=[4,8]", "model.dense=16",
                "train.epochs=1", "train.batch-size=8", "output.dir=" + dir.resolve("results")));
        all.addAll(List.of(sets));
        SweepConfig c = ConfigLoader.load(new File(conf), all);
        return SweepRunner.run(spark, c, DataLoader.load(c, spark.sparkContext().hadoopConfiguration()));
    }

    private List<Row> trials() {
        return new ResultStore(spark, dir.resolve("results").toString()).trials().collectAsList();
    }

    @Test
    void aCifar10SweepTrainsRgbNetworksEndToEnd() throws Exception {
        Path d = ImageFixtures.cifarFolder(dir.resolve("cifar"), 20, 10);
        SweepRunner.Summary s = sweep("conf/cifar10.conf", "data.path=" + d, "model.blocks=2");
        assertEquals(0, s.notOk());
        List<Row> rows = trials();
        assertEquals(s.plannedTrialIds().size(), rows.size());
        assertTrue(s.trainedNow() > 0);
        rows.forEach(r -> assertEquals("ok", r.getAs("status")));
        String provenance = provenance();
        assertTrue(provenance.contains("\"class_names\": \"airplane, automobile, bird"), provenance);
    }

    @Test
    void anImageFolderSweepTrainsEndToEnd() throws Exception {
        ImageFixtures.imageFolder(dir.resolve("img"), 3, 12, 20, 16, "png", 30, 5);
        SweepRunner.Summary s = sweep("conf/images.conf", "data.path=" + dir.resolve("img"), "data.height=16",
                "data.width=16");
        assertEquals(0, s.notOk());
        assertEquals(s.plannedTrialIds().size(), trials().size());
        trials().forEach(r -> assertEquals("ok", r.getAs("status")));
        assertTrue(provenance().contains("\"class_names\": \"class0, class1, class2\""), provenance());
    }

    private String provenance() throws Exception {
        try (var files = java.nio.file.Files.walk(dir.resolve("results"))) {
            Path p = files.filter(f -> f.getFileName().toString().equals("provenance.json")).findFirst()
                    .orElseThrow();
            return java.nio.file.Files.readString(p);
        }
    }
}
