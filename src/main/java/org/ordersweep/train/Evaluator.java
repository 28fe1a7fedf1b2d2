package org.ordersweep.train;

import org.nd4j.evaluation.EvaluationAveraging;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.ordersweep.model.Network;

import java.util.List;

/** Scores a trained network on the held-out test set (never on training data), in inference mode. */
final class Evaluator {

    /**
     * Accuracy, loss and macro F1 are NaN when the network's predictions were not numbers (a diverged network).
     * Inference speed comes from the same pass: the samples over the seconds spent in the network's forward passes
     * alone (a separate timed pass after training was 3% of a quickstart trial's time).
     */
    record Scores(double accuracy, double loss, double macroF1, double seconds, double inferenceSamplesPerSecond) {
        boolean finite() {
            return !Double.isNaN(accuracy);
        }
    }

    private Evaluator() {
    }

    static Scores evaluate(Network net, List<DataSet> test) {
        long t0 = System.nanoTime();
        Evaluation eval = new Evaluation();
        double lossSum = 0;
        long n = 0;
        long forwardNanos = 0;
        for (DataSet batch : test) {
            long f0 = System.nanoTime();
            INDArray out = net.output(batch.getFeatures(), false);
            forwardNanos += System.nanoTime() - f0;
            n += batch.numExamples();
            if (!Double.isFinite(out.sumNumber().doubleValue())) {
                // NaN parameters give NaN probabilities, which DL4J's Evaluation refuses with an exception
                out.close();
                return new Scores(Double.NaN, Double.NaN, Double.NaN, (System.nanoTime() - t0) / 1e9,
                        n / (forwardNanos / 1e9));
            }
            eval.eval(batch.getLabels(), out);
            // Cross-entropy from the same forward pass, instead of a second one through net.score(); both arrays
            // are freed at once rather than when the garbage collector gets to them.
            INDArray logs = Transforms.log(Transforms.max(out, 1e-7, true), false).muli(batch.getLabels());
            lossSum -= logs.sumNumber().doubleValue();
            logs.close();
            out.close();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Scores(eval.accuracy(), lossSum / n, eval.f1(EvaluationAveraging.Macro), seconds,
                n / (forwardNanos / 1e9));
    }
}
