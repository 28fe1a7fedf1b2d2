package org.ordersweep.results;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ordersweep.config.ConfigError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The checks a results folder passes before anything is trained or written: writable, and its tables readable. */
final class ResultFolder {

    /** The Parquet tables of a results folder; every file in them must be Parquet that Spark wrote. */
    static final List<String> TABLES = List.of("trials", "epochs", "verification", "summary");

    private ResultFolder() {
    }

    /**
     * Refuses an output location that cannot hold results: an existing file, or a folder that cannot be created or
     * written. Runs before any training; touches nothing that exists.
     */
    static void checkWritable(String dir, Configuration hadoop) {
        Path p = new Path(dir);
        try {
            FileSystem fs = p.getFileSystem(hadoop);
            if (fs.exists(p) && !fs.getFileStatus(p).isDirectory()) {
                throw new ConfigError("output.dir = " + dir + ": is a file; it must be a folder (or not exist yet)");
            }
            if (!fs.exists(p) && !fs.mkdirs(p)) {
                throw new ConfigError("output.dir = " + dir + ": cannot create the folder");
            }
            // A name of its own: two runs started together on one folder must not delete each other's probe (the
            // second is then refused by the lock, exit 3, not taken for an unwritable folder).
            Path probe = new Path(p, "._ordersweep_write_probe-" + UUID.randomUUID());
            try (FSDataOutputStream out = fs.create(probe, true)) {
                out.write(1);
            }
            fs.delete(probe, false);
        } catch (IOException e) {
            throw new ConfigError("output.dir = " + dir + ": not writable (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Refuses a results folder with a file in its tables that is not Parquet (a stray file, a part truncated by a full
     * disk): reading it would fail late, after this run had already written into the folder. Runs before anything is
     * written; reads only each file's first and last four bytes. Spark's own markers (_SUCCESS, .crc, _temporary) are
     * skipped.
     */
    static void checkReadable(String dir, Configuration hadoop) {
        Path root = new Path(dir);
        try {
            FileSystem fs = root.getFileSystem(hadoop);
            for (String table : TABLES) {
                Path t = new Path(root, table);
                if (fs.exists(t)) {
                    checkParquetFiles(fs, t);
                }
            }
        } catch (IOException e) {
            throw new ConfigError("output.dir = " + dir + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static void checkParquetFiles(FileSystem fs, Path folder) throws IOException {
        if (!fs.getFileStatus(folder).isDirectory()) {
            throw new ConfigError("output.dir: " + folder + " is a file; ordersweep keeps a Parquet table there");
        }
        for (FileStatus st : fs.listStatus(folder)) {
            String name = st.getPath().getName();
            if (name.startsWith("_") || name.startsWith(".")) {
                continue;
            }
            if (st.isDirectory()) {
                checkParquetFiles(fs, st.getPath()); // partitions such as sweep_id=...
                continue;
            }
            String problem = parquetProblem(fs, st);
            if (problem != null) {
                throw new ConfigError("output.dir: " + st.getPath() + ": " + problem + "; only Parquet files that "
                        + "ordersweep wrote belong there (move it away, or choose another output.dir)");
            }
        }
    }

    private static String parquetProblem(FileSystem fs, FileStatus st) throws IOException {
        if (!st.getPath().getName().endsWith(".parquet")) {
            return "not a Parquet file (name does not end in .parquet)";
        }
        if (st.getLen() < 12) {
            return "truncated (" + st.getLen() + " bytes)";
        }
        byte[] head = new byte[4];
        byte[] tail = new byte[4];
        try (FSDataInputStream in = fs.open(st.getPath())) {
            in.readFully(0, head);
            in.readFully(st.getLen() - 4, tail);
        }
        byte[] magic = "PAR1".getBytes(StandardCharsets.US_ASCII);
        if (!Arrays.equals(head, magic)) {
            return "not a Parquet file (no PAR1 header)";
        }
        return Arrays.equals(tail, magic) ? null : "truncated (no Parquet footer)";
    }
}
