package org.ordersweep.results;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The results folder: {@code trials/} and {@code epochs/} as Parquet, and each sweep's configuration and provenance
 * under {@code runs/<sweep_id>/}. A trial becomes visible when its row is committed to trials/, after its epochs.
 * One entry point over the folder's parts: its checks ({@link ResultFolder}), reading its tables
 * ({@link ResultTables}), appending to them ({@link TableWriter}), resume's clean-up ({@link OrphanEpochs}),
 * compaction ({@link Compactor}) and the run files ({@link RunFiles}).
 */
public final class ResultStore {

    private final ResultTables tables;
    private final TableWriter writer;
    private final OrphanEpochs orphans;
    private final Compactor compactor;
    private final RunFiles runs;

    /** What the rows of a trial record about how it was trained (the same for every trial of a run). */
    public record TrainedBy(String executionMode, int workers, String commit, String dl4jVersion) {
    }

    /** A trial's latest recorded row, as much as deciding what to train needs. */
    public record Recorded(TrialStatus status, boolean representative, int attempts) {
    }

    /** What a compaction did: files before and after, per table. */
    public record Compaction(int trialFilesBefore, int trialFilesAfter, int epochFilesBefore, int epochFilesAfter) {
    }

    /** For reading. */
    public ResultStore(SparkSession spark, String dir) {
        this(spark, dir, () -> { });
    }

    /** @param beforeWrite runs before every write; a run that lost its lock throws there, so nothing is written */
    public ResultStore(SparkSession spark, String dir, Runnable beforeWrite) {
        this.tables = new ResultTables(spark, new Path(dir));
        this.writer = new TableWriter(spark, tables, beforeWrite);
        this.orphans = new OrphanEpochs(spark, tables);
        this.compactor = new Compactor(spark, tables, beforeWrite);
        this.runs = new RunFiles(tables, beforeWrite);
    }

    /**
     * Refuses an output location that cannot hold results: an existing file, or a folder that cannot be created or
     * written. Runs before any training; touches nothing that exists.
     */
    public static void checkWritable(String dir, Configuration hadoop) {
        ResultFolder.checkWritable(dir, hadoop);
    }

    /**
     * Refuses a results folder with a file in its tables that is not Parquet (a stray file, a part truncated by a full
     * disk), before anything is written ({@link ResultFolder#checkReadable}).
     */
    public static void checkReadable(String dir, Configuration hadoop) {
        ResultFolder.checkReadable(dir, hadoop);
    }

    public String trialsPath() {
        return tables.trialsPath();
    }

    public String epochsPath() {
        return tables.epochsPath();
    }

    public String verificationPath(String sweepId) {
        return tables.verificationPath(sweepId);
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
    public void appendAll(List<TrialOutcome> outcomes, TrainedBy by) {
        writer.appendAll(outcomes, by);
    }

    /** Replaces this sweep's verification report (a rerun recomputes the same rows). */
    public void writeVerification(String sweepId, List<VerificationRow> checks) {
        writer.writeVerification(sweepId, checks);
    }

    /** Each recorded trial's latest row (empty when there are no results yet). */
    public Map<String, Recorded> recordedTrials() {
        return tables.recordedTrials();
    }

    /** How many of these trials' latest rows say failed or diverged. */
    public int notOk(List<String> trialIds) {
        return tables.notOk(trialIds);
    }

    /**
     * Deletes epoch files of trials that never got their row ({@link OrphanEpochs}).
     *
     * @return how many files were removed
     */
    public int removeOrphanEpochs(Set<String> recordedTrialIds) {
        return orphans.remove(recordedTrialIds);
    }

    /** This sweep's verification report (every ordering checked, with its inference speed). */
    public Dataset<Row> verification(String sweepId) {
        return tables.verification(sweepId);
    }

    /** Every trial's latest row: a trial tried again by a later run has both rows in the files; the later counts. */
    public Dataset<Row> trials() {
        return tables.trials();
    }

    /** Every recorded epoch once (a compaction killed midway can leave a row in two files for a moment). */
    public Dataset<Row> epochs() {
        return tables.epochs();
    }

    /**
     * Rewrites trials/ and epochs/ into one file each, losing no row and showing none twice even when killed midway
     * ({@link Compactor}).
     */
    public Compaction compact() {
        return compact(() -> { });
    }

    /** @param afterMove runs once the new files are in place and before the old ones go (tests stop there) */
    Compaction compact(Runnable afterMove) {
        return compactor.compact(afterMove);
    }

    /** A new run's folder name under runs/<sweep_id>/: its start time, so runs sort in order and none overwrites. */
    public String newRun() {
        return RunFiles.newRun();
    }

    public String runFilePath(String sweepId, String name) {
        return runs.path(sweepId, name);
    }

    /** The newest run's copy of a file in runs/<sweep_id>/run-<start time>/, when a run wrote one. */
    public Optional<String> latestRunFile(String sweepId, String name) {
        return runs.latest(sweepId, name);
    }

    /** runs/<sweep_id>/<name>, when it exists. */
    public Optional<String> readRunFile(String sweepId, String name) {
        return runs.read(sweepId, name);
    }

    /** Writes runs/<sweep_id>/<name>, replacing an earlier copy of the same file. */
    public void writeRunFile(String sweepId, String name, String text) {
        runs.write(sweepId, name, text);
    }
}
