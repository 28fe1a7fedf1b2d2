package org.ordersweep.model;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationGELU;
import org.nd4j.linalg.activations.impl.ActivationMish;
import org.nd4j.linalg.activations.impl.ActivationSoftPlus;
import org.nd4j.linalg.activations.impl.ActivationSwish;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.ordersweep.domain.ActivationKind;

import java.util.function.BiFunction;

/**
 * DL4J's smooth activations with derivatives that stay numbers for large inputs. DL4J 1.0.0-M2 computes them in float
 * from powers of e^x that overflow: the derivative is NaN above x = 22.19 for Mish, 26.07 for GELU, 44.37 for Swish
 * and 88.73 for softplus (measured), and one NaN gradient makes every parameter NaN at the next update. Above those
 * points each derivative is 1 to float precision (each activation is the identity there, to within e^-x). The input
 * is clamped just below that point before DL4J's own derivative runs, so up to it the gradient is DL4J's, bit for bit:
 * a network that never met a larger input trains exactly as with DL4J's activation, and one that did no longer
 * diverges for it. The forward pass is DL4J's.
 */
public final class FiniteDerivatives {

    private FiniteDerivatives() {
    }

    /** DL4J's activation for these, or null when DL4J's own derivative is finite everywhere. */
    static IActivation of(ActivationKind a) {
        return switch (a) {
            case MISH -> new Mish();
            case GELU -> new Gelu();
            case SWISH -> new Swish();
            case SOFTPLUS -> new Softplus();
            default -> null;
        };
    }

    /** DL4J's derivative of {@code fn} at {@code in} clamped to {@code max}; {@code in} is left as it was. */
    private static Pair<INDArray, INDArray> clamped(INDArray in, INDArray epsilon, double max,
                                                    BiFunction<INDArray, INDArray,
                                                            Pair<INDArray, INDArray>> dl4j) {
        return dl4j.apply(Transforms.min(in, max, true), epsilon);
    }

    /** Mish; DL4J's derivative is finite up to 22.19. */
    public static class Mish extends ActivationMish {
        static final double MAX = 22;

        @Override
        public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
            return clamped(in, epsilon, MAX, super::backprop);
        }
    }

    /** GELU (DL4J's default, approximate form); DL4J's derivative is finite up to 26.07. */
    public static class Gelu extends ActivationGELU {
        static final double MAX = 26;

        @Override
        public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
            return clamped(in, epsilon, MAX, super::backprop);
        }
    }

    /** Swish; DL4J's derivative is finite up to 44.37. */
    public static class Swish extends ActivationSwish {
        static final double MAX = 44;

        @Override
        public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
            return clamped(in, epsilon, MAX, super::backprop);
        }
    }

    /** Softplus; DL4J's derivative is finite up to 88.73. */
    public static class Softplus extends ActivationSoftPlus {
        static final double MAX = 88;

        @Override
        public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
            return clamped(in, epsilon, MAX, super::backprop);
        }
    }
}
