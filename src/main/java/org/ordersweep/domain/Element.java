package org.ordersweep.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One kind of layer in the block whose order is being swept. {@code pool} is max pooling (its key predates average
 * pooling, and every recorded ordering and trial id spells it so); {@code avgpool} averages with the same window and
 * stride. {@code dense} is a fully connected layer (it flattens a map it receives). {@code add} is a residual unit's
 * addition of its shortcut ({@link Placement}); it belongs to residual units only. Block names list elements in this
 * order, so a new element changes no existing block's name.
 */
public enum Element {
    CONV("conv"), DENSE("dense"), BN("bn"), ACT("act"), POOL("pool"), AVGPOOL("avgpool"), DROPOUT("dropout"), ADD("add");

    private final String key;

    Element(String key) {
        this.key = key;
    }

    /** Whether the element needs a map (height x width), which a dense layer's flat output no longer is. */
    public boolean spatial() {
        return this == CONV || this == POOL || this == AVGPOOL;
    }

    /** The name used in configuration, orderings and result tables. */
    public String key() {
        return key;
    }

    public static Element parse(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (Element e : values()) {
            if (e.key.equals(wanted)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown block element '" + name + "'; allowed: " + allowed());
    }

    /** Whether a plain block may hold it: every element but {@code add}, which exists only inside residual units. */
    public boolean inBlocks() {
        return this != ADD;
    }

    /** An element of a plain block (a stage's elements, sweep.block, sweep.blocks). */
    public static Element parseInBlock(String name) {
        Element e = parse(name);
        if (!e.inBlocks()) {
            throw new IllegalArgumentException("add is a residual unit's addition, not a block element: a stage "
                    + "with placements is a residual stage; allowed: " + allowed());
        }
        return e;
    }

    /** The elements a block may hold. */
    public static String allowed() {
        return Arrays.stream(values()).filter(Element::inBlocks).map(Element::key).collect(Collectors.joining(", "));
    }
}
