package org.ordersweep.plan;

import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.Element;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which adjacent block elements may swap places without changing the function the network computes, in training
 * (same dropout masks) and in inference, under DL4J's semantics: inverted dropout (kept units scaled by 1/(1-p), the
 * identity in inference), max and average pooling without padding (Truncate mode), batch norm with batch statistics
 * in training and running statistics in inference. Derived from the activation's properties, never listed per
 * activation. A pair commutes only when it does in training as well as in inference: trials train.
 */
public final class Commutation {

    /** Whether two elements commute, and why (or why not). */
    public record Verdict(boolean commutes, String reason) {
    }

    private Commutation() {
    }

    public static Verdict of(Element a, Element b, ActivationKind f, double dropoutRate) {
        Set<Element> pair = EnumSet.of(a, b);
        if (a == b) {
            throw new IllegalArgumentException("an element does not pair with itself: " + a.key());
        }
        if (pair.contains(Element.DROPOUT) && dropoutRate == 0) {
            return yes("dropout with rate 0 is the identity, in training and inference");
        }
        // Before the identity's shortcut, so that its reason names the property that decides it.
        if (pair.equals(EnumSet.of(Element.ACT, Element.AVGPOOL))) {
            return f.affine()
                    ? yes("average pooling takes a fixed mean of each window (no padding enters it, Truncate mode); "
                    + "an affine f(x) = ax + b passes through any mean: mean(f(x)) = f(mean(x))")
                    : no(f.key() + " is not affine, and by Jensen's inequality only an affine f commutes with a mean: "
                    + "relu(mean(-1, 1)) = 0 but mean(relu(-1), relu(1)) = 0.5; being monotone is not enough");
        }
        if (pair.contains(Element.ACT) && f == ActivationKind.IDENTITY) {
            return yes("the identity activation commutes with everything");
        }
        if (pair.equals(EnumSet.of(Element.ACT, Element.POOL))) {
            return f.nonDecreasing()
                    ? yes("max-pooling keeps each window's largest value; a non-decreasing f keeps which value that "
                    + "is, so max(f(x)) = f(max(x)); no padding enters the window (Truncate mode)")
                    : no(f.key() + " is not monotone: the window maximum of f(x) need not be f of the window maximum");
        }
        if (pair.equals(EnumSet.of(Element.ACT, Element.DROPOUT))) {
            if (!f.zeroAtZero()) {
                return no(f.key() + "(0) != 0: a unit dropped before the activation becomes f(0), after it 0");
            }
            if (!f.positivelyHomogeneous()) {
                return no(f.key() + " is not positively homogeneous: f(x/(1-p)) != f(x)/(1-p) for the kept units");
            }
            return yes("inverted dropout multiplies by m/(1-p) with m in {0,1}: f(0) = 0 covers dropped units and "
                    + "f(cx) = c f(x), c > 0, kept ones; in inference dropout is the identity; the mask has the same "
                    + "shape at both positions");
        }
        if (pair.equals(EnumSet.of(Element.BN, Element.POOL))) {
            return no("in training bn normalises with batch statistics, which differ before and after pooling; in "
                    + "inference it is a per-channel affine map, which commutes with max only for a non-negative "
                    + "scale");
        }
        if (pair.equals(EnumSet.of(Element.BN, Element.DROPOUT))) {
            return no("dropout changes the mean and variance bn sees in training (variance shift), not in inference");
        }
        if (pair.equals(EnumSet.of(Element.BN, Element.ACT))) {
            return no("bn shifts and scales per channel: f(bn(x)) and bn(f(x)) differ for every non-linear f");
        }
        if (pair.equals(EnumSet.of(Element.POOL, Element.DROPOUT))) {
            return no("dropping units before pooling changes which value wins each window; after pooling the mask "
                    + "has a quarter of the units");
        }
        if (pair.equals(EnumSet.of(Element.BN, Element.AVGPOOL))) {
            return no("in training bn normalises with batch statistics, and averaging lowers the variance they see "
                    + "(by up to the window's size on uncorrelated inputs), so bn before and after pooling normalise "
                    + "differently; in inference bn is a per-channel affine map and would commute with averaging");
        }
        if (pair.equals(EnumSet.of(Element.DROPOUT, Element.AVGPOOL))) {
            return no("the dropout mask is drawn per unit: before pooling it drops single inputs of each window's "
                    + "mean, after it whole means, so mean(m x)/(1-p) != m mean(x)/(1-p) in training; in inference "
                    + "dropout is the identity");
        }
        if (pair.equals(EnumSet.of(Element.POOL, Element.AVGPOOL))) {
            return no("the maximum of window means is not the mean of window maxima: on (1, 1, 4, 0) with windows "
                    + "of 2, averaging first gives max(1, 2) = 2, max-pooling first mean(1, 4) = 2.5");
        }
        if (pair.contains(Element.CONV)) {
            Element other = a == Element.CONV ? b : a;
            return no("convolution mixes neighbouring positions and all channels with learned weights; "
                    + other.key() + " acts per position or per channel, so the two do not swap");
        }
        if (pair.contains(Element.DENSE)) {
            Element other = a == Element.DENSE ? b : a;
            return no("a dense layer mixes all features with learned weights and changes their number; "
                    + other.key() + " acts per feature (or needs a map), so the two do not swap");
        }
        if (pair.contains(Element.ADD)) {
            Element other = a == Element.ADD ? b : a;
            return no("a residual unit's addition sums the branch and the unit's input; " + other.key()
                    + " before it acts on the branch alone, after it on the sum, so the two do not swap");
        }
        throw new IllegalStateException("no rule for " + a.key() + " and " + b.key());
    }

    private static Verdict yes(String why) {
        return new Verdict(true, why);
    }

    private static Verdict no(String why) {
        return new Verdict(false, why);
    }
}
