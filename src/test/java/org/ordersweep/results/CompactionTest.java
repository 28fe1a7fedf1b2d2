package org.ordersweep.results;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ordersweep.SparkTestBase;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.train.SweepRunner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compaction rewrites the per-trial files into one per table, losing and duplicating nothing, also if killed. */
class CompactionTest extends SparkTestBase {

    @TempDir
    Path out;

    private static long parts(Path table) throws Exception {
        try (var files = Files.list(table)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".parquet")).count();
        }
    }

    private static List<String> sorted(org.apache.spark.sql.Dataset<Row> rows) {
        return rows.collectAsList().stream().map(Row::toString).sorted().toList();
    }

    @Test
    void compactingKeepsEveryRowOnceEvenWhenKilledMidway() throws Exception {
        SweepConfig c = ConfigLoader.load(null, List.of("sweep.block=[conv,act,pool]", "model.filters=[2,2]",
                "model.dense=4", "data.train-limit=200", "data.test-limit=100", "train.epochs=2",
                // Each trial appended as it finishes, but trials that finish while a write waits for a task slot
                // join that write: two to four files per table to compact.
                "train.mode=trial-parallel", "output.record-every=0", "output.dir=" + out));
        DataLoader.TrainTest data = DataLoader.load(c, spark.sparkContext().hadoopConfiguration());
        assertEquals(4, SweepRunner.run(spark, c, data).trainedNow());
        ResultStore store = new ResultStore(spark, out.toString());
        long files = parts(out.resolve("trials"));
        assertTrue(files >= 2 && files <= 4, files + " files");
        assertEquals(files, parts(out.resolve("epochs"))); // one write per table per batch
        List<String> trials = sorted(store.trials());
        List<String> epochs = sorted(store.epochs());
        assertEquals(6, trials.size());
        assertEquals(8, epochs.size());

        // Killed once the new files are in place: old and new files both there, every row still seen once.
        assertThrows(IllegalStateException.class, () -> store.compact(() -> {
            throw new IllegalStateException("killed");
        }));
        assertEquals(files + 1, parts(out.resolve("trials")));
        assertEquals(trials, sorted(store.trials()));
        assertEquals(epochs, sorted(store.epochs()));

        ResultStore.Compaction done = store.compact();
        assertEquals(new ResultStore.Compaction((int) files + 1, 1, (int) files + 1, 1), done);
        assertEquals(1, parts(out.resolve("trials")));
        assertEquals(trials, sorted(store.trials()));
        assertEquals(epochs, sorted(store.epochs()));
        assertEquals(6, spark.read().parquet(store.trialsPath()).count());
        assertEquals(8, spark.read().parquet(store.epochsPath()).count());
        assertEquals(false, Files.exists(out.resolve("_compacting")));
        // Resume still finds every trial.
        assertEquals(0, SweepRunner.run(spark, c, data).trainedNow());
    }
}
