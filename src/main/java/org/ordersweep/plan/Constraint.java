package org.ordersweep.plan;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * A rule an ordering must satisfy to be swept, written as {@code "conv first"}, {@code "dropout last"},
 * {@code "bn before act"} or {@code "pool after act"}. An ordering without an element the rule names satisfies it: in
 * an ablation the rule applies to the blocks that have the element.
 */
public record Constraint(String text, Predicate<Ordering> test) implements Predicate<Ordering> {

    public static final String GRAMMAR = "'<element> first', '<element> last', '<a> before <b>' or '<a> after <b>'";

    public static Constraint parse(String text) {
        String[] words = text.trim().toLowerCase(Locale.ROOT).split("\\s+");
        if (words.length == 2 && words[1].equals("first")) {
            Element e = Element.parse(words[0]);
            return new Constraint(text, o -> o.indexOf(e) <= 0);
        }
        if (words.length == 2 && words[1].equals("last")) {
            Element e = Element.parse(words[0]);
            return new Constraint(text, o -> o.indexOf(e) < 0 || o.indexOf(e) == o.elements().size() - 1);
        }
        if (words.length == 3 && (words[1].equals("before") || words[1].equals("after"))) {
            Element a = Element.parse(words[0]);
            Element b = Element.parse(words[2]);
            if (a == b) {
                throw new IllegalArgumentException("constraint '" + text + "' names " + a.key() + " twice");
            }
            boolean before = words[1].equals("before");
            return new Constraint(text, o -> o.indexOf(a) < 0 || o.indexOf(b) < 0
                    || (o.indexOf(a) < o.indexOf(b)) == before);
        }
        throw new IllegalArgumentException("cannot read constraint '" + text + "'; write " + GRAMMAR);
    }

    @Override
    public boolean test(Ordering ordering) {
        return test.test(ordering);
    }
}
