package org.ordersweep.analysis;

import org.ordersweep.config.ComparisonRule;
import org.junit.jupiter.api.Test;
import org.ordersweep.results.TrialRow;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A fixture results table whose answer is known by construction. */
class AnalysisTest {

    static List<TrialRow> fixture() {
        return fixture(4);
    }

    /** Three classes over the first {@code seeds} (at most 8) seeds, and an ordering that inherits one of them. */
    static List<TrialRow> fixture(int seeds) {
        List<TrialRow> t = new ArrayList<>();
        double[] a = {0.90, 0.91, 0.92, 0.93, 0.905, 0.915, 0.925, 0.935};      // best
        double[] b = {0.80, 0.815, 0.82, 0.835, 0.805, 0.81, 0.825, 0.83};      // ~0.1 worse at every seed
        double[] c = {0.898, 0.912, 0.918, 0.931, 0.903, 0.917, 0.921, 0.934}; // within seed noise of the best, faster
        for (int s = 0; s < seeds; s++) {
            t.add(TestTrials.trial("a" + s, "conv>bn>act", "relu", s, "ok", true, null, "kA", a[s], 1.0, 900));
            t.add(TestTrials.trial("b" + s, "conv>act>bn", "relu", s, "ok", true, null, "kB", b[s], 2.0, 800));
            t.add(TestTrials.trial("c" + s, "bn>conv>act", "relu", s, "ok", true, null, "kC", c[s], 0.5, 1000));
            // Inherits c's result: the same function, not another measurement.
            t.add(TestTrials.trial("d" + s, "bn>act>conv", "relu", s, "ok", false, "c" + s, "kC", Double.NaN,
                    Double.NaN, Double.NaN));
        }
        t.add(TestTrials.trial("e0", "act>bn>conv", "relu", 0, "invalid", true, null, "kE", Double.NaN, Double.NaN,
                Double.NaN));
        return t;
    }

    @Test
    void rankingTestsAndIndistinguishableGroup() {
        Analysis.Result r = TestTrials.analyse(fixture(8));
        assertEquals(8, r.seeds());
        assertEquals("sign-flip exact", r.test());
        assertEquals(java.util.Map.of("invalid", 1L), r.notOk());
        List<Analysis.OrderingStats> s = r.of("relu");
        assertEquals(List.of("conv>bn>act", "bn>conv>act", "conv>act>bn"),
                s.stream().map(o -> o.ordering().key()).toList());
        assertEquals(0.9175, s.get(0).accuracy().mean(), 1e-12);
        assertEquals(2, s.get(1).members()); // bn>conv>act and its inheritor
        // Which may be the best, with the best chosen from the same data: Hsu's comparison with the best, each pair
        // on its own differences by seed (the default). scipy: p of "could be the best" = min(1, 2 min_j
        // scipy.stats.ttest_rel(x_i, x_j, alternative='less').pvalue): 1, 0.3645049418998045, 2.0018393284518e-11.
        assertTrue(s.get(0).mightBeBest());
        assertTrue(s.get(1).mightBeBest());
        assertFalse(s.get(2).mightBeBest());
        assertEquals(1, s.get(0).bestP(), 1e-12);
        assertEquals(0.3645049418998045, s.get(1).bestP(), 1e-12);
        assertEquals(2.0018393284518e-11, s.get(2).bestP(), 1e-20);
        // With the error pooled over the classes (analysis.comparison = pooled): numpy and scipy.stats.multivariate_t
        // on the same 3 x 8 layout: se 0.0012125337501439225 on 14 df, p 0.862341, 0.408493, 0.0.
        Analysis.Options d = Analysis.Options.DEFAULT;
        List<Analysis.OrderingStats> pooled = Analysis.of(fixture(8), new Analysis.Options(d.margin(), d.marginWhy(),
                d.control(), null, d.design(), ComparisonRule.POOLED)).of("relu");
        assertEquals(0.862341, pooled.get(0).bestP(), 1e-4);
        assertEquals(0.408493, pooled.get(1).bestP(), 1e-4);
        assertEquals(0.0, pooled.get(2).bestP(), 1e-4);
        assertEquals(List.of(true, true, false), pooled.stream().map(Analysis.OrderingStats::mightBeBest).toList());
        assertEquals(8, r.bestSeeds().get("relu"));
        // The plain difference from the observed best, for reading: conv>act>bn, paired by seed, worse at all 8
        // seeds, mean 0.1. scipy.stats.permutation_test
        // (permutation_type='samples', n_resamples=inf): p = 2/256 = 0.0078125; bn>conv>act vs best: p = 0.4453125.
        // The interval is the paired t's (scipy.stats.ttest_rel): -0.10315986207068466 .. -0.09684013792931544.
        assertEquals(0.1, -s.get(2).vsBest().estimate(), 1e-12);
        assertEquals(0.0078125, s.get(2).vsBest().p(), 1e-12);
        assertEquals(0.4453125, s.get(1).vsBest().p(), 1e-12);
        assertEquals(-0.10315986207068466, s.get(2).vsBest().low(), 1e-10);
        assertEquals(-0.09684013792931544, s.get(2).vsBest().high(), 1e-10);
        // Ties: the two best intervals overlap, both rank 1; the worst ranks 3.
        assertEquals(1, s.get(0).rank());
        assertEquals(1, s.get(1).rank());
        assertEquals(3, s.get(2).rank());
        // Pareto: the best and the faster near-best; the slow, worse one is dominated.
        assertTrue(s.get(0).pareto());
        assertTrue(s.get(1).pareto());
        assertFalse(s.get(2).pareto());
    }

    @Test
    void precedenceEffectsCountClassesNotOrderings() {
        Analysis.Result r = TestTrials.analyse(fixture());
        Analysis.Precedence actBn = r.precedence().stream()
                .filter(p -> p.first().equals("act") && p.second().equals("bn")).findFirst().orElseThrow();
        // act before bn: class kB only; after: kA and kC (kC counted once although two orderings share it).
        assertEquals(1, actBn.orderingsBefore());
        assertEquals(2, actBn.orderingsAfter());
        double expected = 0.8175 - (0.915 + (0.898 + 0.912 + 0.918 + 0.931) / 4) / 2;
        assertEquals(expected, actBn.accuracy().estimate(), 1e-12);
        // Four seeds shared by every class: paired by seed, per-seed differences b - (a + c) / 2; the t interval over
        // seeds (scipy.stats.ttest_1samp on them: [-0.100378368, -0.094371632]) and the exact sign-flip p: all four
        // negative, 2/16 = 0.125 (scipy.stats.permutation_test) - four seeds cannot show more.
        assertEquals("sign-flip exact", actBn.accuracy().test());
        assertEquals(-0.10037836783800388, actBn.accuracy().low(), 1e-9);
        assertEquals(-0.09437163216199626, actBn.accuracy().high(), 1e-9);
        assertEquals(0.125, actBn.accuracy().p(), 1e-12);
    }

    /** A folder can hold sweeps of different blocks: a pair is judged only on the orderings that contain both. */
    @Test
    void precedenceComparesOnlyOrderingsThatContainBothElements() {
        List<TrialRow> mixed = new java.util.ArrayList<>(fixture());
        for (int s = 0; s < 4; s++) {
            mixed.add(TestTrials.trial("p" + s, "conv>act>pool", "relu", s, "ok", true, null, "kP", 0.7, 1.0, 900));
            mixed.add(TestTrials.trial("q" + s, "pool>conv>act", "relu", s, "ok", true, null, "kQ", 0.6, 0.5, 900));
        }
        Analysis.Precedence alone = TestTrials.analyse(fixture()).precedence().stream()
                .filter(p -> p.first().equals("act") && p.second().equals("bn")).findFirst().orElseThrow();
        Analysis.Result r = TestTrials.analyse(mixed);
        Analysis.Precedence actBn = r.precedence().stream()
                .filter(p -> p.first().equals("act") && p.second().equals("bn")).findFirst().orElseThrow();
        // Without bn, conv>act>pool and pool>conv>act say nothing about act before bn.
        assertEquals(alone.orderingsBefore(), actBn.orderingsBefore());
        assertEquals(alone.orderingsAfter(), actBn.orderingsAfter());
        assertEquals(alone.accuracy().estimate(), actBn.accuracy().estimate(), 1e-12);
        Analysis.Precedence actPool = r.precedence().stream()
                .filter(p -> p.first().equals("act") && p.second().equals("pool")).findFirst().orElseThrow();
        assertEquals(1, actPool.orderingsBefore());
        assertEquals(1, actPool.orderingsAfter());
        assertEquals(0.1, actPool.accuracy().estimate(), 1e-12);
    }

    @Test
    void precedenceFallsBackToWelchOverClassesWithoutSharedSeeds() {
        List<TrialRow> oneSeed = fixture().stream().filter(t -> t.spec().seedIndex() == 0).toList();
        Analysis.Precedence actBn = TestTrials.analyse(oneSeed).precedence().stream()
                .filter(p -> p.first().equals("act") && p.second().equals("bn")).findFirst().orElseThrow();
        assertEquals("welch", actBn.accuracy().test());
        assertEquals(0.80 - (0.90 + 0.898) / 2, actBn.accuracy().estimate(), 1e-12);
        assertTrue(Double.isNaN(actBn.accuracy().low())); // one class on a side: no interval
    }

    @Test
    void interactionSaysWhenTheBestOrderingChangesWithTheActivation() {
        // The fixture's relu results, and tanh results where the ranking is reversed.
        List<TrialRow> t = new ArrayList<>(fixture());
        double[] flippedA = {0.80, 0.81, 0.83, 0.82};
        double[] flippedB = {0.90, 0.92, 0.91, 0.93};
        for (int s = 0; s < 4; s++) {
            t.add(TestTrials.trial("ta" + s, "conv>bn>act", "tanh", s, "ok", true, null, "tA", flippedA[s], 1.0, 900));
            t.add(TestTrials.trial("tb" + s, "conv>act>bn", "tanh", s, "ok", true, null, "tB", flippedB[s], 2.0, 800));
        }
        Analysis.Interaction i = TestTrials.analyse(t).interaction();
        assertEquals("activation", i.factor());
        assertEquals("", i.within()); // one rate, one block: nothing else to name
        assertEquals(List.of("relu", "tanh"), i.levels());
        assertEquals(2, i.orderings()); // bn>conv>act was trained for relu only
        assertEquals(4, i.seeds());
        assertTrue(i.significant());
        assertEquals(java.util.Map.of("relu", "conv>bn>act", "tanh", "conv>act>bn"), i.best());
        // Seeds are blocks: df (2*2 - 1)(4 - 1) = 9 for the error. numpy and scipy.stats.f.sf on the same layout:
        // F = 952.0169, p = 1.9331e-10.
        assertEquals(1, i.test().df1());
        assertEquals(9, i.test().df2());
        assertEquals(952.016949152589, i.test().f(), 1e-6);
        assertEquals(1.9330883920155164e-10, i.test().p(), 1e-14);

        assertEquals(null, TestTrials.analyse(fixture()).interaction()); // one activation: nothing to interact with
    }

    @Test
    void findingsFollowTheEvidence() {
        List<Findings.Finding> f = TestTrials.findings(TestTrials.analyse(fixture(8)), List.of("relu"), 0.25);
        assertEquals(11, f.size());
        assertEquals(Findings.Verdict.SUPPORTED, f.get(0).verdict()); // relu commutes with pool
        assertEquals(Findings.Verdict.SUPPORTED, f.get(2).verdict()); // judged on what was swept: relu commutes
        assertEquals(Findings.Verdict.NOT_TESTED, f.get(1).verdict()); // no pool in this block
        assertEquals("The sweep's block does not contain both bn and pool.", f.get(1).evidence());
        assertEquals(Findings.Verdict.SUPPORTED, f.get(6).verdict());  // one ordering is ruled out as the best
        assertEquals(Findings.Verdict.NOT_TESTED, f.get(7).verdict()); // one rate, one block
        assertEquals("Needs two or more learning rates (sweep.learning-rates) and a block with bn beside the same "
                + "block without it (sweep.blocks); this sweep has 1 rate and block conv+bn+act.", f.get(7).evidence());
        assertEquals(Findings.Verdict.NOT_TESTED, f.get(10).verdict()); // no residual unit
    }

    /** Claims 1 and 3 speak of a kind of activation: they are judged on the swept activations of that kind. */
    @Test
    void algebraicClaimsAreJudgedOnTheSweptActivationsTheySpeakOf() {
        Analysis.Result r = TestTrials.analyse(fixture(8));
        List<Findings.Finding> reluTanh = TestTrials.findings(r, List.of("relu", "tanh"), 0.25);
        assertEquals(Findings.Verdict.PARTLY, reluTanh.get(2).verdict()); // relu yes, tanh no
        assertTrue(reluTanh.get(2).evidence().contains("tanh is not positively homogeneous"));
        // Claim 1 is about monotone activations: a swept gelu does not make it "partly".
        assertEquals(Findings.Verdict.SUPPORTED, TestTrials.findings(r, List.of("relu", "gelu"), 0.25).get(0).verdict());
        List<Findings.Finding> geluOnly = TestTrials.findings(r, List.of("gelu"), 0.25);
        assertEquals(Findings.Verdict.NOT_TESTED, geluOnly.get(0).verdict());
        assertEquals("No activation monotone was swept.", geluOnly.get(0).evidence());
        // Claim 3 is about activations with f(0) = 0; sigmoid(0) = 0.5.
        assertEquals(Findings.Verdict.NOT_TESTED, TestTrials.findings(r, List.of("sigmoid"), 0.25).get(2).verdict());
    }

    /** With the identity activation act and bn commute: claim 5 has nothing to say, and says so. */
    @Test
    void claimFiveIsNotTestedWithOnlyTheIdentityActivation() {
        List<TrialRow> t = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            t.add(TestTrials.trial("i" + s, "conv>bn>act", "identity", s, "ok", true, null, "kI", 0.8 + 0.001 * s, 1.0,
                    900));
            t.add(TestTrials.trial("j" + s, "conv>act>bn", "identity", s, "ok", true, null, "kI", Double.NaN,
                    Double.NaN, Double.NaN));
        }
        Findings.Finding claim5 = TestTrials.findings(TestTrials.analyse(t), List.of("identity"), 0.25).get(4);
        assertEquals(Findings.Verdict.NOT_TESTED, claim5.verdict(), claim5.evidence());
        assertTrue(claim5.evidence().contains("the identity commutes with everything"), claim5.evidence());
    }

    /** A block with both elements whose swept orderings never reverse them: not tested, for that reason. */
    @Test
    void aPrecedenceTheOrderingsNeverReverseIsNotTestedAndSaysWhy() {
        List<TrialRow> t = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            t.add(TestTrials.trial("x" + s, "conv>bn>act>pool", "relu", s, "ok", true, null, "kX", 0.8, 1.0, 900));
            t.add(TestTrials.trial("y" + s, "conv>act>bn>pool", "relu", s, "ok", true, null, "kY", 0.8, 1.0, 900));
        }
        Findings.Finding claim2 = TestTrials.findings(TestTrials.analyse(t), List.of("relu"), 0.25).get(1);
        assertEquals(Findings.Verdict.NOT_TESTED, claim2.verdict());
        assertEquals("No swept ordering puts bn and pool the other way round, so their order was not varied.",
                claim2.evidence());
    }

    /**
     * Three seeds, every class exactly 0.001 below the next at every seed (a tenth of a test image on 1,000 images,
     * zero variance across seeds, as quantised accuracies produce): three seeds can establish none of it.
     */
    @Test
    void zeroVarianceOverThreeSeedsCallsNothingSignificant() {
        List<TrialRow> t = new ArrayList<>();
        String[] orderings = {"conv>bn>act>pool", "conv>act>bn>pool", "bn>conv>act>pool", "conv>pool>bn>act",
                "act>conv>bn>pool", "pool>conv>bn>act"};
        for (int k = 0; k < orderings.length; k++) {
            for (int s = 0; s < 3; s++) {
                t.add(TestTrials.trial("z" + k + s, orderings[k], "relu", s, "ok", true, null, "k" + k,
                        0.850 + 0.01 * s - 0.001 * k, 1.0 + 0.1 * k, 900));
            }
        }
        Analysis.Result r = TestTrials.analyse(t);
        for (Analysis.OrderingStats o : r.of("relu")) {
            assertTrue(o.mightBeBest(), o.ordering() + " p " + o.bestP());
            assertTrue(Double.isNaN(o.bestLow()), "no interval from a zero pooled error");
            if (o.rank() > 1 || !o.ordering().key().equals("conv>bn>act>pool")) {
                assertTrue(o.vsBest().p() >= 0.25, o.ordering() + " p " + o.vsBest().p());
                assertTrue(Double.isNaN(o.vsBest().low()), "no interval from a zero standard error");
            }
        }
        for (Analysis.Precedence p : r.precedence()) {
            assertTrue(Double.isNaN(p.accuracy().p()) || p.accuracy().p() >= 0.25, p.toString());
            assertTrue(Double.isNaN(p.accuracy().low()) || p.accuracy().low() < p.accuracy().high(), p.toString());
        }
        for (Findings.Finding f : TestTrials.findings(r, List.of("relu"), 0.25)) {
            // Verdicts from proofs may stand; none may rest on these measurements.
            if (f.claim() == 2 || f.claim() == 4 || f.claim() == 5 || f.claim() == 7) {
                assertEquals(f.claim() == 4 ? Findings.Verdict.NOT_TESTED : Findings.Verdict.INCONCLUSIVE,
                        f.verdict(), f.claim() + ": " + f.evidence());
            }
        }
    }

    @Test
    void reportIsSelfContainedAndEscapesEverything() {
        Analysis.Result r = TestTrials.analyse(fixture());
        String html = ReportWriter.html(new ReportWriter.Context("<script>alert(1)</script>", "abc", "/data/x", "a network", 12, 9),
                r, TestTrials.findings(r, List.of("relu"), 0.25), ReportWriter.curves(List.of(
                        new Object[]{"relu", "conv>bn>act", 1, 0.8}, new Object[]{"relu", "conv>bn>act", 2, 0.9})));
        assertFalse(html.contains("<script"));
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertFalse(html.contains("http://") && html.replace("http://www.w3.org/2000/svg", "").contains("http://"));
        assertFalse(html.contains("https://"));
        // accuracy from zero and zoomed, precedence, Pareto, curves
        assertEquals(5, html.split("<svg class=\"chart\"", -1).length - 1);
        assertTrue(html.contains("conv&gt;bn&gt;act"));
    }
}
