package org.ordersweep.plan;

import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.Constraint;
import org.ordersweep.domain.Element;
import org.ordersweep.domain.Ordering;
import org.ordersweep.domain.Orderings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EquivalenceClassesTest {

    private static final List<Element> FIVE =
            List.of(Element.CONV, Element.BN, Element.ACT, Element.POOL, Element.DROPOUT);
    private static final List<Ordering> ALL = Orderings.enumerate(FIVE, List.of());

    /**
     * Counts by hand: identity commutes with everything (120 / 5 positions of act = 24); relu also with pool and
     * dropout; elu, tanh, sigmoid and softplus only with pool (48 orderings have act next to pool: 24 merged pairs);
     * mish, swish and gelu with nothing.
     */
    @ParameterizedTest
    @CsvSource({"identity,24", "relu,72", "leakyrelu,72", "elu,96", "tanh,96", "sigmoid,96", "softplus,96",
            "mish,120", "swish,120", "gelu,120"})
    void classCountsOfTheDefaultBlock(String activation, int expected) {
        ActivationKind a = ActivationKind.parse(activation);
        List<EquivalenceClass> classes = EquivalenceClasses.of(ALL, a, EquivalenceClasses.commuting(a, 0.25), o -> 0);
        assertEquals(expected, classes.size());
        assertEquals(expected, bruteForceCount(a, 0.25));
        // A partition of the planned orderings.
        Set<Ordering> seen = new HashSet<>();
        classes.forEach(c -> c.members().forEach(o -> assertTrue(seen.add(o))));
        assertEquals(120, seen.size());
    }

    /**
     * An independent count: with distinct letters, two words are equal in a partially commutative monoid exactly
     * when every pair of non-commuting letters appears in the same relative order (the projection lemma), so the
     * classes are the distinct tuples of those relative orders. No search over swaps.
     */
    private static int bruteForceCount(ActivationKind a, double rate) {
        Set<List<Boolean>> signatures = new HashSet<>();
        for (Ordering o : ALL) {
            List<Boolean> sig = new ArrayList<>();
            for (Element x : FIVE) {
                for (Element y : FIVE) {
                    if (x.ordinal() < y.ordinal() && !Commutation.of(x, y, a, rate).commutes()) {
                        sig.add(o.indexOf(x) < o.indexOf(y));
                    }
                }
            }
            signatures.add(sig);
        }
        return signatures.size();
    }

    @Test
    void dropoutRateZeroMakesDropoutPositionIrrelevant() {
        List<EquivalenceClass> classes = EquivalenceClasses.of(ALL, ActivationKind.MISH,
                EquivalenceClasses.commuting(ActivationKind.MISH, 0.0), o -> 0);
        assertEquals(24, classes.size());
    }

    @Test
    void reluClassesMatchTheAlgebra() {
        List<EquivalenceClass> classes = EquivalenceClasses.of(ALL, ActivationKind.RELU,
                EquivalenceClasses.commuting(ActivationKind.RELU, 0.25), o -> 0);
        EquivalenceClass canonical = classes.stream()
                .filter(c -> c.members().contains(Ordering.parse("conv>bn>act>pool>dropout"))).findFirst().orElseThrow();
        // act slides past pool and dropout, which do not commute with each other.
        assertEquals(Set.of("conv>bn>act>pool>dropout", "conv>bn>pool>act>dropout", "conv>bn>pool>dropout>act"),
                keys(canonical.members()));
    }

    @Test
    void representativeIsTheCheapestMemberAndIdsAreStable() {
        List<EquivalenceClass> byCost = EquivalenceClasses.of(ALL, ActivationKind.RELU,
                EquivalenceClasses.commuting(ActivationKind.RELU, 0.25), o -> o.indexOf(Element.POOL));
        for (EquivalenceClass c : byCost) {
            int min = c.members().stream().mapToInt(o -> o.indexOf(Element.POOL)).min().orElseThrow();
            assertEquals(min, c.representative().indexOf(Element.POOL));
            assertEquals(c.representative(), c.members().get(0));
        }
        List<EquivalenceClass> planOrder = EquivalenceClasses.of(ALL, ActivationKind.RELU,
                EquivalenceClasses.commuting(ActivationKind.RELU, 0.25), o -> 0);
        assertEquals(new HashSet<>(byCost.stream().map(EquivalenceClass::id).toList()),
                new HashSet<>(planOrder.stream().map(EquivalenceClass::id).toList()));
    }

    @Test
    void constraintsKeepClassesLinkedThroughRemovedOrderings() {
        // Every kept ordering lands in exactly one class, and classes hold only kept orderings.
        List<Ordering> kept = Orderings.enumerate(FIVE, List.of(Constraint.parse("dropout last")));
        List<EquivalenceClass> classes = EquivalenceClasses.of(kept, ActivationKind.RELU,
                EquivalenceClasses.commuting(ActivationKind.RELU, 0.25), o -> 0);
        int members = classes.stream().mapToInt(c -> c.members().size()).sum();
        assertEquals(24, members);
        for (EquivalenceClass c : classes) {
            c.members().forEach(o -> assertEquals(Element.DROPOUT, o.elements().get(4)));
        }
    }

    @Test
    void rulesExplainThemselves() {
        Commutation.Verdict sig = Commutation.of(Element.ACT, Element.DROPOUT, ActivationKind.SIGMOID, 0.25);
        assertFalse(sig.commutes());
        assertEquals("sigmoid(0) != 0: a unit dropped before the activation becomes f(0), after it 0", sig.reason());
        Commutation.Verdict tanh = Commutation.of(Element.DROPOUT, Element.ACT, ActivationKind.TANH, 0.25);
        assertFalse(tanh.commutes());
        assertTrue(tanh.reason().contains("not positively homogeneous"));
        assertTrue(Commutation.of(Element.POOL, Element.ACT, ActivationKind.ELU, 0.25).commutes());
        assertFalse(Commutation.of(Element.POOL, Element.ACT, ActivationKind.GELU, 0.25).commutes());
        assertFalse(Commutation.of(Element.BN, Element.POOL, ActivationKind.RELU, 0.25).commutes());
    }

    @Test
    void planDeduplicatesPerActivation() {
        SweepPlan plan = SweepPlan.of(FIVE, List.of(), List.of(), List.of(ActivationKind.RELU, ActivationKind.TANH),
                2, 1L, true, 0.25, o -> 0);
        assertEquals((72 + 96) * 2, plan.trials().size());
        assertEquals(96, plan.orderingClassCount());
        SweepPlan off = SweepPlan.of(FIVE, List.of(), List.of(), List.of(ActivationKind.RELU), 1, 1L, false, 0.25,
                o -> 0);
        assertEquals(120, off.trials().size());
        assertEquals(120, off.orderingClassCount());
        for (TrialSpec t : plan.trials()) {
            assertFalse(t.inheritors().contains(t.ordering()));
        }
    }

    private static Set<String> keys(List<Ordering> orderings) {
        Set<String> out = new HashSet<>();
        orderings.forEach(o -> out.add(o.key()));
        return out;
    }
}
