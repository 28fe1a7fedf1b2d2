package org.ordersweep.model;

import org.ordersweep.domain.InputShape;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.Element;
import org.ordersweep.plan.EquivalenceClass;
import org.ordersweep.plan.EquivalenceClasses;
import org.ordersweep.domain.Ordering;
import org.ordersweep.domain.Orderings;

import java.util.EnumSet;
import java.util.List;
import java.util.function.BiPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The algebra checked against DL4J's own numbers. */
class EquivalenceVerifierTest {

    /** The forum's block. */
    private static final List<Element> FIVE =
            List.of(Element.CONV, Element.BN, Element.ACT, Element.POOL, Element.DROPOUT);
    private static final List<Ordering> ALL = Orderings.enumerate(FIVE, List.of());

    private static SweepConfig.Model model(String layout) {
        return ConfigLoader.load(null, List.of("model.layout=" + layout, "model.filters=[4,6]", "model.dense=8"))
                .model();
    }

    private static InputShape shape(String layout) {
        return layout.equals("2d") ? new InputShape(1, 12, 12, 10) : new InputShape(6, 1, 16, 10);
    }

    /** The verifier on the 2d model, without timing training: these tests look at the verdicts only. */
    private static EquivalenceVerifier untimed() {
        return new EquivalenceVerifier(model("2d"), shape("2d"), 7L, false);
    }

    @ParameterizedTest
    @CsvSource({"relu,2d,72", "relu,1d,72", "tanh,2d,96", "tanh,1d,96", "mish,2d,120", "mish,1d,120"})
    void everyClassOfTheDefaultBlockVerifies(String activation, String layout, int classes) {
        ActivationKind a = ActivationKind.parse(activation);
        List<EquivalenceClass> derived = EquivalenceClasses.of(ALL, a, EquivalenceClasses.commuting(a, 0.25), o -> 0);
        // The sweep's pass also times every ordering's training step; relu 2d checks that, the rest skip it.
        boolean timed = activation.equals("relu") && layout.equals("2d");
        EquivalenceVerifier v = new EquivalenceVerifier(model(layout), shape(layout), 7L, timed);
        EquivalenceVerifier.Result r = v.verify(derived);
        assertEquals(0, r.failures(), () -> r.checks().stream().filter(c -> !c.passed()).toList().toString());
        assertEquals(classes, r.classes().size());
        // One check per ordering; members were really compared (not vacuously equal).
        assertEquals(120, r.checks().size());
        for (EquivalenceVerifier.Check c : r.checks()) {
            assertTrue(c.inferenceSamplesPerSecond() > 0);
            assertEquals(timed, c.trainingSamplesPerSecond() > 0, c.toString());
            if (!c.isRepresentative()) {
                assertTrue(c.inferenceDiff() <= EquivalenceVerifier.TOLERANCE, c.toString());
                assertTrue(c.gradientDiff() <= EquivalenceVerifier.TOLERANCE, c.toString());
            }
        }
    }

    /**
     * The average-pooling block: relu commutes only with dropout there (96 classes, pairs), the identity with
     * everything (24 classes of five), and DL4J agrees with every member in inference, training and gradients.
     */
    @ParameterizedTest
    @CsvSource({"relu,96", "identity,24"})
    void everyClassOfTheAveragePoolingBlockVerifies(String activation, int classes) {
        assertEveryClassVerifies(untimed(), List.of(Element.CONV, Element.BN, Element.ACT, Element.AVGPOOL,
                Element.DROPOUT), ActivationKind.parse(activation), 0.25, classes);
    }

    /**
     * A fully connected stage after a fixed conv stage, going straight into the output: relu commutes only with
     * dropout (18 classes of 24), the identity with everything (6), and DL4J agrees with every member in inference,
     * training and gradients, with batch norm on the dense layer's features.
     */
    @ParameterizedTest
    @CsvSource({"relu,18", "identity,6"})
    void everyClassOfTheFullyConnectedBlockVerifies(String activation, int classes) {
        SweepConfig.Model model = ConfigLoader.load(null, List.of("model.head=output", "model.stages=[{elements = "
                + "[conv, act, pool], sizes = [4]}, {elements = [dense, bn, act, dropout], sizes = [12], dropout = "
                + "0.5, swept = true}]")).model();
        assertEveryClassVerifies(new EquivalenceVerifier(model, shape("2d"), 7L, false), List.of(Element.DENSE,
                Element.BN, Element.ACT, Element.DROPOUT), ActivationKind.parse(activation), 0.5, classes);
    }

    /** Every ordering of the block checked; every member agrees with its representative in all three measures. */
    private static void assertEveryClassVerifies(EquivalenceVerifier verifier, List<Element> block, ActivationKind a,
                                                 double dropout, int classes) {
        List<Ordering> all = Orderings.enumerate(block, List.of());
        List<EquivalenceClass> derived = EquivalenceClasses.of(all, a, EquivalenceClasses.commuting(a, dropout),
                o -> 0);
        assertEquals(classes, derived.size());
        EquivalenceVerifier.Result r = verifier.verify(derived);
        assertEquals(0, r.failures(), () -> r.checks().stream().filter(c -> !c.passed()).toList().toString());
        assertEquals(classes, r.classes().size());
        assertEquals(all.size(), r.checks().size());
        long compared = r.checks().stream().filter(c -> !c.isRepresentative()).count();
        assertEquals(all.size() - classes, compared);
        for (EquivalenceVerifier.Check c : r.checks()) {
            if (!c.isRepresentative()) {
                assertTrue(c.inferenceDiff() <= EquivalenceVerifier.TOLERANCE, c.toString());
                assertTrue(c.trainingDiff() <= EquivalenceVerifier.TOLERANCE, c.toString());
                assertTrue(c.gradientDiff() <= EquivalenceVerifier.TOLERANCE, c.toString());
            }
        }
    }

    /** bn before and after the dense layer differ, and DL4J shows it: a claim that they commute is refuted. */
    @Test
    void batchNormAcrossTheDenseLayerIsCaughtWhenClaimedEqual() {
        SweepConfig.Model model = ConfigLoader.load(null, List.of("model.head=output", "model.stages=[{elements = "
                + "[dense, bn, act, dropout], sizes = [12], swept = true}]")).model();
        EquivalenceClass claimed = new EquivalenceClass("claimed", ActivationKind.RELU,
                Ordering.parse("dense>bn>act>dropout"),
                List.of(Ordering.parse("dense>bn>act>dropout"), Ordering.parse("bn>dense>act>dropout")));
        EquivalenceVerifier.Result r = new EquivalenceVerifier(model, shape("2d"), 7L, false)
                .verify(List.of(claimed));
        assertEquals(1, r.failures());
        assertEquals(2, r.classes().size());
    }

    @Test
    void reluBeforeAndAfterAveragingIsCaughtWhenClaimedEqual() {
        // The forum's claim that monotone activations commute with average pooling: DL4J refutes it in inference.
        EquivalenceClass claimed = new EquivalenceClass("claimed", ActivationKind.RELU,
                Ordering.parse("conv>bn>act>avgpool>dropout"),
                List.of(Ordering.parse("conv>bn>act>avgpool>dropout"), Ordering.parse("conv>bn>avgpool>act>dropout")));
        EquivalenceVerifier.Result r = untimed().verify(List.of(claimed));
        assertEquals(1, r.failures());
        assertTrue(r.checks().stream().anyMatch(c -> c.inferenceDiff() > EquivalenceVerifier.TOLERANCE));
        assertEquals(2, r.classes().size());
    }

    @Test
    void aWrongRuleIsCaughtAndItsClassesSplit() {
        // Claim bn and pool commute: true in inference only for a non-negative scale, false in training (batch
        // statistics before and after pooling differ).
        BiPredicate<Element, Element> truth = EquivalenceClasses.commuting(ActivationKind.RELU, 0.25);
        BiPredicate<Element, Element> wrong = (x, y) -> truth.test(x, y)
                || EnumSet.of(x, y).equals(EnumSet.of(Element.BN, Element.POOL));
        List<EquivalenceClass> claimed = EquivalenceClasses.of(ALL, ActivationKind.RELU, wrong, o -> 0);
        assertTrue(claimed.size() < 72);
        EquivalenceVerifier.Result r = untimed().verify(claimed);
        assertTrue(r.failures() > 0);
        for (EquivalenceVerifier.Check c : r.checks()) {
            if (!c.passed()) {
                assertTrue(c.trainingDiff() > EquivalenceVerifier.TOLERANCE, c.toString());
            }
        }
        // After the split no class mixes bn-before-pool with pool-before-bn, and the result verifies cleanly.
        for (EquivalenceClass c : r.classes()) {
            long bnFirst = c.members().stream().filter(o -> o.indexOf(Element.BN) < o.indexOf(Element.POOL)).count();
            assertTrue(bnFirst == 0 || bnFirst == c.members().size(), c.toString());
        }
        EquivalenceVerifier.Result again = untimed().verify(r.classes());
        assertEquals(0, again.failures());
        assertEquals(72, r.classes().size());
    }

    @Test
    void nonEquivalentOrderingsReallyDiffer() {
        // The check can fail: mish before and after pooling differ measurably.
        EquivalenceClass forced = new EquivalenceClass("forced", ActivationKind.MISH,
                Ordering.parse("conv>act>pool>bn>dropout"),
                List.of(Ordering.parse("conv>act>pool>bn>dropout"), Ordering.parse("conv>pool>act>bn>dropout")));
        EquivalenceVerifier.Result r = untimed().verify(List.of(forced));
        assertEquals(1, r.failures());
        assertEquals(2, r.classes().size());
        assertNotEquals(r.classes().get(0).id(), r.classes().get(1).id());
    }
}
