package org.ordersweep.train;

import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.model.Inference;
import org.ordersweep.model.InvalidNetwork;
import org.ordersweep.model.NetworkFactory;
import org.ordersweep.plan.TrialSpec;
import org.ordersweep.results.EpochRow;
import org.ordersweep.results.TrialRow;
import org.ordersweep.results.TrialStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** Trains one trial with DL4J parameter averaging over the executors and evaluates it on the test set. */
public final class TrialRunner {

    private static final Logger LOG = LoggerFactory.getLogger(TrialRunner.class);

    private final JavaSparkContext sc;
    private final TrainingData data;
    private final SweepConfig config;

    public TrialRunner(JavaSparkContext sc, TrainingData data, SweepConfig config) {
        this.sc = sc;
        this.data = data;
        this.config = config;
    }

    public TrialOutcome run(String sweepId, String trialId, TrialSpec spec) {
        MultiLayerNetwork net;
        try {
            net = buildChecked(spec);
        } catch (InvalidNetwork e) {
            return invalid(sweepId, trialId, spec, e.getMessage());
        } catch (RuntimeException e) {
            // DL4J's own shape rejections
            return invalid(sweepId, trialId, spec, firstLine(e));
        }
        SweepConfig.Train t = config.train();
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(t.batchSize())
                .batchSizePerWorker(t.batchSize())
                .averagingFrequency(t.averagingFrequency())
                .workerPrefetchNumBatches(t.prefetch())
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .storageLevel(TrainingData.STORAGE)
                .rngSeed(spec.rngSeed())
                .collectTrainingStats(false)
                .build();
        SparkDl4jMultiLayer spark = new SparkDl4jMultiLayer(sc, net, master);
        List<EpochRow> epochs = new ArrayList<>();
        double trainSeconds = 0;
        TrialStatus status = TrialStatus.OK;
        String reason = null;
        Evaluator.Scores scores = null;
        for (int epoch = 1; epoch <= t.epochs(); epoch++) {
            master.setTrainingHookList(new ArrayList<>(List.of(new DropoutSeeder(spec.rngSeed(), epoch))));
            long t0 = System.nanoTime();
            spark.fit(data.train());
            double seconds = (System.nanoTime() - t0) / 1e9;
            trainSeconds += seconds;
            double loss = spark.getScore();
            scores = Evaluator.evaluate(spark.getNetwork(), data.testBatches());
            epochs.add(new EpochRow(trialId, epoch, loss, scores.accuracy(), scores.loss(), seconds));
            LOG.debug("{}: epoch {} loss {} test accuracy {}", spec.label(), epoch, loss, scores.accuracy());
            if (!Double.isFinite(loss)) {
                status = TrialStatus.DIVERGED;
                reason = "training loss became " + loss + " in epoch " + epoch;
                break;
            }
        }
        MultiLayerNetwork trained = spark.getNetwork();
        double sps = Evaluator.inferenceSamplesPerSecond(trained, data.testBatches());
        TrialRow row = TrialRow.measured(sweepId, trialId, spec, status, reason, epochs.size(), scores.accuracy(),
                scores.loss(), scores.macroF1(), trainSeconds, scores.seconds(), sps, trained.numParams());
        return new TrialOutcome(row, epochs, List.of());
    }

    private static TrialOutcome invalid(String sweepId, String trialId, TrialSpec spec, String reason) {
        LOG.info("{}: invalid ({})", spec.label(), reason);
        return new TrialOutcome(TrialRow.notTrained(sweepId, trialId, spec, TrialStatus.INVALID, reason), List.of(),
                List.of());
    }

    /** Builds the network and pushes one example through it, so shape problems surface before any training. */
    private MultiLayerNetwork buildChecked(TrialSpec spec) {
        MultiLayerConfiguration conf = NetworkFactory.build(spec.ordering(), spec.activation(), config.model(),
                config.train().learningRate(), data.shape(), spec.rngSeed());
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        DataSet probe = data.testBatches().get(0);
        Inference.output(net, probe.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)), false);
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
