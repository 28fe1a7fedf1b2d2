package org.ordersweep.results;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.ordersweep.config.ConfigError;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * The results folder: {@code trials/} and {@code epochs/} as Parquet, and each sweep's configuration and provenance
 * under {@code runs/<sweep_id>/}. A trial becomes visible when its row is committed to trials/, after its epochs.
 */
public final class ResultStore {

    private final SparkSession spark;
    private final Path root;
    private final Runnable beforeWrite;

    /** What the rows of a trial record about how it was trained (the same for every trial of a run). */
    public record TrainedBy(String executionMode, int workers, String commit, String dl4jVersion) {
    }

    /** A trial's latest recorded row, as much as deciding what to train needs. */
    public record Recorded(TrialStatus status, boolean representative, int attempts) {
    }

    /** For reading. */
    public ResultStore(SparkSession spark, String dir) {
        this(spark, dir, () -> { });
    }

    /** @param beforeWrite runs before every write; a run that lost its lock throws there, so nothing is written */
    public ResultStore(SparkSession spark, String dir, Runnable beforeWrite) {
        this.spark = spark;
        this.root = new Path(dir);
        this.beforeWrite = beforeWrite;
    }

    public String trialsPath() {
        return new Path(root, "trials").toString();
    }

    public String epochsPath() {
        return new Path(root, "epochs").toString();
    }

    /**
     * Refuses an output location that cannot hold results: an existing file, or a folder that cannot be created or
     * written. Runs before any training; touches nothing that exists.
     */
    public static void checkWritable(String dir, Configuration hadoop) {
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
            Path probe = new Path(p, "._ordersweep_write_probe-" + java.util.UUID.randomUUID());
            try (FSDataOutputStream out = fs.create(probe, true)) {
                out.write(1);
            }
            fs.delete(probe, false);
        } catch (IOException e) {
            throw new ConfigError("output.dir = " + dir + ": not writable (" + e.getMessage() + ")", e);
        }
    }

    /** The Parquet tables of a results folder; every file in them must be Parquet that Spark wrote. */
    static final List<String> TABLES = List.of("trials", "epochs", "verification", "summary");

    /**
     * Refuses a results folder with a file in its tables that is not Parquet (a stray file, a part truncated by a full
     * disk): reading it would fail late, after this run had already written into the folder. Runs before anything is
     * written; reads only each file's first and last four bytes. Spark's own markers (_SUCCESS, .crc, _temporary) are
     * skipped.
     */
    public static void checkReadable(String dir, Configuration hadoop) {
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
        for (org.apache.hadoop.fs.FileStatus st : fs.listStatus(folder)) {
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

    private static String parquetProblem(FileSystem fs, org.apache.hadoop.fs.FileStatus st) throws IOException {
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
        if (!java.util.Arrays.equals(head, magic)) {
            return "not a Parquet file (no PAR1 header)";
        }
        return java.util.Arrays.equals(tail, magic) ? null : "truncated (no Parquet footer)";
    }

    /** Appends one trial ({@link #appendAll}). */
    public void append(TrialOutcome outcome, TrainedBy by) {
        appendAll(List.of(outcome), by);
    }

    /**
     * Appends trials, one Spark write per table for all of them: their epochs first, then their rows together with
     * the rows of the orderings that inherit them, so a visible trial row always has its learning curve and its class
     * is complete.
     */
    public synchronized void appendAll(List<TrialOutcome> outcomes, TrainedBy by) {
        Timestamp now = new Timestamp(System.currentTimeMillis());
        List<Row> epochs = outcomes.stream().flatMap(o -> o.epochs().stream()).map(ResultSchemas::toRow).toList();
        if (!epochs.isEmpty()) {
            write(epochs, ResultSchemas.EPOCHS, epochsPath());
        }
        List<Row> trials = outcomes.stream().flatMap(o -> o.rows().stream()).map(r -> ResultSchemas.toRow(r, now, by))
                .toList();
        if (!trials.isEmpty()) {
            write(trials, ResultSchemas.TRIALS, trialsPath());
        }
    }

    private void write(List<Row> rows, org.apache.spark.sql.types.StructType schema, String path) {
        beforeWrite.run();
        spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Append).parquet(path);
    }

    public String verificationPath(String sweepId) {
        return new Path(new Path(root, "verification"), "sweep_id=" + sweepId).toString();
    }

    /** Replaces this sweep's verification report (a rerun recomputes the same rows). */
    public void writeVerification(String sweepId, List<VerificationRow> checks) {
        beforeWrite.run();
        spark.createDataFrame(checks.stream().map(ResultSchemas::toRow).toList(), ResultSchemas.VERIFICATION)
                .coalesce(1).write().mode(SaveMode.Overwrite).parquet(verificationPath(sweepId));
    }

    /** Each recorded trial's latest row (empty when there are no results yet). */
    public Map<String, Recorded> recordedTrials() {
        if (!exists("trials")) {
            return Map.of();
        }
        Map<String, Recorded> out = new HashMap<>();
        for (Row r : trials().select("trial_id", "status", "representative", "attempts").collectAsList()) {
            out.put(r.getString(0), new Recorded(TrialStatus.parse(r.getString(1)), r.getBoolean(2), r.getInt(3)));
        }
        return out;
    }

    /** How many of these trials' latest rows say failed or diverged. */
    public int notOk(List<String> trialIds) {
        if (!exists("trials")) {
            return 0;
        }
        return (int) trials().where(col("trial_id").isin(trialIds.toArray()).and(col("status")
                .isin(TrialStatus.FAILED.key(), TrialStatus.DIVERGED.key()))).count();
    }

    /**
     * Deletes epoch files of trials that never got their row: a driver killed between a trial's two writes leaves
     * them behind, and the rerun writes them again. Each appended trial's epochs are one file, and a compacted file
     * holds only recorded trials' epochs, so whole files go.
     *
     * @return how many files were removed
     */
    public int removeOrphanEpochs(Set<String> recordedTrialIds) {
        if (!exists("epochs")) {
            return 0;
        }
        Map<String, Boolean> fileHasOnlyOrphans = new HashMap<>();
        Dataset<Row> files = spark.read().schema(ResultSchemas.EPOCHS).parquet(epochsPath());
        for (Row r : files.select(col("trial_id"), input_file_name()).distinct().collectAsList()) {
            boolean orphan = !recordedTrialIds.contains(r.getString(0));
            fileHasOnlyOrphans.merge(r.getString(1), orphan, Boolean::logicalAnd);
        }
        int removed = 0;
        try {
            for (Map.Entry<String, Boolean> e : fileHasOnlyOrphans.entrySet()) {
                if (e.getValue()) {
                    Path file = new Path(e.getKey());
                    if (file.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(file, false)) {
                        removed++;
                    }
                }
            }
        } catch (IOException ex) {
            throw new IllegalStateException("cannot remove unfinished epochs under " + epochsPath() + ": "
                    + ex.getMessage(), ex);
        }
        if (removed > 0) {
            spark.catalog().refreshByPath(epochsPath());
        }
        return removed;
    }

    /** This sweep's verification report (every ordering checked, with its inference speed). */
    public Dataset<Row> verification(String sweepId) {
        return spark.read().schema(ResultSchemas.VERIFICATION).parquet(verificationPath(sweepId));
    }

    /**
     * Every trial's latest row. A trial that failed and was tried again by a later run has both rows in the files; the
     * later one is its result. (Rows without {@code execution_mode} come from before that column existed.)
     */
    public Dataset<Row> trials() {
        org.apache.spark.sql.expressions.WindowSpec latest = org.apache.spark.sql.expressions.Window
                .partitionBy("trial_id").orderBy(col("finished_at").desc(), col("representative").desc());
        return spark.read().schema(ResultSchemas.TRIALS).parquet(trialsPath())
                .withColumn("_latest", org.apache.spark.sql.functions.row_number().over(latest))
                .where(col("_latest").equalTo(1)).drop("_latest");
    }

    /** Every recorded epoch once (a compaction killed midway can leave a row in two files for a moment). */
    public Dataset<Row> epochs() {
        return spark.read().schema(ResultSchemas.EPOCHS).parquet(epochsPath()).dropDuplicates("trial_id", "epoch");
    }

    /** What a compaction did: files before and after, per table. */
    public record Compaction(int trialFilesBefore, int trialFilesAfter, int epochFilesBefore, int epochFilesAfter) {
    }

    /**
     * Rewrites trials/ and epochs/, one small file per appended trial, into one file each: every trial's latest row,
     * and the epochs of recorded trials. No row is ever lost or visible twice, even if the process is killed midway:
     * the new file is written beside the table, moved in, and only then are the old files deleted; in between,
     * every reader ({@link #trials()}, {@link #epochs()}) sees each row once, and the next compaction finishes the job.
     * Resume is unaffected: trial ids and rows are the same.
     */
    public Compaction compact() {
        return compact(() -> { });
    }

    /** @param afterMove runs once the new files are in place and before the old ones go (tests stop there) */
    Compaction compact(Runnable afterMove) {
        beforeWrite.run();
        if (!exists("trials")) {
            return new Compaction(0, 0, 0, 0);
        }
        try {
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            Path staging = new Path(root, "_compacting");
            fs.delete(staging, true); // left by a compaction that was killed: its files never reached a table
            Dataset<Row> trials = trials();
            Dataset<Row> epochs = exists("epochs") ? epochs().join(trials.select("trial_id"), "trial_id")
                    .select(java.util.Arrays.stream(ResultSchemas.EPOCHS.fieldNames()).map(
                            org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new))
                    : null;
            List<Path> oldTrials = parts(fs, new Path(trialsPath()));
            List<Path> oldEpochs = epochs == null ? List.of() : parts(fs, new Path(epochsPath()));
            if (oldTrials.size() <= 1 && oldEpochs.size() <= 1) {
                return new Compaction(oldTrials.size(), oldTrials.size(), oldEpochs.size(), oldEpochs.size());
            }
            String stamp = java.util.UUID.randomUUID().toString().substring(0, 8);
            // Both tables' new files are written before either table changes.
            trials.coalesce(1).write().parquet(new Path(staging, "trials").toString());
            if (epochs != null) {
                epochs.coalesce(1).write().parquet(new Path(staging, "epochs").toString());
            }
            moveIn(fs, new Path(staging, "trials"), new Path(trialsPath()), stamp);
            if (epochs != null) {
                moveIn(fs, new Path(staging, "epochs"), new Path(epochsPath()), stamp);
            }
            afterMove.run();
            for (Path p : oldTrials) {
                fs.delete(p, false);
            }
            for (Path p : oldEpochs) {
                fs.delete(p, false);
            }
            fs.delete(staging, true);
            spark.catalog().refreshByPath(trialsPath());
            spark.catalog().refreshByPath(epochsPath());
            return new Compaction(oldTrials.size(), parts(fs, new Path(trialsPath())).size(), oldEpochs.size(),
                    epochs == null ? 0 : parts(fs, new Path(epochsPath())).size());
        } catch (IOException e) {
            throw new IllegalStateException("cannot compact " + root + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> parts(FileSystem fs, Path table) throws IOException {
        List<Path> out = new java.util.ArrayList<>();
        for (org.apache.hadoop.fs.FileStatus st : fs.listStatus(table)) {
            if (st.isFile() && st.getPath().getName().endsWith(".parquet")) {
                out.add(st.getPath());
            }
        }
        return out;
    }

    private void moveIn(FileSystem fs, Path from, Path table, String stamp) throws IOException {
        for (Path p : parts(fs, from)) {
            beforeWrite.run();
            Path to = new Path(table, "part-compacted-" + stamp + "-" + p.getName().replaceFirst("^part-", ""));
            if (!fs.rename(p, to)) {
                throw new IOException("cannot move " + p + " to " + to);
            }
        }
    }

    private boolean exists(String child) {
        try {
            Path p = new Path(root, child);
            return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
        } catch (IOException e) {
            throw new ConfigError("output.dir = " + root + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** A new run's folder name under runs/<sweep_id>/: its start time, so runs sort in order and none overwrites. */
    public String newRun() {
        return "run-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now());
    }

    public String runFilePath(String sweepId, String name) {
        return new Path(new Path(new Path(root, "runs"), sweepId), name).toString();
    }

    /** The newest run's copy of a file in runs/<sweep_id>/run-<start time>/, when a run wrote one. */
    public java.util.Optional<String> latestRunFile(String sweepId, String name) {
        Path runs = new Path(new Path(root, "runs"), sweepId);
        try {
            FileSystem fs = runs.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(runs)) {
                return java.util.Optional.empty();
            }
            List<String> names = new java.util.ArrayList<>();
            for (org.apache.hadoop.fs.FileStatus st : fs.listStatus(runs)) {
                if (st.isDirectory() && st.getPath().getName().startsWith("run-")
                        && fs.exists(new Path(st.getPath(), name))) {
                    names.add(st.getPath().getName());
                }
            }
            // Run folders are named by their start time, so the last in order is the newest.
            return names.stream().sorted().reduce((a, b) -> b).flatMap(r -> readRunFile(sweepId, r + "/" + name));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + runs + ": " + e.getMessage(), e);
        }
    }

    /** runs/<sweep_id>/<name>, when it exists. */
    public java.util.Optional<String> readRunFile(String sweepId, String name) {
        Path p = new Path(runFilePath(sweepId, name));
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(p)) {
                return java.util.Optional.empty();
            }
            try (var in = fs.open(p)) {
                return java.util.Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    /** Writes runs/<sweep_id>/<name>, replacing an earlier copy of the same file. */
    public void writeRunFile(String sweepId, String name, String text) {
        beforeWrite.run();
        Path p = new Path(runFilePath(sweepId, name));
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            try (FSDataOutputStream out = fs.create(p, true)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + p + ": " + e.getMessage(), e);
        }
    }
}
