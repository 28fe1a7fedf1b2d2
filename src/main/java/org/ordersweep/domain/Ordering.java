package org.ordersweep.domain;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The layers of one block in the order they are applied, e.g. {@code conv>bn>act>pool>dropout}. */
public record Ordering(List<Element> elements) implements Serializable {

    public static final String SEPARATOR = ">";

    public Ordering {
        elements = List.copyOf(elements);
    }

    public static Ordering of(Element... elements) {
        return new Ordering(Arrays.asList(elements));
    }

    public static Ordering parse(String key) {
        return new Ordering(Arrays.stream(key.split(SEPARATOR)).map(Element::parse).toList());
    }

    public int indexOf(Element e) {
        return elements.indexOf(e);
    }

    public boolean contains(Element e) {
        return elements.contains(e);
    }

    /** Whether both elements are in the block and {@code first} comes before {@code second}. */
    public boolean puts(Element first, Element second) {
        return contains(first) && contains(second) && indexOf(first) < indexOf(second);
    }

    /** The same ordering with the two elements' places exchanged (both must be in the block). */
    public Ordering swapped(Element a, Element b) {
        int i = indexOf(a);
        int j = indexOf(b);
        if (i < 0 || j < 0) {
            throw new IllegalArgumentException(key() + " does not contain both " + a.key() + " and " + b.key());
        }
        List<Element> out = new ArrayList<>(elements);
        out.set(i, b);
        out.set(j, a);
        return new Ordering(out);
    }

    /** Whether it is a residual unit's ordering (it holds the addition): no precedence pairs, no equivalences. */
    public boolean residualUnit() {
        return contains(Element.ADD);
    }

    /** Its name, with the unit beside a placement's: "full-preact (bn>act>conv>bn>act>conv>add)", else the key. */
    public String described() {
        return name().equals(key()) ? key() : name() + " (" + key() + ")";
    }

    /**
     * How reports, logs and plots name it: a residual unit by its placement ("full-preact"), any other ordering by
     * its key. Tables keep the key.
     */
    public String name() {
        Placement p = Placement.of(this);
        return p == null ? key() : p.key();
    }

    /** Stable text form used in tables and logs. */
    public String key() {
        return elements.stream().map(Element::key).collect(Collectors.joining(SEPARATOR));
    }

    @Override
    public String toString() {
        return key();
    }
}
