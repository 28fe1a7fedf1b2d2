package org.ordersweep.domain;

import java.io.Serializable;
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

    /** Stable text form used in tables and logs. */
    public String key() {
        return elements.stream().map(Element::key).collect(Collectors.joining(SEPARATOR));
    }

    @Override
    public String toString() {
        return key();
    }
}
