package org.ordersweep.cli;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hadoop settings given to Spark (spark.hadoop.*) reach the driver's own file access too - data loading, the
 * writability probe, the lock - and the executors': paths without a scheme resolve against an HDFS named only by
 * spark.hadoop.fs.defaultFS, on a real (in-process) HDFS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HadoopSettingsTest {

    @TempDir
    static java.nio.file.Path dir;

    private MiniDFSCluster hdfs;
    private String defaultFs;

    @BeforeAll
    void startHdfs() throws Exception {
        hdfs = org.ordersweep.MiniHdfs.start(dir);
        defaultFs = org.ordersweep.MiniHdfs.uri(hdfs);
        FileSystem fs = hdfs.getFileSystem();
        for (String f : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                "t10k-labels-idx1-ubyte.gz")) {
            try (InputStream in = getClass().getResourceAsStream("/org/ordersweep/data/fashion-mnist-subset/" + f);
                 OutputStream out = fs.create(new Path("/fm/" + f))) {
                in.transferTo(out);
            }
        }
    }

    @AfterAll
    void stopHdfs() {
        if (hdfs != null) {
            hdfs.shutdown();
        }
    }

    private String defaultFsSetting() {
        return "spark.conf.\"spark.hadoop.fs.defaultFS\"=" + defaultFs;
    }

    @Test
    void planReadsDataFromTheFilesystemSparkIsConfiguredWith() {
        MainRun plan = MainRun.of("plan", "--set", "data.path=/fm", "--set", defaultFsSetting());
        assertEquals(0, plan.exit(), plan.err());
        assertTrue(plan.out().contains("4000 training examples"), plan.out());
        // Without the setting the same path is a local folder that does not exist.
        MainRun local = MainRun.of("plan", "--set", "data.path=/fm");
        assertEquals(2, local.exit());
        assertTrue(local.err().contains("/fm: data.path does not exist"), local.err());
    }

    @Test
    void runLocksWritesAndTrainsThroughTheSameSettings() throws Exception {
        MainRun run = MainRun.of("run", "--master", "local[2]", "--set", defaultFsSetting(), "--set", "data.path=/fm",
                "--set", "output.dir=/results/hadoop", "--set", "sweep.block=[conv,act,pool]",
                "--set", "sweep.orderings=[conv>act>pool]", "--set", "model.filters=[2,2]", "--set", "model.dense=4",
                "--set", "data.train-limit=200", "--set", "data.test-limit=100", "--set", "train.epochs=1",
                "--set", "train.mode=trial-parallel");
        assertEquals(0, run.exit(), run.err());
        FileSystem fs = hdfs.getFileSystem();
        assertTrue(fs.exists(new Path("/results/hadoop/trials")));
        assertTrue(fs.exists(new Path("/results/hadoop/epochs")));
        assertTrue(fs.listStatus(new Path("/results/hadoop/runs")).length == 1);
        // Released on HDFS, and nothing was written to a local folder of that name.
        assertFalse(fs.exists(new Path("/results/hadoop/" + org.ordersweep.results.SweepLock.FILE)));
        assertFalse(java.nio.file.Files.exists(java.nio.file.Path.of("/results")));

        // The lock lives on HDFS too: while another run holds it there, a run on the same folder is refused.
        Configuration hadoop = new Configuration();
        hadoop.set("fs.defaultFS", defaultFs);
        try (var held = org.ordersweep.results.SweepLock.acquire("/results/hadoop", hadoop)) {
            MainRun refused = MainRun.of("run", "--master", "local[2]", "--set", defaultFsSetting(), "--set",
                    "data.path=/fm", "--set", "output.dir=/results/hadoop");
            assertEquals(3, refused.exit(), refused.err());
            assertTrue(refused.err().contains("/results/hadoop is being written by another ordersweep run"),
                    refused.err());
        }
    }
}
