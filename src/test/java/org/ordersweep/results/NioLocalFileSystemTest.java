package org.ordersweep.results;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ordersweep.cli.SparkSetup;
import org.ordersweep.config.ConfigLoader;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** file:// through java.nio sets the same permissions Hadoop's chmod does, and is what ordersweep's sessions use. */
class NioLocalFileSystemTest {

    @TempDir
    java.nio.file.Path dir;

    @Test
    void everyModeMapsToTheSamePosixPermissionsAsItsSymbolicForm() {
        for (short mode = 0; mode < 0777 + 1; mode++) {
            FsPermission p = new FsPermission(mode);
            // FsPermission prints "rwxr-x---", the form java.nio parses on its own
            assertEquals(PosixFilePermissions.fromString(p.toString()), NioLocalFileSystem.posix(p), p.toString());
        }
    }

    @Test
    void foldersAndFilesGetThePermissionsAskedForAndAMissingFileIsNotFound() throws Exception {
        Configuration conf = new Configuration();
        conf.set("fs.file.impl", NioLocalFileSystem.class.getName());
        conf.setBoolean("fs.file.impl.disable.cache", true);
        FileSystem fs = FileSystem.get(dir.toUri(), conf);
        assertInstanceOf(NioLocalFileSystem.class, fs);

        Path folder = new Path(dir.toUri().toString(), "table");
        fs.mkdirs(folder, new FsPermission((short) 0750));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("table"))));

        Path file = new Path(folder, "part-0.parquet");
        fs.create(file).close();
        fs.setPermission(file, new FsPermission((short) 0604));
        assertEquals("rw----r--", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("table/part-0.parquet"))));
        assertEquals(new FsPermission((short) 0604), fs.getFileStatus(file).getPermission()); // as Hadoop reads it
        // the checksum file beside it, written through the same filesystem
        assertEquals(List.of(".part-0.parquet.crc", "part-0.parquet"),
                Files.list(dir.resolve("table")).map(f -> f.getFileName().toString()).sorted().toList());

        assertThrows(FileNotFoundException.class,
                () -> fs.setPermission(new Path(folder, "missing"), new FsPermission((short) 0644)));
        fs.close();
    }

    @Test
    void ordersweepSessionsUseItForFileUrlsUnlessTheUserChoseAnother() {
        SparkConf ours = SparkSetup.sparkConf(ConfigLoader.load(null, List.of()), "local[1]");
        assertEquals(NioLocalFileSystem.class.getName(), ours.get("spark.hadoop.fs.file.impl"));
        // spark-submit's --conf and spark-defaults.conf reach the driver as system properties
        System.setProperty("spark.hadoop.fs.file.impl", "org.apache.hadoop.fs.LocalFileSystem");
        try {
            SparkConf theirs = SparkSetup.sparkConf(ConfigLoader.load(null, List.of()), "local[1]");
            assertEquals("org.apache.hadoop.fs.LocalFileSystem", theirs.get("spark.hadoop.fs.file.impl"));
        } finally {
            System.clearProperty("spark.hadoop.fs.file.impl");
        }
    }
}
