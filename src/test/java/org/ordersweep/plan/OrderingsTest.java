package org.ordersweep.plan;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderingsTest {

    private static final List<Element> FIVE = List.of(Element.values());

    @Test
    void enumeratesAllPermutationsOnceInLexicographicOrder() {
        List<Ordering> all = Orderings.enumerate(FIVE, List.of());
        assertEquals(120, all.size());
        assertEquals(120, new HashSet<>(all).size());
        assertEquals("conv>bn>act>pool>dropout", all.get(0).key());
        assertEquals("conv>bn>act>dropout>pool", all.get(1).key());
        assertEquals("dropout>pool>act>bn>conv", all.get(119).key());
    }

    @Test
    void smallBlocks() {
        assertEquals(List.of(Ordering.of(Element.BN)), Orderings.enumerate(List.of(Element.BN), List.of()));
        assertEquals(List.of("act>pool", "pool>act"),
                Orderings.enumerate(List.of(Element.ACT, Element.POOL), List.of()).stream().map(Ordering::key).toList());
    }

    @Test
    void constraintsFilter() {
        List<Ordering> convFirst = Orderings.enumerate(FIVE, List.of(Constraint.parse("conv first")));
        assertEquals(24, convFirst.size());
        assertTrue(convFirst.stream().allMatch(o -> o.elements().get(0) == Element.CONV));

        List<Ordering> bnBeforeAct = Orderings.enumerate(FIVE, List.of(Constraint.parse("bn before act")));
        assertEquals(60, bnBeforeAct.size());
        assertTrue(bnBeforeAct.stream().allMatch(o -> o.indexOf(Element.BN) < o.indexOf(Element.ACT)));

        List<Ordering> three = Orderings.enumerate(FIVE, List.of(Constraint.parse("conv first"),
                Constraint.parse("dropout last"), Constraint.parse("pool after act")));
        assertEquals(List.of("conv>bn>act>pool>dropout", "conv>act>bn>pool>dropout", "conv>act>pool>bn>dropout"),
                three.stream().map(Ordering::key).toList());
    }

    @Test
    void constraintGrammarErrorsSayWhatIsAllowed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Constraint.parse("conv soon"));
        assertEquals("cannot read constraint 'conv soon'; write " + Constraint.GRAMMAR, e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Constraint.parse("relu first"));
        assertEquals("unknown block element 'relu'; allowed: conv, bn, act, pool, dropout", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Constraint.parse("bn before bn"));
        assertEquals("constraint 'bn before bn' names bn twice", e.getMessage());
    }

    @Test
    void orderingKeyRoundTrips() {
        Ordering o = Ordering.parse("pool>conv>dropout");
        assertEquals(List.of(Element.POOL, Element.CONV, Element.DROPOUT), o.elements());
        assertEquals("pool>conv>dropout", o.key());
    }

    @Test
    void planCrossesOrderingsActivationsAndSharedSeeds() {
        SweepPlan plan = SweepPlan.of(List.of(Element.CONV, Element.ACT, Element.POOL), List.of(),
                List.of(), List.of(ActivationKind.RELU, ActivationKind.TANH), 3, 7L, false, 0.25, o -> 0);
        assertEquals(6, plan.orderings().size());
        assertEquals(6 * 2 * 3, plan.trials().size());
        // Every ordering with seed index i gets the same rng seed: comparisons can be paired by seed.
        for (TrialSpec t : plan.trials()) {
            assertEquals(Seeds.derive(7L, t.seedIndex()), t.rngSeed());
        }
        assertEquals(3, plan.trials().stream().map(TrialSpec::rngSeed).distinct().count());
    }

    @Test
    void trialIdsAreDeterministicAndDistinguishEveryDefiningPart() {
        SweepPlan plan = SweepPlan.of(List.of(Element.values()), List.of(),
                List.of(), List.of(ActivationKind.RELU, ActivationKind.TANH), 2, 1L, false, 0.25, o -> 0);
        HashSet<String> ids = new HashSet<>();
        for (TrialSpec t : plan.trials()) {
            String id = TrialIds.trialId("model.blocks=2\n", "abc", t);
            assertEquals(id, TrialIds.trialId("model.blocks=2\n", "abc", t));
            assertEquals(16, id.length());
            ids.add(id);
        }
        assertEquals(plan.trials().size(), ids.size());
        TrialSpec first = plan.trials().get(0);
        assertTrue(!TrialIds.trialId("model.blocks=2\n", "abc", first).equals(
                TrialIds.trialId("model.blocks=3\n", "abc", first)));
        assertTrue(!TrialIds.trialId("x", "abc", first).equals(TrialIds.trialId("x", "abd", first)));
    }
}
