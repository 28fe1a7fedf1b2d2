package org.ordersweep.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The activation functions a sweep may use, with the four properties that decide which layers they commute with
 * (see plan.Commutation):
 * <ul>
 *   <li>non-decreasing: x <= y implies f(x) <= f(y), so f keeps the position of a window's maximum;</li>
 *   <li>zero at zero: f(0) = 0, so a unit dropped to 0 stays 0;</li>
 *   <li>positively homogeneous: f(c x) = c f(x) for every c > 0, so inverted dropout's 1/(1-p) scaling passes
 *   through;</li>
 *   <li>affine: f(x) = a x + b, so f passes through any mean (average pooling); by Jensen's inequality no other f
 *   does, convex relu included.</li>
 * </ul>
 * Mish, Swish and GELU dip below zero before rising (minimum near x = -1.19, -1.28 and -0.75): not monotone.
 */
public enum ActivationKind {
    //        non-decreasing, f(0)=0, positively homogeneous, affine
    IDENTITY(true, true, true, true),
    RELU(true, true, true, false),
    LEAKYRELU(true, true, true, false),
    ELU(true, true, false, false),
    TANH(true, true, false, false),
    SIGMOID(true, false, false, false),   // sigmoid(0) = 0.5
    SOFTPLUS(true, false, false, false),  // softplus(0) = ln 2
    MISH(false, true, false, false),
    SWISH(false, true, false, false),
    GELU(false, true, false, false);

    private final boolean nonDecreasing;
    private final boolean zeroAtZero;
    private final boolean positivelyHomogeneous;
    private final boolean affine;

    ActivationKind(boolean nonDecreasing, boolean zeroAtZero, boolean positivelyHomogeneous, boolean affine) {
        this.nonDecreasing = nonDecreasing;
        this.zeroAtZero = zeroAtZero;
        this.positivelyHomogeneous = positivelyHomogeneous;
        this.affine = affine;
    }

    public boolean nonDecreasing() {
        return nonDecreasing;
    }

    public boolean zeroAtZero() {
        return zeroAtZero;
    }

    public boolean positivelyHomogeneous() {
        return positivelyHomogeneous;
    }

    public boolean affine() {
        return affine;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ActivationKind parse(String name) {
        for (ActivationKind a : values()) {
            if (a.key().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "'; allowed: " + allowed());
    }

    public static String allowed() {
        return Arrays.stream(values()).map(ActivationKind::key).collect(Collectors.joining(", "));
    }
}
