package org.ordersweep.analysis;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A fixture results table whose answer is known by construction. */
class AnalysisTest {

    static List<TrialRecord> fixture() {
        List<TrialRecord> t = new ArrayList<>();
        double[] a = {0.90, 0.91, 0.92, 0.93};     // best
        double[] b = {0.80, 0.815, 0.82, 0.835};   // ~0.0975 worse, same seeds: clearly worse
        double[] c = {0.898, 0.912, 0.918, 0.931}; // within seed noise of the best, and faster
        for (int s = 0; s < 4; s++) {
            t.add(new TrialRecord("a" + s, "conv>bn>act", "relu", s, "ok", true, null, "kA", a[s], 1.0, 900));
            t.add(new TrialRecord("b" + s, "conv>act>bn", "relu", s, "ok", true, null, "kB", b[s], 2.0, 800));
            t.add(new TrialRecord("c" + s, "bn>conv>act", "relu", s, "ok", true, null, "kC", c[s], 0.5, 1000));
            // Inherits c's result: the same function, not another measurement.
            t.add(new TrialRecord("d" + s, "bn>act>conv", "relu", s, "ok", false, "c" + s, "kC", Double.NaN,
                    Double.NaN, Double.NaN));
        }
        t.add(new TrialRecord("e0", "act>bn>conv", "relu", 0, "invalid", true, null, "kE", Double.NaN, Double.NaN,
                Double.NaN));
        return t;
    }

    @Test
    void rankingTestsAndIndistinguishableGroup() {
        Analysis.Result r = Analysis.of(fixture());
        assertEquals(4, r.seeds());
        assertEquals("paired t", r.test());
        assertEquals(java.util.Map.of("invalid", 1L), r.notOk());
        List<Analysis.OrderingStats> s = r.of("relu");
        assertEquals(List.of("conv>bn>act", "bn>conv>act", "conv>act>bn"),
                s.stream().map(Analysis.OrderingStats::ordering).toList());
        assertEquals(0.915, s.get(0).accuracy().mean(), 1e-12);
        assertEquals(2, s.get(1).members()); // bn>conv>act and its inheritor
        assertTrue(s.get(1).indistinguishable());
        assertFalse(s.get(2).indistinguishable());
        // conv>act>bn vs best, paired: differences 0.10, 0.095, 0.10, 0.095 -> mean 0.0975.
        assertEquals(0.0975, -s.get(2).vsBest().estimate(), 1e-12);
        assertTrue(s.get(2).adjustedP() < 1e-3);
        // Holm: two tests; the larger p is multiplied by 1, the smaller by 2.
        assertEquals(Math.min(1, 2 * s.get(2).vsBest().p()), s.get(2).adjustedP(), 1e-12);
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
        Analysis.Result r = Analysis.of(fixture());
        Analysis.Precedence actBn = r.precedence().stream()
                .filter(p -> p.first().equals("act") && p.second().equals("bn")).findFirst().orElseThrow();
        // act before bn: class kB only; after: kA and kC (kC counted once although two orderings share it).
        assertEquals(1, actBn.orderingsBefore());
        assertEquals(2, actBn.orderingsAfter());
        double expected = 0.8175 - (0.915 + (0.898 + 0.912 + 0.918 + 0.931) / 4) / 2;
        assertEquals(expected, actBn.accuracy().estimate(), 1e-12);
        // Four seeds shared by every class: paired by seed, per-seed differences b - (a + c) / 2, t over seeds
        // (scipy.stats.ttest_1samp on them: interval [-0.100378368, -0.094371632], p = 2.0069e-06).
        assertEquals("paired t", actBn.accuracy().test());
        assertEquals(-0.10037836783800388, actBn.accuracy().low(), 1e-9);
        assertEquals(-0.09437163216199626, actBn.accuracy().high(), 1e-9);
        assertEquals(2.0068911677919716e-06, actBn.accuracy().p(), 1e-10);
    }

    /** A folder can hold sweeps of different blocks: a pair is judged only on the orderings that contain both. */
    @Test
    void precedenceComparesOnlyOrderingsThatContainBothElements() {
        List<TrialRecord> mixed = new java.util.ArrayList<>(fixture());
        for (int s = 0; s < 4; s++) {
            mixed.add(new TrialRecord("p" + s, "conv>act>pool", "relu", s, "ok", true, null, "kP", 0.7, 1.0, 900));
            mixed.add(new TrialRecord("q" + s, "pool>conv>act", "relu", s, "ok", true, null, "kQ", 0.6, 0.5, 900));
        }
        Analysis.Precedence alone = Analysis.of(fixture()).precedence().stream()
                .filter(p -> p.first().equals("act") && p.second().equals("bn")).findFirst().orElseThrow();
        Analysis.Result r = Analysis.of(mixed);
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
        List<TrialRecord> oneSeed = fixture().stream().filter(t -> t.seed() == 0).toList();
        Analysis.Precedence actBn = Analysis.of(oneSeed).precedence().stream()
                .filter(p -> p.first().equals("act") && p.second().equals("bn")).findFirst().orElseThrow();
        assertEquals("welch", actBn.accuracy().test());
        assertEquals(0.80 - (0.90 + 0.898) / 2, actBn.accuracy().estimate(), 1e-12);
        assertTrue(Double.isNaN(actBn.accuracy().low())); // one class on a side: no interval
    }

    @Test
    void interactionSaysWhenTheBestOrderingChangesWithTheActivation() {
        // The fixture's relu results, and tanh results where the ranking is reversed.
        List<TrialRecord> t = new ArrayList<>(fixture());
        double[] flippedA = {0.80, 0.81, 0.83, 0.82};
        double[] flippedB = {0.90, 0.92, 0.91, 0.93};
        for (int s = 0; s < 4; s++) {
            t.add(new TrialRecord("ta" + s, "conv>bn>act", "tanh", s, "ok", true, null, "tA", flippedA[s], 1.0, 900));
            t.add(new TrialRecord("tb" + s, "conv>act>bn", "tanh", s, "ok", true, null, "tB", flippedB[s], 2.0, 800));
        }
        Analysis.Interaction i = Analysis.of(t).interaction();
        assertEquals(List.of("relu", "tanh"), i.activations());
        assertEquals(2, i.orderings()); // bn>conv>act was trained for relu only
        assertEquals(4, i.seeds());
        assertTrue(i.significant());
        assertEquals(java.util.Map.of("relu", "conv>bn>act", "tanh", "conv>act>bn"), i.best());
        assertEquals(1, i.test().df1());
        assertEquals(12, i.test().df2());

        assertEquals(null, Analysis.of(fixture()).interaction()); // one activation: nothing to interact with
    }

    @Test
    void findingsFollowTheEvidence() {
        List<Findings.Finding> f = Findings.of(Analysis.of(fixture()), List.of("relu"), 0.25);
        assertEquals(7, f.size());
        assertEquals(Findings.Verdict.SUPPORTED, f.get(0).verdict()); // relu commutes with pool
        assertEquals(Findings.Verdict.PARTLY, f.get(2).verdict());    // relu yes, tanh no
        assertTrue(f.get(2).evidence().contains("tanh is not positively homogeneous"));
        assertEquals(Findings.Verdict.NOT_TESTED, f.get(1).verdict()); // no pool in this block
        assertEquals(Findings.Verdict.SUPPORTED, f.get(6).verdict());  // one ordering is significantly worse
    }

    @Test
    void reportIsSelfContainedAndEscapesEverything() {
        Analysis.Result r = Analysis.of(fixture());
        String html = ReportWriter.html(new ReportWriter.Context("<script>alert(1)</script>", "abc", "/data/x", 12, 9),
                r, Findings.of(r, List.of("relu"), 0.25), ReportWriter.curves(List.of(
                        new Object[]{"relu", "conv>bn>act", 1, 0.8}, new Object[]{"relu", "conv>bn>act", 2, 0.9})));
        assertFalse(html.contains("<script"));
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertFalse(html.contains("http://") && html.replace("http://www.w3.org/2000/svg", "").contains("http://"));
        assertFalse(html.contains("https://"));
        assertEquals(4, html.split("<svg class=\"chart\"", -1).length - 1); // accuracy, precedence, Pareto, curves
        assertTrue(html.contains("conv&gt;bn&gt;act"));
    }
}
