package org.ordersweep.config;

import org.ordersweep.domain.Element;
import org.ordersweep.domain.Ordering;

import java.io.Serializable;
import java.util.List;

/**
 * One stage of the network: its elements in the order written, repeated {@code repeat} times. The swept stage's order
 * is each trial's ordering instead; the others keep theirs in every trial.
 *
 * @param sizes   one entry per repeat: the filters of its convolution or the units of its dense layer
 * @param kernel  the convolution's kernel (same padding, stride 1); 1D networks use 1 x kernel
 * @param pool    the window and stride of its max and average pooling; 1D networks use 1 x pool
 * @param dropout the fraction of units its dropout drops
 */
public record Stage(List<Element> elements, boolean swept, int repeat, List<Integer> sizes, int kernel, int pool,
                    double dropout) implements Serializable {

    public Stage {
        elements = List.copyOf(elements);
        sizes = List.copyOf(sizes);
    }

    /** The elements one repeat stacks, in order: the trial's ordering when this stage is swept. */
    public List<Element> elementsFor(Ordering ordering) {
        return swept ? ordering.elements() : elements;
    }
}
