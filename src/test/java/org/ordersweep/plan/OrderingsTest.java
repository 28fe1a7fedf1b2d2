package org.ordersweep.plan;

import org.ordersweep.domain.Element;
import org.ordersweep.domain.Ordering;
import org.ordersweep.domain.Orderings;
import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.Constraint;


import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderingsTest {

    private static final List<Element> FIVE =
            List.of(Element.CONV, Element.BN, Element.ACT, Element.POOL, Element.DROPOUT);

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
        assertEquals("unknown block element 'relu'; allowed: conv, dense, bn, act, pool, avgpool, dropout", e.getMessage());
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
        SweepPlan plan = SweepPlan.of(List.of(FIVE), List.of(), List.of(),
                List.of(ActivationKind.RELU, ActivationKind.TANH), List.of(1e-3, 3e-3), 2, 1L, false, 0.25, o -> 0);
        HashSet<String> ids = new HashSet<>();
        for (TrialSpec t : plan.trials()) {
            String id = TrialIds.trialId("model.blocks=2\n", "abc", t, 1e-3);
            assertEquals(id, TrialIds.trialId("model.blocks=2\n", "abc", t, 1e-3));
            assertEquals(16, id.length());
            ids.add(id);
        }
        assertEquals(plan.trials().size(), ids.size());
        TrialSpec first = plan.trials().get(0);
        assertTrue(!TrialIds.trialId("model.blocks=2\n", "abc", first, 1e-3).equals(
                TrialIds.trialId("model.blocks=3\n", "abc", first, 1e-3)));
        assertTrue(!TrialIds.trialId("x", "abc", first, 1e-3).equals(TrialIds.trialId("x", "abd", first, 1e-3)));
    }

    /**
     * A trial at train.learning-rate hashes exactly what it hashed before rates could be swept (the id below was
     * computed by the earlier rule, from the same text); a trial at another rate adds its rate.
     */
    @Test
    void aTrialAtTheBaseRateKeepsItsEarlierId() {
        TrialSpec at = new TrialSpec(Ordering.parse("conv>bn>act"), ActivationKind.RELU, 1e-3, 2, 5L, "k",
                List.of());
        assertEquals(TrialIds.sha256("fp\ndata=abc\nordering=conv>bn>act\nactivation=relu\nseed=2").substring(0, 16),
                TrialIds.trialId("fp", "abc", at, 1e-3));
        TrialSpec other = new TrialSpec(at.ordering(), at.activation(), 1e-2, 2, 5L, "k", List.of());
        assertEquals(TrialIds.sha256("fp\ndata=abc\nordering=conv>bn>act\nactivation=relu\nlearning-rate=0.01"
                + "\nseed=2").substring(0, 16), TrialIds.trialId("fp", "abc", other, 1e-3));
        // Seen from a sweep whose base rate is 0.01, the roles swap: ids never collide across base rates' sweeps
        // because the fingerprint (which holds train.learning-rate) differs too.
        assertEquals(TrialIds.trialId("fp", "abc", at, 1e-3), TrialIds.trialId("fp", "abc", other, 1e-2));
    }

    @Test
    void ratesAndBlocksMultiplyThePlanWithSharedSeeds() {
        List<Element> full = List.of(Element.CONV, Element.BN, Element.ACT, Element.POOL);
        List<Element> noBn = List.of(Element.CONV, Element.ACT, Element.POOL);
        SweepPlan plan = SweepPlan.of(List.of(full, noBn), List.of(Constraint.parse("conv first"),
                        Constraint.parse("bn before act")), List.of(), List.of(ActivationKind.RELU),
                List.of(1e-3, 1e-2), 3, 7L, false, 0.25, o -> 0);
        // conv first: 6 orderings of the full block, of which bn before act: 3; the block without bn: 2 (the rule
        // about bn does not apply to it).
        assertEquals(List.of("conv>bn>act>pool", "conv>bn>pool>act", "conv>pool>bn>act", "conv>act>pool",
                "conv>pool>act"), plan.orderings().stream().map(Ordering::key).toList());
        assertEquals(5 * 2 * 3, plan.trials().size());
        assertEquals(5 * 2 * 3, plan.plannedCombinations());
        for (TrialSpec t : plan.trials()) {
            assertEquals(Seeds.derive(7L, t.seedIndex()), t.rngSeed()); // the same seeds at every rate
        }
        assertEquals(2, plan.trials().stream().map(TrialSpec::learningRate).distinct().count());
        assertEquals(List.of("conv+bn+act+pool", "conv+act+pool"), plan.trials().stream()
                .map(t -> t.setting().block()).distinct().toList());
        assertEquals("conv+bn+act+pool relu lr=0.01", plan.trials().stream().filter(t -> t.learningRate() == 1e-2)
                .findFirst().orElseThrow().setting().key());
    }

    @Test
    void aConstraintOnAnElementABlockLacksDoesNotApplyToIt() {
        Ordering noBn = Ordering.parse("conv>act>pool");
        for (String rule : List.of("bn first", "bn last", "bn before act", "act before bn", "bn after pool")) {
            assertTrue(Constraint.parse(rule).test(noBn), rule);
        }
        assertTrue(!Constraint.parse("act last").test(noBn));
        assertTrue(!Constraint.parse("pool before act").test(noBn));
    }

    @Test
    void aConstraintForOneActivationNarrowsOnlyItsOrderingsAndKeepsTheOthersTrials() {
        List<Constraint> rules = List.of(Constraint.parse("conv first"), Constraint.parse("mish: bn before act"),
                Constraint.parse("Mish : bn before pool"), Constraint.parse("mish: bn before dropout"));
        SweepPlan both = SweepPlan.of(FIVE, rules, List.of(), List.of(ActivationKind.RELU, ActivationKind.MISH), 2,
                7L, true, 0.25, o -> 0);
        // relu: the 24 orderings with conv first, 12 classes (act commutes with pool and dropout); mish: conv>bn
        // then the 6 orders of act, pool and dropout, none of which commute for it.
        assertEquals(java.util.Map.of(ActivationKind.RELU, 24, ActivationKind.MISH, 6), both.orderingsPerActivation());
        assertEquals(24, both.orderings().size());
        assertEquals((24 + 6) * 2, both.plannedCombinations());
        assertEquals("relu 24 + mish 6 orderings", both.orderingsTimesActivations());
        List<EquivalenceClass> mish = both.classes().stream().filter(c -> c.activation() == ActivationKind.MISH)
                .toList();
        assertEquals(6, mish.size());
        assertTrue(mish.stream().allMatch(c -> c.representative().key().startsWith("conv>bn>")));
        assertEquals(12, both.classes().size() - mish.size());
        // relu's trials are those of a relu-only sweep with the same unscoped rules: same classes, seeds and ids
        SweepPlan reluOnly = SweepPlan.of(FIVE, rules, List.of(), List.of(ActivationKind.RELU), 2, 7L, true, 0.25,
                o -> 0);
        assertEquals(reluOnly.trials(), both.trials().stream().filter(t -> t.activation() == ActivationKind.RELU)
                .toList());
        assertEquals("24 orderings x 1 activations", reluOnly.orderingsTimesActivations());
        assertEquals(ActivationKind.MISH, Constraint.parse("mish: bn first").activation());
        assertEquals("bn first", Constraint.parse("mish:  bn first").rule());
        assertTrue(Constraint.parse("bn first").appliesTo(ActivationKind.TANH));
        assertTrue(!Constraint.parse("mish: bn first").appliesTo(ActivationKind.TANH));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Constraint.parse("mush: bn first"));
        assertTrue(e.getMessage().startsWith("unknown activation 'mush'"), e.getMessage());
    }
}
