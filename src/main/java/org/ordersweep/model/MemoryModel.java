package org.ordersweep.model;

import org.ordersweep.config.SweepConfig;
import org.ordersweep.domain.InputShape;
import org.ordersweep.domain.Ordering;

/**
 * What a trial holds in memory, from its shapes, to size drivers and executors by (docs/operations.md#memory). The
 * factors were measured on DL4J 1.0.0-M2 by reading its workspaces' sizes after training (MemoryModelTest does it on
 * every build): the training workspaces of a minibatch (every layer's output kept for the backward pass, the working
 * memory of the largest layer, the input's copy) were 1.86x its activations for the reference CNN, 1.92x for a conv
 * stage feeding a dense stage and 2.73x for a network of dense stages alone, whose input (and its copy) is as large as
 * its activations; counting the input twice beside the activations, a factor of 2 covers all three (with today's
 * training step, per byte of activations and twice the input: 1.75, 1.88 and 1.14, and 1.77 for a residual graph).
 * Inference alternates two workspaces, each the size of the largest layer's output for a test batch.
 */
public final class MemoryModel {

    /** Training workspaces per byte of one minibatch's activations and twice its input (measured 1.14-1.89). */
    static final double TRAINING_FACTOR = 2.0;
    /** Copies of the parameter vector a trial holds: parameters, gradients, Adam's two moment estimates. */
    static final int PARAMETER_COPIES = 4;

    /**
     * Off-heap bytes of one trial in training (all but the data, which every trial of a JVM shares).
     *
     * @param inference the two inference workspaces for a test batch
     */
    public record Trial(long parameters, long training, long inference) {
        public long total() {
            return parameters + training + inference;
        }
    }

    private MemoryModel() {
    }

    public static Trial trial(Ordering ordering, SweepConfig.Model model, InputShape input, int batchSize,
                              int testBatch) {
        CostModel.Cost cost = CostModel.of(ordering, model, input);
        long largest = (long) input.channels() * input.height() * input.width();
        for (LayerShapes.Step s : LayerShapes.walk(ordering, model, input)) {
            largest = Math.max(largest, s.outputs());
        }
        return new Trial(cost.parameters() * Float.BYTES * PARAMETER_COPIES,
                (long) (TRAINING_FACTOR * (cost.activationBytes() + 2L * inputBytes(input)) * batchSize),
                2L * largest * Float.BYTES * testBatch);
    }

    private static long inputBytes(InputShape input) {
        return (long) input.channels() * input.height() * input.width() * Float.BYTES;
    }

    /**
     * Bytes of the sweep's data in one JVM: the examples as floats on the heap (training, test and validation), and
     * the held-out sets once more off the heap, batched for evaluation.
     */
    public static long dataOnHeap(InputShape input, long examples) {
        return examples * ((long) input.channels() * input.height() * input.width() + 1) * Float.BYTES;
    }

    public static long heldOutOffHeap(InputShape input, long heldOutExamples) {
        return heldOutExamples * ((long) input.channels() * input.height() * input.width() + input.classes())
                * Float.BYTES;
    }
}
