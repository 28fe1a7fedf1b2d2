package org.ordersweep.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ordersweep.domain.ActivationKind;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J 1.0.0-M2's derivatives of mish, gelu, swish and softplus are NaN for large inputs; FiniteDerivatives' are
 * DL4J's bit for bit below the clamp, 1 above it, and agree with the slope of DL4J's own forward pass everywhere.
 */
class FiniteDerivativesTest {

    /** Where DL4J's derivative stops being a number (measured on this build). */
    private static double dl4jNaNFrom(ActivationKind a) {
        return switch (a) {
            case MISH -> 22.2;
            case GELU -> 26.1;
            case SWISH -> 44.4;
            case SOFTPLUS -> 88.8;
            default -> throw new IllegalArgumentException(a.toString());
        };
    }

    private static float[] grad(IActivation fn, float[] x) {
        INDArray in = Nd4j.createFromArray(x).reshape(1, x.length);
        INDArray eps = Nd4j.ones(DataType.FLOAT, 1, x.length);
        INDArray before = in.dup();
        float[] g = fn.backprop(in, eps).getFirst().toFloatVector();
        if (fn instanceof FiniteDerivatives.Mish || fn instanceof FiniteDerivatives.Gelu
                || fn instanceof FiniteDerivatives.Swish || fn instanceof FiniteDerivatives.Softplus) {
            assertEquals(before, in, "the input array was changed");
        }
        return g;
    }

    @ParameterizedTest
    @ValueSource(strings = {"mish", "gelu", "swish", "softplus"})
    void dl4jsDerivativeBelowTheClampOneAboveItAndTheForwardPassesSlopeEverywhere(String name) {
        ActivationKind a = ActivationKind.parse(name);
        IActivation dl4j = NetworkFactory.dl4j(a).getActivationFunction();
        IActivation finite = NetworkFactory.activationFunction(a);
        assertTrue(finite.getClass().getSuperclass() == dl4j.getClass(), finite.getClass().toString());

        // Below the clamp: DL4J's own numbers, bit for bit.
        double clamp = Math.floor(dl4jNaNFrom(a));
        int n = 4000;
        float[] below = new float[n];
        for (int i = 0; i < n; i++) {
            below[i] = (float) (-30 + (clamp + 30) * i / (n - 1.0));
        }
        assertArrayEquals(grad(dl4j, below), grad(finite, below));

        // Above it DL4J's is NaN (the bug this works around); the finite one is 1 to float precision.
        float[] above = {(float) dl4jNaNFrom(a), (float) dl4jNaNFrom(a) + 5, 100f, 1e4f};
        float[] dl4jAbove = grad(dl4j, above);
        float[] finiteAbove = grad(finite, above);
        assertTrue(Float.isNaN(dl4jAbove[0]), name + " at " + above[0] + ": " + dl4jAbove[0]);
        for (int i = 0; i < above.length; i++) {
            assertEquals(1.0, finiteAbove[i], 1e-6, name + " at " + above[i]);
        }

        // Independently: the slope of DL4J's forward pass, by central differences in float, from -10 to 80.
        for (double x = -10; x <= 80; x += 0.37) {
            double h = 1e-2;
            INDArray pts = Nd4j.createFromArray(new float[] {(float) (x - h), (float) (x + h)}).reshape(1, 2);
            float[] f = dl4j.getActivation(pts, false).toFloatVector();
            double slope = (f[1] - f[0]) / (2 * h);
            float g = grad(finite, new float[] {(float) x})[0];
            assertEquals(slope, g, 2e-3 * Math.max(1, Math.abs(x)), name + " at " + x);
        }
    }
}
