package org.ordersweep.config;

import org.ordersweep.domain.Element;
import org.ordersweep.domain.Placement;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns model.stages as written into the network's stages: each field checked, the shorthand keys' kernel, pool and
 * dropout as the defaults of a stage that gives none. Every problem is an IllegalArgumentException whose message
 * names the stage, the field and what is allowed; the loader prefixes the key and its value.
 */
final class StagesReader {

    /** What a stage that does not say takes: model.kernel, model.pool, model.dropout. */
    record Defaults(int kernel, int pool, double dropout) {
    }

    private StagesReader() {
    }

    /**
     * @param sweptBlocks the blocks sweep.blocks puts into the swept stage in turn; empty = its own elements
     */
    static List<Stage> read(StageList written, Defaults defaults, List<List<Element>> sweptBlocks) {
        List<Stage> out = new ArrayList<>();
        int sweptAt = 0;
        int flattenedAt = 0;
        for (int i = 1; i <= written.stages().size(); i++) {
            Map<String, Object> m = written.stages().get(i - 1);
            String at = "stage " + i;
            boolean swept = flag(m.get("swept"), at);
            List<Placement> placements = placements(m, swept, at);
            if (swept && !placements.isEmpty() && !sweptBlocks.isEmpty()) {
                throw new IllegalArgumentException(at + " is a swept residual stage: its placements are what is "
                        + "swept, so sweep.blocks must stay empty");
            }
            List<Element> elements = placements.isEmpty() ? elements(m.get("elements"), at)
                    : placements.get(0).unit().elements();
            int repeat = integer(m.get("repeat"), 1, 1, at + ": repeat");
            int kernel = integer(m.get("kernel"), defaults.kernel(), 1, at + ": kernel");
            int pool = integer(m.get("pool"), defaults.pool(), 2, at + ": pool");
            double dropout = dropout(m.get("dropout"), defaults.dropout(), at);
            Set<Element> held = EnumSet.copyOf(elements);
            if (swept) {
                sweptBlocks.forEach(held::addAll);
            }
            Element spatial = held.stream().filter(Element::spatial).findFirst().orElse(null);
            if (held.contains(Element.DENSE) && spatial != null) {
                throw new IllegalArgumentException(at + " mixes dense with " + spatial.key() + ": a dense layer "
                        + "flattens the map " + spatial.key() + " needs; put them in separate stages, "
                        + spatial.key() + " first");
            }
            if (flattenedAt > 0 && spatial != null) {
                throw new IllegalArgumentException(at + " has " + spatial.key() + ", which needs a map, but stage "
                        + flattenedAt + "'s dense layer flattened it; stages with conv or pooling come before dense "
                        + "ones");
            }
            if (held.contains(Element.DENSE) && flattenedAt == 0) {
                flattenedAt = i;
            }
            boolean sized = held.contains(Element.CONV) || held.contains(Element.DENSE);
            List<Integer> sizes = sizes(m.get("sizes"), repeat, sized, at);
            if (swept && sweptAt > 0) {
                // Residual stages swept together share each trial's placement, as every unit of a ResNet does.
                Stage earlier = out.get(sweptAt - 1);
                if (!earlier.residual() || placements.isEmpty()) {
                    throw new IllegalArgumentException("stages " + sweptAt + " and " + i + " are both swept: one "
                            + "stage's order is swept (or several residual stages', which share their placement), "
                            + "the others keep the order written");
                }
                if (!earlier.placements().equals(placements)) {
                    throw new IllegalArgumentException("stages " + sweptAt + " and " + i + " are swept residual "
                            + "stages with different placements: they share each trial's placement, so list the "
                            + "same placements in both");
                }
            }
            if (swept && sweptAt == 0) {
                sweptAt = i;
            }
            out.add(new Stage(elements, swept, repeat, sizes, kernel, pool, dropout, placements,
                    shortcut(m.get("shortcut"), !placements.isEmpty(), at)));
        }
        if (sweptAt == 0) {
            throw new IllegalArgumentException("no stage is swept: mark the stage whose order is swept with "
                    + "swept = true");
        }
        return out;
    }

    /** A residual stage's placements: one when it is not swept, any of the five (each once) when it is. */
    private static List<Placement> placements(Map<String, Object> m, boolean swept, String at) {
        Object value = m.get("placements");
        if (value == null) {
            return List.of();
        }
        if (m.containsKey("elements")) {
            throw new IllegalArgumentException(at + " has both elements and placements: a residual stage's "
                    + "placement gives its unit's order, so it takes no elements");
        }
        for (String field : List.of("pool", "dropout")) {
            if (m.containsKey(field)) {
                throw new IllegalArgumentException(at + " is a residual stage and takes no " + field + ": pooling and "
                        + "dropout stay outside the unit, in a plain stage");
            }
        }
        String allowed = at + ": placements must be a non-empty list of " + Placement.allowed()
                + (swept ? ", each at most once" : "; a stage that is not swept has exactly one");
        if (!(value instanceof List<?> list) || list.isEmpty() || (!swept && list.size() != 1)) {
            throw new IllegalArgumentException(allowed);
        }
        return distinct(list, Placement::parse, at, allowed);
    }

    /** Each item parsed (a bad one named with the stage), refused with {@code repeated} when one comes twice. */
    private static <T> List<T> distinct(List<?> items, java.util.function.Function<String, T> parse, String at,
                                        String repeated) {
        List<T> out = new ArrayList<>();
        for (Object o : items) {
            try {
                out.add(parse.apply(String.valueOf(o)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + ": " + e.getMessage());
            }
        }
        if (new HashSet<>(out).size() != out.size()) {
            throw new IllegalArgumentException(repeated);
        }
        return out;
    }

    /** shortcut = projection (the default) or identity; only residual stages have one. */
    private static boolean shortcut(Object value, boolean residual, String at) {
        if (value == null) {
            return true;
        }
        if (!residual) {
            throw new IllegalArgumentException(at + " has a shortcut but no placements: only residual stages have "
                    + "shortcuts");
        }
        if ("projection".equals(value) || "identity".equals(value)) {
            return "projection".equals(value);
        }
        throw new IllegalArgumentException(at + ": shortcut must be projection (a 1x1 convolution where the filters "
                + "change) or identity (never)");
    }

    private static List<Element> elements(Object value, String at) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException(at + ": elements must be a non-empty list of " + Element.allowed());
        }
        return distinct(list, Element::parseInBlock, at, at + ": elements must name each element at most once");
    }

    private static boolean flag(Object value, String at) {
        if (value == null || value instanceof Boolean) {
            return Boolean.TRUE.equals(value);
        }
        throw new IllegalArgumentException(at + ": swept must be true or false");
    }

    private static int integer(Object value, int otherwise, int min, String what) {
        if (value == null) {
            return otherwise;
        }
        if (value instanceof Integer n && n >= min) {
            return n;
        }
        throw new IllegalArgumentException(what + " must be an integer >= " + min);
    }

    private static double dropout(Object value, double otherwise, String at) {
        if (value == null) {
            return otherwise;
        }
        if (value instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() < 1) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(at + ": dropout must be a number in [0, 1)");
    }

    /** One size per repeat for a stage with conv or dense; none for a stage without (zeros stand in). */
    private static List<Integer> sizes(Object value, int repeat, boolean sized, String at) {
        if (!sized) {
            if (value != null) {
                throw new IllegalArgumentException(at + " has neither conv nor dense, so it takes no sizes");
            }
            return Collections.nCopies(repeat, 0);
        }
        String allowed = at + ": sizes must list one integer >= 1 per repeat (filters of conv, units of dense), "
                + repeat + " in all";
        if (!(value instanceof List<?> list) || list.size() != repeat) {
            throw new IllegalArgumentException(allowed);
        }
        List<Integer> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Integer n) || n < 1) {
                throw new IllegalArgumentException(allowed);
            }
            out.add(n);
        }
        return out;
    }
}
