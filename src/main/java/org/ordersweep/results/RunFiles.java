package org.ordersweep.results;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The files a sweep keeps beside its tables, under runs/<sweep_id>/: the execution it decided once, and each run's
 * configuration and provenance in a folder named by the run's start time.
 */
final class RunFiles {

    private static final DateTimeFormatter RUN_NAME = DateTimeFormatter.ofPattern("'run-'yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final ResultTables tables;
    private final Runnable beforeWrite;

    RunFiles(ResultTables tables, Runnable beforeWrite) {
        this.tables = tables;
        this.beforeWrite = beforeWrite;
    }

    /** A new run's folder name: its start time, so runs sort in order and none overwrites. */
    static String newRun() {
        return RUN_NAME.format(Instant.now());
    }

    private Path sweepFolder(String sweepId) {
        return new Path(new Path(tables.root(), "runs"), sweepId);
    }

    String path(String sweepId, String name) {
        return new Path(sweepFolder(sweepId), name).toString();
    }

    /** The newest run's copy of a file in runs/<sweep_id>/run-<start time>/, when a run wrote one. */
    Optional<String> latest(String sweepId, String name) {
        Path runs = sweepFolder(sweepId);
        try {
            FileSystem fs = runs.getFileSystem(tables.hadoop());
            if (!fs.exists(runs)) {
                return Optional.empty();
            }
            List<String> names = new ArrayList<>();
            for (FileStatus st : fs.listStatus(runs)) {
                if (st.isDirectory() && st.getPath().getName().startsWith("run-")
                        && fs.exists(new Path(st.getPath(), name))) {
                    names.add(st.getPath().getName());
                }
            }
            // Run folders are named by their start time, so the last in order is the newest.
            return names.stream().sorted().reduce((a, b) -> b).flatMap(r -> read(sweepId, r + "/" + name));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + runs + ": " + e.getMessage(), e);
        }
    }

    /** runs/<sweep_id>/<name>, when it exists. */
    Optional<String> read(String sweepId, String name) {
        Path p = new Path(path(sweepId, name));
        try {
            FileSystem fs = p.getFileSystem(tables.hadoop());
            if (!fs.exists(p)) {
                return Optional.empty();
            }
            try (var in = fs.open(p)) {
                return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    /** Writes runs/<sweep_id>/<name>, replacing an earlier copy of the same file. */
    void write(String sweepId, String name, String text) {
        beforeWrite.run();
        Path p = new Path(path(sweepId, name));
        try {
            FileSystem fs = p.getFileSystem(tables.hadoop());
            try (FSDataOutputStream out = fs.create(p, true)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + p + ": " + e.getMessage(), e);
        }
    }
}
