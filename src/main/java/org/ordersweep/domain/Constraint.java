package org.ordersweep.domain;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * A rule an ordering must satisfy to be swept, written as {@code "conv first"}, {@code "dropout last"},
 * {@code "bn before act"} or {@code "pool after act"}, optionally for one activation only:
 * {@code "mish: bn before pool"} keeps every ordering for the other activations and narrows mish's (an experiment can
 * spend its seeds on a few orderings of a costly activation). An ordering without an element the rule names satisfies
 * it: in an ablation the rule applies to the blocks that have the element.
 *
 * @param activation the activation the rule is for; null for every activation
 */
public record Constraint(String text, ActivationKind activation, Predicate<Ordering> test)
        implements Predicate<Ordering> {

    public static final String GRAMMAR = "'<element> first', '<element> last', '<a> before <b>' or '<a> after <b>', "
            + "optionally after '<activation>:'";

    public static Constraint parse(String text) {
        String rule = text.trim();
        ActivationKind activation = null;
        int colon = rule.indexOf(':');
        if (colon >= 0) {
            activation = ActivationKind.parse(rule.substring(0, colon));
            rule = rule.substring(colon + 1);
        }
        return new Constraint(text, activation, rule(text, rule));
    }

    private static Predicate<Ordering> rule(String text, String rule) {
        String[] words = rule.trim().toLowerCase(Locale.ROOT).split("\\s+");
        if (words.length == 2 && words[1].equals("first")) {
            Element e = Element.parse(words[0]);
            return o -> o.indexOf(e) <= 0;
        }
        if (words.length == 2 && words[1].equals("last")) {
            Element e = Element.parse(words[0]);
            return o -> o.indexOf(e) < 0 || o.indexOf(e) == o.elements().size() - 1;
        }
        if (words.length == 3 && (words[1].equals("before") || words[1].equals("after"))) {
            Element a = Element.parse(words[0]);
            Element b = Element.parse(words[2]);
            if (a == b) {
                throw new IllegalArgumentException("constraint '" + text + "' names " + a.key() + " twice");
            }
            boolean before = words[1].equals("before");
            return o -> o.indexOf(a) < 0 || o.indexOf(b) < 0 || (o.indexOf(a) < o.indexOf(b)) == before;
        }
        throw new IllegalArgumentException("cannot read constraint '" + text + "'; write " + GRAMMAR);
    }

    /** Whether the rule narrows this activation's orderings. */
    public boolean appliesTo(ActivationKind a) {
        return activation == null || activation == a;
    }

    /** The rule's element words, without the activation. */
    public String rule() {
        int colon = text.indexOf(':');
        return colon < 0 ? text.trim() : text.substring(colon + 1).trim();
    }

    @Override
    public boolean test(Ordering ordering) {
        return test.test(ordering);
    }
}
