package org.ordersweep.config;

import org.ordersweep.domain.Element;
import org.ordersweep.domain.Ordering;
import org.ordersweep.domain.Placement;

import java.io.Serializable;
import java.util.List;

/**
 * One stage of the network: its elements in the order written, repeated {@code repeat} times. The swept stage's order
 * is each trial's ordering instead; the others keep theirs in every trial. A residual stage repeats a unit of two
 * convolutions and a shortcut; its elements are a {@link Placement}'s unit, and a swept one sweeps its placements.
 *
 * @param sizes      one entry per repeat: the filters of its convolution or the units of its dense layer
 * @param kernel     the convolution's kernel (same padding, stride 1); 1D networks use 1 x kernel
 * @param pool       the window and stride of its max and average pooling; 1D networks use 1 x pool
 * @param dropout    the fraction of units its dropout drops
 * @param placements a residual stage's placements (one when not swept); empty for a plain stage
 * @param projection whether a residual unit whose filters differ from its input's channels adds a 1x1 convolution of
 *                   its input (He et al.'s projection shortcut) rather than refusing the network
 */
public record Stage(List<Element> elements, boolean swept, int repeat, List<Integer> sizes, int kernel, int pool,
                    double dropout, List<Placement> placements, boolean projection) implements Serializable {

    public Stage {
        elements = List.copyOf(elements);
        sizes = List.copyOf(sizes);
        placements = List.copyOf(placements);
    }

    /** A plain stage. */
    public Stage(List<Element> elements, boolean swept, int repeat, List<Integer> sizes, int kernel, int pool,
                 double dropout) {
        this(elements, swept, repeat, sizes, kernel, pool, dropout, List.of(), true);
    }

    public boolean residual() {
        return !placements.isEmpty();
    }

    /** The elements one repeat stacks, in order: the trial's ordering when this stage is swept. */
    public List<Element> elementsFor(Ordering ordering) {
        return swept ? ordering.elements() : elements;
    }
}
