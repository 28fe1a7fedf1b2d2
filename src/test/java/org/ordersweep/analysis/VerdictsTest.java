package org.ordersweep.analysis;

import org.junit.jupiter.api.Test;
import org.ordersweep.domain.Placement;
import org.ordersweep.results.TrialRow;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One fixture per measured claim and outcome, built so the answer is known: two orderings that differ in one pair
 * only, their accuracy a seed effect plus a chosen effect of the order, 8 seeds, margin 0.01.
 */
class VerdictsTest {

    private static final double[] SEED = {0.80, 0.83, 0.81, 0.85, 0.79, 0.82, 0.84, 0.80};
    /** Noise per seed that keeps every paired difference within +-0.004. */
    private static final double[] JITTER = {0.002, -0.001, 0.003, -0.002, 0.001, -0.003, 0.002, 0.0};

    /** {@code first} and {@code second} swapped: the ordering with first before second gains {@code effect}. */
    static List<TrialRow> pair(String activation, String first, String second, double effect, double jitter) {
        return pair("conv", activation, first, second, effect, jitter);
    }

    /** As {@link #pair(String, String, String, double, double)}, behind {@code lead} (conv, or dense). */
    static List<TrialRow> pair(String lead, String activation, String first, String second, double effect,
                               double jitter) {
        List<TrialRow> t = new ArrayList<>();
        String before = lead + ">" + first + ">" + second;
        String after = lead + ">" + second + ">" + first;
        for (int s = 0; s < SEED.length; s++) {
            t.add(TestTrials.trial(activation + "b" + s, before, activation, s, "ok", true, null, activation + "B",
                    SEED[s] + effect + jitter * JITTER[s], 1.0, 900));
            t.add(TestTrials.trial(activation + "a" + s, after, activation, s, "ok", true, null, activation + "A",
                    SEED[s], 1.0, 900));
        }
        return t;
    }

    private static Findings.Finding claim(int n, List<TrialRow> t) {
        List<String> activations = t.stream().map(x -> x.spec().activation().key()).distinct().sorted().toList();
        return TestTrials.findings(TestTrials.analyse(t), activations, 0.25).get(n - 1);
    }

    @Test
    void littleDifferenceIsSupportedRefutedOrInconclusive() {
        for (String[] claim : new String[][]{{"2", "bn", "pool"}, {"4", "bn", "dropout"}}) {
            int n = Integer.parseInt(claim[0]);
            Findings.Finding none = claim(n, pair("relu", claim[1], claim[2], 0.0, 1));
            assertEquals(Findings.Verdict.SUPPORTED, none.verdict(), none.evidence());
            // Two one-sided sign-flip tests over 8 seeds, every difference within the margin: 1/256.
            assertEquals(1.0 / 256, none.p(), 1e-12);
            assertEquals(0.01, none.margin(), 0);
            assertEquals(8, none.seeds());
            Findings.Finding large = claim(n, pair("relu", claim[1], claim[2], 0.05, 1));
            assertEquals(Findings.Verdict.REFUTED, large.verdict(), large.evidence());
            // At the margin: neither within nor beyond it can be shown.
            Findings.Finding edge = claim(n, pair("relu", claim[1], claim[2], 0.01, 1));
            assertEquals(Findings.Verdict.INCONCLUSIVE, edge.verdict(), edge.evidence());
            // Little for relu, large for tanh: partly.
            List<TrialRow> both = new ArrayList<>(pair("relu", claim[1], claim[2], 0.0, 1));
            both.addAll(pair("tanh", claim[1], claim[2], 0.05, 1));
            assertEquals(Findings.Verdict.PARTLY, claim(n, both).verdict());
        }
    }

    @Test
    void theOrderOfBnAndTheActivationMattersOrDoesNot() {
        assertEquals(Findings.Verdict.SUPPORTED, claim(5, pair("relu", "act", "bn", 0.05, 1)).verdict());
        assertEquals(Findings.Verdict.SUPPORTED, claim(5, pair("relu", "act", "bn", -0.05, 1)).verdict());
        // Claim 5 is refutable: an effect shown within the margin.
        assertEquals(Findings.Verdict.REFUTED, claim(5, pair("relu", "act", "bn", 0.0, 1)).verdict());
        assertEquals(Findings.Verdict.INCONCLUSIVE, claim(5, pair("relu", "act", "bn", 0.01, 1)).verdict());
        // A tiny effect that excludes zero is not "matters in practice".
        Findings.Finding tiny = claim(5, pair("relu", "act", "bn", 0.002, 0));
        assertEquals(Findings.Verdict.REFUTED, tiny.verdict(), tiny.evidence());
    }

    @Test
    void holmAcrossThePairsAndActivations() {
        List<TrialRow> both = new ArrayList<>(pair("relu", "bn", "pool", 0.0, 1));
        both.addAll(pair("tanh", "bn", "pool", 0.0, 1));
        Analysis.Result r = TestTrials.analyse(both);
        // Two rows (bn/pool for relu and for tanh; conv/x pairs are never reversed): Holm doubles the smaller p.
        List<Analysis.Precedence> bnPool = r.precedence().stream().filter(p -> p.pair().equals("bn/pool")).toList();
        assertEquals(2, bnPool.size());
        for (Analysis.Precedence p : bnPool) {
            assertEquals(1.0 / 256, p.margin().pEquivalent(), 1e-12);
            assertEquals(2.0 / 256, p.pEquivalent(), 1e-12);
        }
    }

    /** conf/forum-example-1d.conf's case: two orderings that differ in several pairs at once. */
    @Test
    void pairsTheOrderingsDoNotSeparateAreOneContrastAndSaySo() {
        List<TrialRow> t = new ArrayList<>();
        for (int s = 0; s < SEED.length; s++) {
            t.add(TestTrials.trial("x" + s, "conv>bn>act>pool", "relu", s, "ok", true, null, "kX", SEED[s] + 0.05, 1.0,
                    900));
            t.add(TestTrials.trial("y" + s, "conv>act>pool>bn", "relu", s, "ok", true, null, "kY", SEED[s], 1.0, 900));
        }
        Analysis.Result r = TestTrials.analyse(t);
        Analysis.Precedence actBn = r.precedence().stream().filter(p -> p.pair().equals("act/bn")).findFirst()
                .orElseThrow();
        assertEquals(List.of("bn/pool"), actBn.sameContrastAs());
        for (int n : new int[]{2, 5}) {
            Findings.Finding f = TestTrials.findings(r, List.of("relu"), 0.25).get(n - 1);
            assertEquals(Findings.Verdict.INCONCLUSIVE, f.verdict(), f.evidence());
            assertTrue(f.evidence().contains("only together with"), f.evidence());
        }
    }

    @Test
    void aClassWithMembersBothWaysIsLeftOutOfThePair() {
        List<TrialRow> t = new ArrayList<>(pair("relu", "bn", "pool", 0.05, 1));
        // kM holds an ordering each way round (as if proved equivalent): it says nothing about bn/pool.
        for (int s = 0; s < SEED.length; s++) {
            t.add(TestTrials.trial("m" + s, "bn>conv>pool", "relu", s, "ok", true, null, "kM", 0.5, 1.0, 900));
            t.add(TestTrials.trial("n" + s, "pool>conv>bn", "relu", s, "ok", false, "m" + s, "kM", Double.NaN,
                    Double.NaN, Double.NaN));
        }
        Analysis.Precedence p = TestTrials.analyse(t).precedence().stream().filter(x -> x.pair().equals("bn/pool"))
                .findFirst().orElseThrow();
        assertEquals(1, p.classesBoth());
        assertEquals(1, p.orderingsBefore());
        assertEquals(1, p.orderingsAfter());
        assertEquals(0.05, p.accuracy().estimate(), 0.004);
    }

    /** Claim 9, refuted by proof for relu; the measured act/avgpool effect is in the evidence, not the verdict. */
    @Test
    void averagePoolingRefutesTheClaimForReluWithTheMeasuredEffectBesideIt() {
        Findings.Finding f = claim(9, pair("relu", "act", "avgpool", 0.05, 1));
        assertEquals(9, f.claim());
        assertEquals(Findings.Verdict.REFUTED, f.verdict(), f.evidence());
        assertEquals("proved", f.test());
        assertTrue(f.evidence().contains("properties: does not commute for relu: relu is not affine"), f.evidence());
        assertTrue(f.evidence().contains("relu(mean(-1, 1)) = 0 but mean(relu(-1), relu(1)) = 0.5"), f.evidence());
        assertTrue(f.evidence().contains("relu: test accuracy with act before avgpool minus after +0.0503 "
                + "[+0.0485, +0.0520]"), f.evidence());
        assertTrue(f.evidence().contains("beyond it: p 0.00781 (Holm 0.00781)"), f.evidence());
        // A measured effect of zero changes nothing: the verdict is the proof's.
        assertEquals(Findings.Verdict.REFUTED, claim(9, pair("relu", "act", "avgpool", 0.0, 1)).verdict());
    }

    @Test
    void averagePoolingRefutesTheClaimForReluWithoutAnAvgpoolBlockAndSaysNothingWasMeasured() {
        List<TrialRow> t = pair("relu", "act", "pool", 0.05, 1);
        Findings.Finding f = claim(9, t);
        assertEquals(Findings.Verdict.REFUTED, f.verdict(), f.evidence());
        assertTrue(f.evidence().contains("Jensen's inequality"), f.evidence());
        assertTrue(f.evidence().endsWith("No swept block has both act and avgpool, so the effect of their order was "
                + "not measured."), f.evidence());
        assertEquals(Findings.Verdict.SUPPORTED, claim(1, t).verdict()); // max pooling: claim 1 holds for relu
    }

    /** With only the identity, as claim 1 judges it: supported on what was swept, and the proof says for what not. */
    @Test
    void averagePoolingSupportsTheClaimForTheIdentityOnly() {
        List<TrialRow> t = new ArrayList<>();
        for (int s = 0; s < SEED.length; s++) {
            // One class: act before and after avgpool are one function with the identity.
            t.add(TestTrials.trial("i" + s, "conv>act>avgpool", "identity", s, "ok", true, null, "kI", SEED[s], 1.0,
                    900));
            t.add(TestTrials.trial("j" + s, "conv>avgpool>act", "identity", s, "ok", false, "i" + s, "kI",
                    Double.NaN, Double.NaN, Double.NaN));
        }
        Findings.Finding f = claim(9, t);
        assertEquals(Findings.Verdict.SUPPORTED, f.verdict(), f.evidence());
        assertTrue(f.evidence().contains("commutes for identity (affine"), f.evidence());
        assertTrue(f.evidence().contains("(relu, leakyrelu, elu, tanh, sigmoid, softplus) do not commute"),
                f.evidence());
        assertTrue(f.evidence().contains("one function: no effect to measure"), f.evidence());
        // The identity and relu: partly; mish alone is not a monotone activation: not tested.
        List<TrialRow> mixed = new ArrayList<>(t);
        mixed.addAll(pair("relu", "act", "avgpool", 0.05, 1));
        assertEquals(Findings.Verdict.PARTLY, claim(9, mixed).verdict());
        assertEquals(Findings.Verdict.NOT_TESTED, claim(9, pair("mish", "act", "avgpool", 0.05, 1)).verdict());
    }

    /**
     * Claim 10 on a fully connected block: supported when dropout before bn is better beyond the margin, refuted when
     * bn before dropout is (the variance shift's prediction) or when they are within it; not tested without a dense
     * block.
     */
    @Test
    void bnAfterDropoutInFullyConnectedBlocksIsJudgedOnDenseBlocksOnly() {
        Findings.Finding dropoutFirst = claim(10, pair("dense", "relu", "bn", "dropout", -0.05, 1));
        assertEquals(10, dropoutFirst.claim());
        assertEquals(Findings.Verdict.SUPPORTED, dropoutFirst.verdict(), dropoutFirst.evidence());
        assertTrue(dropoutFirst.evidence().startsWith("Dropout before bn shifts the variance"), dropoutFirst.evidence());
        assertTrue(dropoutFirst.evidence().contains("test accuracy with bn before dropout minus after -0.0498 [-0.0515, -0.0480]"),
                dropoutFirst.evidence());
        // Every paired difference beyond the margin, all in one direction: 2/256 two-sided, Holm over one pair.
        assertEquals(2.0 / 256, dropoutFirst.p(), 1e-12);
        Findings.Finding bnFirst = claim(10, pair("dense", "relu", "bn", "dropout", 0.05, 1));
        assertEquals(Findings.Verdict.REFUTED, bnFirst.verdict(), bnFirst.evidence());
        Findings.Finding alike = claim(10, pair("dense", "relu", "bn", "dropout", 0.0, 1));
        assertEquals(Findings.Verdict.REFUTED, alike.verdict(), alike.evidence());
        assertEquals(1.0 / 256, alike.p(), 1e-12);
        assertEquals(Findings.Verdict.INCONCLUSIVE, claim(10, pair("dense", "relu", "bn", "dropout", 0.01, 1))
                .verdict());
        List<TrialRow> both = new ArrayList<>(pair("dense", "relu", "bn", "dropout", -0.05, 1));
        both.addAll(pair("dense", "tanh", "bn", "dropout", 0.05, 1));
        assertEquals(Findings.Verdict.PARTLY, claim(10, both).verdict());
        // The same effect in a conv block is claim 4's, not claim 10's.
        Findings.Finding conv = claim(10, pair("relu", "bn", "dropout", -0.05, 1));
        assertEquals(Findings.Verdict.NOT_TESTED, conv.verdict());
        assertEquals("No swept block is a fully connected block with bn and dropout (a dense element, e.g. "
                + "conf/fc-block.conf).", conv.evidence());
        assertEquals(Findings.Verdict.REFUTED, claim(4, pair("dense", "relu", "bn", "dropout", 0.05, 1)).verdict());
    }

    @Test
    void orderMattersWhenClassesAreRuledOutAndNotWhenAllAreWithinTheMargin() {
        assertEquals(Findings.Verdict.SUPPORTED, claim(7, AnalysisTest.fixture(8)).verdict());
        // Three classes within 0.001 of each other, tiny noise, 8 seeds: every simultaneous bound within 0.01.
        List<TrialRow> t = new ArrayList<>();
        String[] o = {"conv>bn>act", "conv>act>bn", "bn>conv>act"};
        for (int k = 0; k < 3; k++) {
            for (int s = 0; s < SEED.length; s++) {
                t.add(TestTrials.trial("t" + k + s, o[k], "relu", s, "ok", true, null, "k" + k,
                        SEED[s] - 0.0005 * k + 0.0005 * JITTER[(s + k) % 8] / 0.003, 1.0, 900));
            }
        }
        Findings.Finding alike = claim(7, t);
        assertEquals(Findings.Verdict.REFUTED, alike.verdict(), alike.evidence());
        // One seed: nothing can be tested.
        assertEquals(Findings.Verdict.INCONCLUSIVE, claim(7, AnalysisTest.fixture(1)).verdict());
    }

    /** The five residual placements over {@code seeds} seeds; {@code gain} is each one's effect on accuracy. */
    private static List<TrialRow> placements(int seeds, java.util.Map<Placement, Double> gain) {
        List<TrialRow> t = new ArrayList<>();
        for (Placement p : Placement.values()) {
            for (int s = 0; s < seeds; s++) {
                t.add(TestTrials.trial(p.key() + s, p.unit().key(), "relu", s, "ok", true, null, p.key(),
                        SEED[s] + gain.getOrDefault(p, 0.0) + 0.001 * JITTER[(s + p.ordinal()) % 8] / 0.003, 1.0,
                        900));
            }
        }
        return t;
    }

    /**
     * Claim 11: supported when Hsu's set holds full pre-activation alone, refuted when it rules it out, inconclusive
     * while others may be the best too or with one seed, not tested without a residual sweep.
     */
    @Test
    void fullPreActivationIsJudgedWithHsusSetOfThePlacements() {
        Findings.Finding best = claim(11, placements(8, java.util.Map.of(Placement.FULL_PREACT, 0.05)));
        assertEquals(Findings.Verdict.SUPPORTED, best.verdict(), best.evidence());
        assertTrue(best.evidence().contains("full-preact 6.37%, original 6.61%, relu-only-preact 6.71%, "
                + "relu-before-add 7.84%, bn-after-add 8.17%"), best.evidence());
        assertTrue(best.evidence().startsWith("He et al. 2016") && best.evidence().contains(
                "relu: full-preact 0.8676 (may be the best), relu-only-preact 0.8176, "), best.evidence());
        assertTrue(best.p() < 0.05, "the weakest exclusion is still significant: " + best.p());
        Findings.Finding beaten = claim(11, placements(8, java.util.Map.of(Placement.ORIGINAL, 0.05)));
        assertEquals(Findings.Verdict.REFUTED, beaten.verdict(), beaten.evidence());
        Findings.Finding tied = claim(11, placements(8, java.util.Map.of(Placement.FULL_PREACT, 0.05,
                Placement.ORIGINAL, 0.05)));
        assertEquals(Findings.Verdict.INCONCLUSIVE, tied.verdict(), tied.evidence());
        assertEquals(Findings.Verdict.INCONCLUSIVE, claim(11, placements(1, java.util.Map.of(Placement.FULL_PREACT,
                0.05))).verdict());
        assertEquals(Findings.Verdict.NOT_TESTED, claim(11, pair("relu", "bn", "act", 0.05, 1)).verdict());
    }
}
