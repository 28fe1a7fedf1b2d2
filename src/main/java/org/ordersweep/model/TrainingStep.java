package org.ordersweep.model;

import org.ordersweep.config.StepKind;

import java.util.List;

/**
 * How a network's training step is built: with ordersweep's own faster pieces or with DL4J's as shipped. Sweeps
 * train with {@link #FAST} unless train.step says dl4j ({@link #of}); the bench measures each piece against
 * {@link #DL4J} (docs/performance.md, "The training step, lever by lever": what each lever gave), and the tests check
 * every piece against DL4J's own layer.
 *
 * @param fusedBatchNorm     {@link FusedBatchNorm} instead of DL4J's batch normalization
 * @param copyFreeRelu       {@link CopyFreeRelu} instead of DL4J's activation layer, for ReLU
 * @param copyFreeDropout    {@link CopyFreeDropout} instead of DL4J's dropout layer: its mask drawn in Java, bit for
 *                           bit DL4J's, and no copies
 * @param cachedConvForward  DL4J's {@code CacheMode.DEVICE}: the conv layer keeps its forward output for the
 *                           backward pass instead of computing it again
 * @param leadingConvolution {@link LeadingConvolution} for a conv with nothing trainable before it: its weight
 *                           gradients alone, not the input gradient no one reads; {@link LeadingPooling} for
 *                           pooling in front of it, which then has no backward pass either
 * @param javaAdam           {@link JavaAdam}: DL4J's Adam with its update computed in Java
 * @param softmaxOutput      {@link SoftmaxOutput}: the output layer's pre-output and softmax once per step, not twice
 * @param channelsLastConv   {@link ChannelsLastConvolution} for every other conv: without DL4J's channels-first copy
 *                           of its input, which its oneDNN helper does not read (the leading conv has it either way)
 * @param cachedForwardDense {@link CachedForwardDense}: the dense layer's backward pass from its forward output, not
 *                           from its pre-output computed again
 */
public record TrainingStep(boolean fusedBatchNorm, boolean copyFreeRelu, boolean copyFreeDropout,
                           boolean cachedConvForward, boolean leadingConvolution, boolean javaAdam,
                           boolean softmaxOutput, boolean channelsLastConv,
                           boolean cachedForwardDense) {

    /** DL4J's layers and settings as shipped. */
    public static final TrainingStep DL4J = with(-1);

    /** What sweeps train with: the levers that measured faster. */
    public static final TrainingStep FAST = new TrainingStep(true, true, true, true, true, true, true, true, true);

    /** The step a sweep's train.step names. */
    public static TrainingStep of(StepKind kind) {
        return switch (kind) {
            case FAST -> FAST;
            case DL4J -> DL4J;
        };
    }

    /** One lever on its own against DL4J's step, by name, for the bench. */
    public record Lever(String name, TrainingStep step) {
    }

    /** DL4J's step, each lever alone, and what sweeps use. */
    public static List<Lever> levers() {
        return List.of(new Lever("DL4J's layers as shipped", DL4J),
                new Lever("fused batch norm", with(0)),
                new Lever("copy-free ReLU", with(1)),
                new Lever("dropout in Java", with(2)),
                new Lever("cached conv forward (CacheMode.DEVICE)", with(3)),
                new Lever("leading conv without input gradient", with(4)),
                new Lever("Adam in Java", with(5)),
                new Lever("output layer once per step", with(6)),
                new Lever("conv without its channels-first copy", with(7)),
                new Lever("dense layer's forward pass once", with(8)),
                new Lever("what sweeps use", FAST));
    }

    /** DL4J's step with the lever at {@code index} (in the order of the record's components) on, or none for -1. */
    static TrainingStep with(int index) {
        boolean[] on = new boolean[9];
        if (index >= 0) {
            on[index] = true;
        }
        return new TrainingStep(on[0], on[1], on[2], on[3], on[4], on[5], on[6], on[7], on[8]);
    }
}
