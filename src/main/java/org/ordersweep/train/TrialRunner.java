package org.ordersweep.train;

import org.nd4j.linalg.dataset.DataSet;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.domain.InputShape;
import org.ordersweep.model.InvalidNetwork;
import org.ordersweep.model.Network;
import org.ordersweep.model.NetworkFactory;
import org.ordersweep.model.TrainingStep;
import org.ordersweep.plan.TrialSpec;
import org.ordersweep.results.EpochRow;
import org.ordersweep.results.TrialOutcome;
import org.ordersweep.results.TrialRow;
import org.ordersweep.results.TrialStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One trial, whichever way its epochs are trained: build and shape-check the network, train epoch by epoch, stop on
 * divergence, evaluate on the held-out test set after each epoch (the last evaluation's forward passes also give the
 * inference speed). Pure DL4J: it runs on the driver for data-parallel trials and inside an executor task for
 * trial-parallel ones.
 */
final class TrialRunner {

    private static final Logger LOG = LoggerFactory.getLogger(TrialRunner.class);

    private TrialRunner() {
    }

    /** The data a trial is scored on: the held-out test set, and a validation set when halving needs one. */
    record Holdout(List<DataSet> test, List<DataSet> validation) {
    }

    static TrialOutcome run(String sweepId, String trialId, TrialSpec spec, int epochs, SweepConfig config,
                            InputShape shape, Holdout holdout, Function<Network, EpochTrainer> trainerFor) {
        return run(sweepId, trialId, spec, epochs, config, shape, holdout, trainerFor, Checkpoint.NONE, null);
    }

    /**
     * @param epochs     the budget: train.epochs, or a successive-halving rung's
     * @param checkpoint where to continue from and save to between rungs ({@link Checkpoint#NONE}: neither)
     * @param hadoop     the filesystem settings for the checkpoint
     */
    static TrialOutcome run(String sweepId, String trialId, TrialSpec spec, int epochs, SweepConfig config,
                            InputShape shape, Holdout holdout, Function<Network, EpochTrainer> trainerFor,
                            Checkpoint checkpoint, org.apache.hadoop.conf.Configuration hadoop) {
        return run(sweepId, trialId, spec, epochs, config, shape, holdout, trainerFor, checkpoint, hadoop, row -> {
        });
    }

    /** @param onEpoch told of every epoch as it ends, for progress ({@link EpochProgress}) */
    static TrialOutcome run(String sweepId, String trialId, TrialSpec spec, int epochs, SweepConfig config,
                            InputShape shape, Holdout holdout, Function<Network, EpochTrainer> trainerFor,
                            Checkpoint checkpoint, org.apache.hadoop.conf.Configuration hadoop,
                            Consumer<EpochRow> onEpoch) {
        List<DataSet> testBatches = holdout.test();
        Network net;
        List<EpochRow> curve = new ArrayList<>();
        double trainSeconds = 0;
        double explodes = Double.POSITIVE_INFINITY;
        int first = 1;
        if (checkpoint.load()) {
            Checkpoint.Saved saved = checkpoint.read(hadoop, config.model().residual());
            net = saved.net();
            curve.addAll(saved.progress().curve());
            trainSeconds = saved.progress().trainSeconds();
            explodes = saved.progress().explodes();
            first = saved.progress().epochs() + 1;
        } else {
            try {
                net = buildChecked(spec, config, shape, testBatches.get(0));
            } catch (InvalidNetwork e) {
                return invalid(sweepId, trialId, spec, e.getMessage());
            } catch (RuntimeException e) {
                // DL4J's own shape rejections
                return invalid(sweepId, trialId, spec, firstLine(e));
            }
        }
        EpochTrainer trainer = trainerFor.apply(net);
        TrialStatus status = TrialStatus.OK;
        String reason = null;
        Evaluator.Scores scores = null;
        for (int epoch = first; epoch <= epochs; epoch++) {
            long t0 = System.nanoTime();
            double loss = trainer.fitEpoch(epoch);
            double seconds = (System.nanoTime() - t0) / 1e9;
            trainSeconds += seconds;
            scores = Evaluator.evaluate(trainer.network(), testBatches);
            EpochRow row = new EpochRow(trialId, epoch, loss, scores.accuracy(), scores.loss(), seconds,
                    scores.seconds());
            curve.add(row);
            onEpoch.accept(row);
            LOG.debug("{}: epoch {} loss {} test accuracy {}", spec.label(), epoch, loss, scores.accuracy());
            if (epoch == 1) {
                // Cross-entropy starts near ln(classes); far above that, training is exploding, not learning.
                explodes = 100 * Math.max(Double.isFinite(loss) ? loss : 0, Math.log(shape.classes()));
            }
            if (!Double.isFinite(loss) || loss > explodes) {
                status = TrialStatus.DIVERGED;
                reason = "training loss became " + loss + " in epoch " + epoch
                        + (Double.isFinite(loss) ? " (more than 100x the first epoch's)" : "");
                break;
            }
            if (!scores.finite()) {
                // The mean loss can stay finite while the last minibatches made the parameters NaN.
                status = TrialStatus.DIVERGED;
                reason = "test predictions became NaN in epoch " + epoch + " (training loss " + loss + ")";
                break;
            }
        }
        Network trained = trainer.network();
        if (scores == null) {
            scores = Evaluator.evaluate(trained, testBatches); // nothing left to train: the checkpoint's state
        }
        if (checkpoint.save() && status == TrialStatus.OK) {
            checkpoint.write(hadoop, trained, new Checkpoint.Progress(curve.size(), curve, trainSeconds, explodes));
        }
        double validation = holdout.validation().isEmpty() ? Double.NaN
                : Evaluator.evaluate(trained, holdout.validation()).accuracy();
        TrialRow row = TrialRow.measured(sweepId, trialId, spec, status, reason, curve.size(), scores.accuracy(),
                scores.loss(), scores.macroF1(), trainSeconds, scores.seconds(), scores.inferenceSamplesPerSecond(),
                trained.numParams(), validation);
        trained.release();
        return new TrialOutcome(row, curve, List.of());
    }

    private static TrialOutcome invalid(String sweepId, String trialId, TrialSpec spec, String reason) {
        LOG.info("{}: invalid ({})", spec.label(), reason);
        return new TrialOutcome(TrialRow.notTrained(sweepId, trialId, spec, TrialStatus.INVALID, reason), List.of(),
                List.of());
    }

    /** Builds the network and pushes one example through it, so shape problems surface before any training. */
    private static Network buildChecked(TrialSpec spec, SweepConfig config, InputShape shape, DataSet probe) {
        Network net = NetworkFactory.network(spec.ordering(), spec.activation(), config.model(), spec.learningRate(),
                shape, spec.rngSeed(), TrainingStep.of(config.train().step()));
        net.output(probe.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)), false).close();
        return net;
    }

    static String firstLine(Throwable e) {
        Throwable root = e;
        String msg = e.getMessage();
        while ((msg == null || msg.isBlank()) && root.getCause() != null) {
            root = root.getCause();
            msg = root.getMessage();
        }
        String text = root.getClass().getSimpleName() + (msg == null ? "" : ": " + msg.strip());
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl).strip();
    }
}
