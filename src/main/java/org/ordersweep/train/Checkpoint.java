package org.ordersweep.train;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ordersweep.model.Network;
import org.ordersweep.results.EpochRow;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a trial's state goes between two rungs of successive halving, so that a survivor continues where it stopped
 * instead of repeating its first epochs: the network with its updater state (DL4J's model file) and the epochs so far,
 * in {@code dir} on the results folder's filesystem. Every epoch draws its minibatches and dropout masks from the
 * trial's seed and the epoch number, so continuing gives what training straight through gives (tested).
 *
 * @param dir  {@code output.dir/checkpoints/<sweep_id>/<trial_id>}
 * @param load continue from the state saved there
 * @param save save the state there after training
 */
record Checkpoint(String dir, boolean load, boolean save) implements Serializable {

    static final Checkpoint NONE = new Checkpoint(null, false, false);

    static String dirOf(String outputDir, String sweepId, String trialId) {
        return new Path(new Path(new Path(outputDir, "checkpoints"), sweepId), trialId).toString();
    }

    /** The epochs trained so far, with their curve and training time. */
    record Progress(int epochs, List<EpochRow> curve, double trainSeconds, double explodes) implements Serializable {
    }

    /** A restored trial: its network and progress. */
    record Saved(Network net, Progress progress) {
    }

    /** @param graph whether the saved network is a graph (residual stages) */
    Saved read(Configuration hadoop, boolean graph) {
        Path d = new Path(dir);
        try {
            FileSystem fs = d.getFileSystem(hadoop);
            Network net;
            try (var in = fs.open(new Path(d, "model.zip"))) {
                net = Network.read(in, graph);
            }
            try (var in = fs.open(new Path(d, "progress.ser"))) {
                return new Saved(net, readProgress(in));
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read the checkpoint in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A saved progress. A checkpoint saved before evaluations were timed has no evalSeconds, and Java serialization
     * gives a record's missing component 0, a time no evaluation takes: it is read as NaN, not recorded, so that the
     * continued trial's epochs/ rows hold null for those epochs rather than a time of 0.
     */
    static Progress readProgress(InputStream in) throws IOException, ClassNotFoundException {
        Progress p = (Progress) new ObjectInputStream(in).readObject();
        List<EpochRow> curve = p.curve().stream().map(e -> e.evalSeconds() != 0 ? e
                : new EpochRow(e.trialId(), e.epoch(), e.trainLoss(), e.testAccuracy(), e.testLoss(), e.seconds(),
                        Double.NaN)).toList();
        return new Progress(p.epochs(), curve, p.trainSeconds(), p.explodes());
    }

    void write(Configuration hadoop, Network net, Progress progress) {
        Path d = new Path(dir);
        try {
            FileSystem fs = d.getFileSystem(hadoop);
            try (var out = fs.create(new Path(d, "model.zip"), true)) {
                net.write(out);
            }
            try (var out = new ObjectOutputStream(fs.create(new Path(d, "progress.ser"), true))) {
                out.writeObject(new Progress(progress.epochs(), new ArrayList<>(progress.curve()),
                        progress.trainSeconds(), progress.explodes()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the checkpoint in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Removes a checkpoint folder: a trial's once it is recorded, the sweep's once no trial of it is in flight. */
    static void delete(Configuration hadoop, String dir) {
        Path d = new Path(dir);
        try {
            d.getFileSystem(hadoop).delete(d, true);
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove the checkpoint in " + dir + ": " + e.getMessage(), e);
        }
    }
}
