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
 */
public record TrainingStep(boolean fusedBatchNorm, boolean copyFreeRelu, boolean copyFreeDropout,
                           boolean cachedConvForward, boolean leadingConvolution, boolean javaAdam,
                           boolean softmaxOutput, boolean channelsLastConv) {

    /** DL4J's layers and settings as shipped. */
    public static final TrainingStep DL4J = new TrainingStep(false, false, false, false, false, false, false, false);

    /** What sweeps train with: the levers that measured faster. */
    public static final TrainingStep FAST = new TrainingStep(true, true, true, true, true, true, true, true);

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
                new Lever("fused batch norm", new TrainingStep(true, false, false, false, false, false, false, false)),
                new Lever("copy-free ReLU", new TrainingStep(false, true, false, false, false, false, false, false)),
                new Lever("dropout in Java", new TrainingStep(false, false, true, false, false, false, false, false)),
                new Lever("cached conv forward (CacheMode.DEVICE)", new TrainingStep(false, false, false, true, false, false, false, false)),
                new Lever("leading conv without input gradient",
                        new TrainingStep(false, false, false, false, true, false, false, false)),
                new Lever("Adam in Java", new TrainingStep(false, false, false, false, false, true, false, false)),
                new Lever("output layer once per step",
                        new TrainingStep(false, false, false, false, false, false, true, false)),
                new Lever("conv without its channels-first copy",
                        new TrainingStep(false, false, false, false, false, false, false, true)),
                new Lever("what sweeps use", FAST));
    }
}
