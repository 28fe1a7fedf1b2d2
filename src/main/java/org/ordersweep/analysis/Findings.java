package org.ordersweep.analysis;

import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.Element;
import org.ordersweep.domain.Placement;
import org.ordersweep.plan.Commutation;
import org.ordersweep.plan.Setting;
import org.ordersweep.stats.Stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The forum answer's claims (docs: the science notes) with a verdict each, from the algebra (what is proved) and from
 * the measurements. The rules, one place each (README, "Reading the analysis"):
 * <ul>
 * <li>"little difference" (claims 2 and 4): supported when two one-sided tests show the precedence effect within
 * +-margin, refuted when it is shown beyond the margin, both Holm-adjusted across the pairs; else inconclusive;</li>
 * <li>"the order matters" for a pair (claim 5): supported beyond the margin, refuted within it, same tests;</li>
 * <li>claim 7: supported when some class is worse than the truly best by more than the margin (an upper bound
 * simultaneous with Hsu's set below -margin), refuted when every class's simultaneous
 * interval against the best lies within the margin;</li>
 * <li>claim 8 (bn allows a higher learning rate): raising the rate from the lowest swept to the highest, the change
 * in accuracy with bn minus the change without it (a block with bn against the same block without it, class means
 * per seed, paired by seed): supported when shown positive, refuted when shown negative or within +-margin, Holm
 * across the activations; else inconclusive; not tested without two rates and both blocks;</li>
 * <li>claim 10 (in FC layers bn goes after dropout): judged on blocks with a dense layer, supported when dropout
 * before bn is better beyond the margin, refuted when bn before dropout is or when they are within it;</li>
 * <li>claim 9 (monotone activations commute with average pooling): proved like claims 1 and 3, refuted by every
 * swept monotone activation that is not affine (Jensen); the measured act/avgpool effect is reported beside it;</li>
 * <li>claim 11 (full pre-activation is the best residual placement, He et al. 2016): supported when Hsu's set of
 * placements that may be the best holds full pre-activation alone, refuted when it rules full pre-activation out;</li>
 * <li>over several settings (activations, rates, blocks): the common verdict when they agree, partly when at least
 * one is decisive and they differ, else inconclusive. A pair the swept orderings never vary on its own is inconclusive
 * and says with which pairs it moves.</li>
 * </ul>
 */
public final class Findings {

    public enum Verdict {
        SUPPORTED, REFUTED, INCONCLUSIVE, PARTLY, NOT_TESTED;

        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /**
     * A claim's verdict and evidence, with the numbers the verdict rests on: the margin, the test, the raw and
     * Holm-adjusted p-values (NaN when the verdict is proved or nothing was tested), seeds per class and how the
     * trials were chosen.
     */
    public record Finding(int claim, String text, Verdict verdict, String evidence, double margin, String test,
                          double p, double pAdjusted, int seeds, String design) {
    }

    private Findings() {
    }

    /**
     * @param activations the swept activations: claims 1, 3 and 9 are judged on those of the kind they speak of
     *                    (monotone ones; ones with f(0) = 0), and are not tested when none was swept
     * @param timed       every verified ordering's isolated speed, for the speed parts of claims 1 and 2; null when
     *                    the sweep has no verification report
     */
    public static List<Finding> of(Analysis.Result r, List<String> activations, double dropoutRate,
                                   TimedOrderings timed) {
        List<Finding> out = new ArrayList<>();
        out.add(algebra(1, "Monotonic activations commute with max-pooling, so the order does not change results; "
                + "pooling first saves compute.", Element.ACT, Element.POOL, activations.stream()
                .filter(a -> ActivationKind.parse(a).nonDecreasing()).toList(), "monotone", dropoutRate, r,
                timed));
        out.add(withSpeed(measured(2, "BN before or after max-pooling makes very little accuracy difference but "
                + "changes speed.", Element.BN, Element.POOL, r, true), timed));
        out.add(algebra(3, "Dropout commutes with activations that have f(0)=0 (ReLU, tanh).", Element.ACT,
                Element.DROPOUT, activations.stream().filter(a -> ActivationKind.parse(a).zeroAtZero()).toList(),
                "with f(0) = 0", dropoutRate, r, null));
        out.add(measured(4, "Dropout before or after BN makes a small difference.", Element.BN, Element.DROPOUT, r,
                true));
        out.add(measured(5, "BN and ReLU do not commute, and their order matters in practice.", Element.ACT,
                Element.BN, r, false));
        out.add(nonMonotone(r, activations, dropoutRate));
        out.add(orderMatters(r));
        out.add(bnAllowsHigherRate(r));
        out.add(monotoneAvgPool(r, activations, dropoutRate));
        out.add(bnAfterDropoutInFc(r));
        out.add(fullPreActivationIsBest(r));
        return out;
    }

    /** Claim 2's speed part: each ordering with bn before pool against the one that swaps just those two. */
    private static Finding withSpeed(Finding f, TimedOrderings timed) {
        TimedOrderings.Ratio train = timed == null ? null : timed.swapped(Element.BN, Element.POOL, true);
        if (train == null || !train.measured()) {
            return f;
        }
        TimedOrderings.Ratio infer = timed.swapped(Element.BN, Element.POOL, false);
        return new Finding(f.claim(), f.text(), f.verdict(), f.evidence() + String.format(Locale.ROOT, " Speed, bn "
                        + "before pool against the same ordering with the two swapped, every ordering timed alike in "
                        + "the verification pass: training %.2fx (median over %d pairs, range %.2f-%.2f), inference "
                        + "%.2fx (range %.2f-%.2f).", train.median(), train.groups(), train.low(), train.high(),
                infer.median(), infer.low(), infer.high()), f.margin(), f.test(), f.p(), f.pAdjusted(), f.seeds(),
                f.design());
    }

    private static Finding proved(int n, String text, Verdict v, String evidence, Analysis.Result r) {
        return new Finding(n, text, v, evidence, r.options().margin(), "proved", Double.NaN, Double.NaN, r.seeds(),
                r.options().design());
    }

    private static Finding algebra(int n, String text, Element a, Element b, List<String> activations, String kind,
                                   double rate, Analysis.Result r, TimedOrderings timed) {
        if (activations.isEmpty()) {
            return proved(n, text, Verdict.NOT_TESTED, "No activation " + kind + " was swept.", r);
        }
        List<String> yes = new ArrayList<>();
        List<String> no = new ArrayList<>();
        StringBuilder why = new StringBuilder();
        for (String name : activations) {
            ActivationKind f = ActivationKind.parse(name);
            Commutation.Verdict v = Commutation.of(a, b, f, rate);
            (v.commutes() ? yes : no).add(name);
            if (!v.commutes()) {
                why.append(' ').append(v.reason()).append('.');
            }
        }
        Verdict verdict = no.isEmpty() ? Verdict.SUPPORTED : yes.isEmpty() ? Verdict.REFUTED : Verdict.PARTLY;
        String evidence = "Proved from the activation's properties (and checked numerically with DL4J before training "
                + "for the swept activations): "
                + (yes.isEmpty() ? "" : "commutes for " + String.join(", ", yes) + ". ")
                + (no.isEmpty() ? "" : "Does not commute for " + String.join(", ", no) + "." + why);
        if (timed != null && a == Element.ACT && b == Element.POOL) {
            TimedOrderings.Ratio train = timed.withinClass(Element.POOL, Element.ACT, true);
            TimedOrderings.Ratio infer = timed.withinClass(Element.POOL, Element.ACT, false);
            if (train.measured()) {
                evidence += String.format(Locale.ROOT, " Speed at the same function, members of one class with pool "
                                + "before act against act before pool, every member timed alike in the verification "
                                + "pass: training %.2fx (median over %d classes, range %.2f-%.2f), inference %.2fx "
                                + "(range %.2f-%.2f).", train.median(), train.groups(), train.low(), train.high(),
                        infer.median(), infer.low(), infer.high());
            }
        }
        return proved(n, text, verdict, evidence.strip(), r);
    }

    /** One activation's verdict on a pair, and the p-values it rests on. */
    private record Judged(Verdict verdict, String activation, double p, double pAdjusted) {
    }

    private static Finding measured(int n, String text, Element elementA, Element elementB, Analysis.Result r,
                                    boolean claimsSmall) {
        String a = elementA.key();
        String b = elementB.key();
        List<Analysis.Precedence> effects = r.precedence().stream()
                .filter(p -> (p.first().equals(a) && p.second().equals(b))).toList();
        List<String> swept = r.orderings().stream().map(Analysis.OrderingStats::activation).distinct().toList();
        if (effects.isEmpty() && !claimsSmall && !swept.isEmpty() && swept.stream()
                .allMatch(x -> ActivationKind.parse(x) == ActivationKind.IDENTITY)) {
            return proved(n, text, Verdict.NOT_TESTED, "Only the identity activation was swept, and with it act and bn"
                    + " commute (the identity commutes with everything).", r);
        }
        if (effects.isEmpty()) {
            if (r.orderings().stream().anyMatch(o -> o.ordering().residualUnit()
                    && o.ordering().contains(elementA) && o.ordering().contains(elementB))) {
                return proved(n, text, Verdict.NOT_TESTED, "Residual placements are compared as wholes (claim 11): "
                        + "a unit holds " + a + " and " + b + " more than once, so \"" + a + " before " + b + "\" has "
                        + "no single meaning there.", r);
            }
            boolean both = r.orderings().stream().anyMatch(o -> o.ordering().contains(elementA)
                    && o.ordering().contains(elementB));
            return proved(n, text, Verdict.NOT_TESTED, both
                    ? "No swept ordering puts " + a + " and " + b + " the other way round, so their order was not "
                    + "varied." : "The sweep's block does not contain both " + a + " and " + b + ".", r);
        }
        StringBuilder ev = new StringBuilder();
        List<Judged> judged = new ArrayList<>();
        List<Analysis.Precedence> nonTrivial = claimsSmall ? effects : effects.stream()
                .filter(p -> ActivationKind.parse(p.activation()) != ActivationKind.IDENTITY).toList();
        if (nonTrivial.isEmpty()) {
            return proved(n, text, Verdict.NOT_TESTED, "Only the identity activation was swept, and with it act and bn"
                    + " commute (the identity commutes with everything).", r);
        }
        if (!claimsSmall) {
            ev.append("They do not commute (proved: bn shifts and scales per channel")
                    .append(nonTrivial.size() < effects.size() ? ", except with the identity activation" : "")
                    .append("). ");
        }
        for (Analysis.Precedence p : nonTrivial) {
            ev.append(effect(p, a, b, r));
            boolean within = p.shownWithinMargin();
            boolean beyond = p.shownBeyondMargin();
            Verdict v = within ? (claimsSmall ? Verdict.SUPPORTED : Verdict.REFUTED)
                    : beyond ? (claimsSmall ? Verdict.REFUTED : Verdict.SUPPORTED) : Verdict.INCONCLUSIVE;
            if (!p.sameContrastAs().isEmpty()) {
                ev.append(String.format(Locale.ROOT, "%s: the swept orderings change %s only together with %s, so "
                        + "this is one contrast of several pairs and says nothing about %s alone. ", p.label(),
                        p.pair(), String.join(", ", p.sameContrastAs()), p.pair()));
                v = Verdict.INCONCLUSIVE;
            }
            // The p of the question the verdict answers; when inconclusive, of the one closer to an answer.
            boolean equivalence = within || (!beyond && !(p.pBeyond() < p.pEquivalent()));
            double raw = equivalence ? p.margin().pEquivalent() : p.margin().pBeyond();
            double adj = equivalence ? p.pEquivalent() : p.pBeyond();
            judged.add(new Judged(v, p.activation(), raw, adj));
        }
        Judged first = judged.get(0);
        return new Finding(n, text, combine(judged.stream().map(Judged::verdict).toList()), ev.toString().strip(),
                r.options().margin(), nonTrivial.get(0).accuracy().test() + "; within the margin: two one-sided tests, "
                + "beyond it: two-sided; Holm across the pairs", first.p(), first.pAdjusted(),
                nonTrivial.get(0).seeds(), r.options().design());
    }

    /**
     * Claim 10 (the question's "Lesson 3"): in fully connected layers bn was placed after dropout, read as the better
     * placement and judged on the blocks with a dense layer. Supported when dropout before bn is better beyond the
     * margin; refuted when bn before dropout is (Li et al. 2019: dropout before bn shifts the variance bn's statistics
     * see between training and inference) or when the two are shown within the margin (neither placement is better).
     */
    private static Finding bnAfterDropoutInFc(Analysis.Result r) {
        String text = "In fully connected layers batch norm goes after dropout.";
        List<Analysis.Precedence> effects = r.precedence().stream()
                .filter(p -> p.first().equals(Element.BN.key()) && p.second().equals(Element.DROPOUT.key())
                        && p.setting().elements().contains(Element.DENSE.key())).toList();
        if (effects.isEmpty()) {
            boolean fc = r.orderings().stream().anyMatch(o -> o.ordering().contains(Element.DENSE)
                    && o.ordering().contains(Element.BN) && o.ordering().contains(Element.DROPOUT));
            return proved(10, text, Verdict.NOT_TESTED, fc ? "No swept ordering of a fully connected block puts bn "
                    + "and dropout the other way round, so their order was not varied." : "No swept block is a fully "
                    + "connected block with bn and dropout (a dense element, e.g. conf/fc-block.conf).", r);
        }
        StringBuilder ev = new StringBuilder("Dropout before bn shifts the variance bn's statistics see between training "
                + "and inference (Li et al. 2019), which predicts the opposite. ");
        List<Judged> judged = new ArrayList<>();
        for (Analysis.Precedence p : effects) {
            ev.append(effect(p, Element.BN.key(), Element.DROPOUT.key(), r));
            boolean within = p.shownWithinMargin();
            boolean beyond = p.shownBeyondMargin();
            boolean dropoutFirstBetter = p.accuracy().estimate() < 0;
            Verdict v = within ? Verdict.REFUTED
                    : beyond ? (dropoutFirstBetter ? Verdict.SUPPORTED : Verdict.REFUTED) : Verdict.INCONCLUSIVE;
            if (!p.sameContrastAs().isEmpty()) {
                ev.append(String.format(Locale.ROOT, "%s: the swept orderings change %s only together with %s, so "
                        + "this is one contrast of several pairs. ", p.label(), p.pair(),
                        String.join(", ", p.sameContrastAs())));
                v = Verdict.INCONCLUSIVE;
            }
            boolean equivalence = within || (!beyond && !(p.pBeyond() < p.pEquivalent()));
            judged.add(new Judged(v, p.activation(), equivalence ? p.margin().pEquivalent() : p.margin().pBeyond(),
                    equivalence ? p.pEquivalent() : p.pBeyond()));
        }
        Judged first = judged.get(0);
        return new Finding(10, text, combine(judged.stream().map(Judged::verdict).toList()), ev.toString().strip(),
                r.options().margin(), effects.get(0).accuracy().test() + "; within the margin: two one-sided tests, "
                + "beyond it: two-sided; Holm across the pairs", first.p(), first.pAdjusted(), effects.get(0).seeds(),
                r.options().design());
    }

    /**
     * Claim 11 (He et al. 2016): of the five places for bn and act around a residual unit's addition, full
     * pre-activation is the best. Judged per setting that sweeps it beside another placement, with Hsu's set of
     * placements that may be the best: supported when full pre-activation is the only one left in it, refuted when it
     * is ruled out, inconclusive while others may be the best too.
     */
    private static Finding fullPreActivationIsBest(Analysis.Result r) {
        String text = "In a residual unit, full pre-activation (bn and act before each convolution, nothing after the "
                + "addition) is the best placement.";
        List<String> settings = r.labels().stream().filter(a -> r.of(a).size() > 1 && r.of(a).stream()
                .anyMatch(o -> Placement.of(o.ordering()) == Placement.FULL_PREACT)).toList();
        if (settings.isEmpty()) {
            return proved(11, text, Verdict.NOT_TESTED, "No sweep compares full pre-activation with another placement "
                    + "of a residual unit (a residual stage, e.g. conf/residual.conf).", r);
        }
        StringBuilder ev = new StringBuilder("He et al. 2016 (CIFAR-10, ResNet-110, test error): " + Arrays.stream(
                Placement.values()).sorted(Comparator.comparingDouble(Placement::publishedError))
                .map(p -> String.format(Locale.ROOT, "%s %.2f%%", p.key(), p.publishedError()))
                .collect(Collectors.joining(", ")) + ". ");
        List<Verdict> verdicts = new ArrayList<>();
        double p = Double.NaN;
        for (String a : settings) {
            List<Analysis.OrderingStats> s = r.of(a);
            Analysis.OrderingStats full = s.stream().filter(o -> Placement.of(o.ordering()) == Placement.FULL_PREACT)
                    .findFirst().orElseThrow();
            List<Analysis.OrderingStats> others = s.stream().filter(o -> o != full).toList();
            boolean alone = full.mightBeBest() && others.stream().noneMatch(Analysis.OrderingStats::mightBeBest);
            Verdict v = alone ? Verdict.SUPPORTED : !full.mightBeBest() && !full.leftRaceNotOk() ? Verdict.REFUTED
                    : Verdict.INCONCLUSIVE;
            verdicts.add(v);
            // The weakest exclusion the support rests on, or full pre-activation's own when it is ruled out.
            double pa = alone ? others.stream().mapToDouble(Analysis.OrderingStats::bestP).max().orElse(Double.NaN)
                    : full.bestP();
            p = Double.isNaN(p) ? pa : Math.max(p, pa);
            ev.append(a).append(": ").append(s.stream().map(o -> String.format(Locale.ROOT, "%s %.4f%s",
                    o.ordering().name(), o.accuracy().mean(), o.mightBeBest() ? " (may be the best)" : ""))
                    .collect(Collectors.joining(", "))).append(String.format(Locale.ROOT, " (mean test accuracy at %s, "
                    + "best first; Hsu's comparison with the best, 95%%); full-preact minus the best of the others "
                    + "[%+.4f, %+.4f]. ", r.bestSeeds().getOrDefault(a, 0) == 1 ? "one seed"
                    : r.bestSeeds().getOrDefault(a, 0) + " seeds", full.bestLow(), full.bestHigh()));
        }
        return new Finding(11, text, combine(verdicts), ev.toString().strip(), r.options().margin(), hsu(r), p, p, r.bestSeeds().values().stream()
                .mapToInt(i -> i).min().orElse(0), r.options().design());
    }

    /** A measured precedence effect as the evidence states it: interval, classes, seeds and the margin's tests. */
    private static String effect(Analysis.Precedence p, String a, String b, Analysis.Result r) {
        Stats.Difference d = p.accuracy();
        return String.format(Locale.ROOT, "%s: test accuracy with %s before %s minus after %+.4f [%+.4f, %+.4f] "
                        + "over %d vs %d classes%s at %s; within +-%.4f: p %s (Holm %s), beyond it: p %s "
                        + "(Holm %s); time per epoch %+.2f s. ", p.label(), a, b, d.estimate(), d.low(),
                d.high(), p.orderingsBefore(), p.orderingsAfter(),
                p.classesBoth() == 0 ? "" : " (" + p.classesBoth() + " with members both ways left out)",
                seeds(p.seeds()), r.options().margin(), fmt(p.margin().pEquivalent()), fmt(p.pEquivalent()),
                fmt(p.margin().pBeyond()), fmt(p.pBeyond()), p.secondsPerEpoch().estimate());
    }

    /** Several settings' verdicts: the common one; partly when at least one is decisive and they differ. */
    static Verdict combine(List<Verdict> verdicts) {
        if (verdicts.stream().distinct().count() == 1) {
            return verdicts.get(0);
        }
        return verdicts.stream().anyMatch(v -> v == Verdict.SUPPORTED || v == Verdict.REFUTED) ? Verdict.PARTLY
                : Verdict.INCONCLUSIVE;
    }

    private static String seeds(int n) {
        return n == 1 ? "one seed (classes compared unpaired)" : n + " seeds";
    }

    private static String classes(int n) {
        return n == 1 ? "1 class" : n + " classes";
    }

    private static String fmt(double p) {
        return Double.isNaN(p) ? "n/a" : String.format(Locale.ROOT, "%.3g", p);
    }

    private static Finding nonMonotone(Analysis.Result r, List<String> activations, double rate) {
        String text = "Non-monotonic activations (Mish, Swish, GELU) break the pooling commutation; the effect is "
                + "unknown.";
        List<String> swept = activations.stream().filter(a -> !ActivationKind.parse(a).nonDecreasing()).toList();
        if (swept.isEmpty()) {
            return proved(6, text, Verdict.NOT_TESTED, "Proved: mish, swish and gelu are not monotone, so act "
                    + "and pool do not commute for them. No non-monotone activation was swept, so the effect was not "
                    + "measured.", r);
        }
        Optional<Analysis.Precedence> any = r.precedence().stream()
                .filter(p -> swept.contains(p.activation()) && p.first().equals("act") && p.second().equals("pool"))
                .findFirst();
        return proved(6, text, Verdict.SUPPORTED, "Proved for " + String.join(", ", swept) + ". "
                + any.map(p -> String.format(Locale.ROOT, "Measured (%s): act before pool minus after %+.4f "
                        + "[%+.4f, %+.4f], Holm-adjusted p %s; within +-%.4f: Holm p %s; beyond it: Holm p %s.",
                p.label(), p.accuracy().estimate(), p.accuracy().low(), p.accuracy().high(), fmt(p.p()),
                r.options().margin(), fmt(p.pEquivalent()), fmt(p.pBeyond()))).orElse(""), r);
    }

    /**
     * Claim 9, judged by the algebra on the swept monotone activations as claim 1 is: only an affine f (the identity)
     * passes through a window mean, so every other monotone one refutes it (Jensen). The measured act/avgpool effect
     * of those is added when a swept block has avgpool; the verdict rests on the proof alone.
     */
    private static Finding monotoneAvgPool(Analysis.Result r, List<String> activations, double rate) {
        String text = "Monotonic activations commute with average pooling as with max-pooling (\"max- or "
                + "average-pooling\").";
        List<String> monotone = activations.stream().filter(a -> ActivationKind.parse(a).nonDecreasing()).toList();
        if (monotone.isEmpty()) {
            return proved(9, text, Verdict.NOT_TESTED, "No monotone activation was swept.", r);
        }
        List<String> yes = new ArrayList<>();
        List<String> no = new ArrayList<>();
        String why = null;
        for (String name : monotone) {
            Commutation.Verdict v = Commutation.of(Element.ACT, Element.AVGPOOL, ActivationKind.parse(name), rate);
            (v.commutes() ? yes : no).add(name);
            // One reason suffices: every non-affine one fails for the same reason, with the same counterexample.
            why = v.commutes() || why != null ? why : v.reason();
        }
        Verdict verdict = no.isEmpty() ? Verdict.SUPPORTED : yes.isEmpty() ? Verdict.REFUTED : Verdict.PARTLY;
        StringBuilder ev = new StringBuilder("Proved from the activation's properties: ");
        if (!yes.isEmpty()) {
            ev.append("commutes for ").append(String.join(", ", yes))
                    .append(" (affine: mean(f(x)) = f(mean(x))). ");
        }
        if (!no.isEmpty()) {
            ev.append(yes.isEmpty() ? "does" : "Does").append(" not commute for ").append(String.join(", ", no))
                    .append(": ").append(why).append(". ");
        } else {
            // Only affine ones swept: the verdict holds for them, and the proof says what it does not cover.
            List<String> others = Arrays.stream(ActivationKind.values())
                    .filter(f -> f.nonDecreasing() && !f.affine()).map(ActivationKind::key).toList();
            ev.append("Judged on the swept activations only; the monotone activations that are not affine (")
                    .append(String.join(", ", others)).append(") do not commute with a mean (Jensen's inequality). ");
        }
        String a = Element.ACT.key();
        String b = Element.AVGPOOL.key();
        boolean averaged = r.orderings().stream().anyMatch(o -> o.ordering().contains(Element.AVGPOOL)
                && o.ordering().contains(Element.ACT));
        List<Analysis.Precedence> effects = r.precedence().stream().filter(p -> p.first().equals(a)
                && p.second().equals(b) && no.contains(p.activation())).toList();
        if (!averaged) {
            ev.append("No swept block has both act and avgpool, so the effect of their order was not measured.");
        } else if (no.isEmpty()) {
            ev.append("With the swept activations act before and after avgpool is one function: no effect to "
                    + "measure.");
        } else if (effects.isEmpty()) {
            ev.append("No swept ordering puts act and avgpool the other way round, so the effect of their order was "
                    + "not measured.");
        } else {
            ev.append("Measured (").append(effects.get(0).accuracy().test()).append("; Holm across the pairs): ");
            for (Analysis.Precedence p : effects) {
                ev.append(effect(p, a, b, r));
                if (!p.sameContrastAs().isEmpty()) {
                    ev.append(String.format(Locale.ROOT, "%s: the swept orderings change %s only together with %s, "
                            + "so this contrast says nothing about %s alone. ", p.label(), p.pair(),
                            String.join(", ", p.sameContrastAs()), p.pair()));
                }
            }
        }
        return proved(9, text, verdict, ev.toString().strip(), r);
    }

    private static Finding orderMatters(Analysis.Result r) {
        String text = "Try reversing the order on your problem and use whatever works best.";
        StringBuilder ev = new StringBuilder();
        List<Verdict> verdicts = new ArrayList<>();
        double minP = Double.NaN;
        // A setting with one class (e.g. a block whose orderings are all one function) has no order to reverse.
        List<String> compared = r.labels().stream().filter(a -> r.of(a).size() > 1).toList();
        if (compared.isEmpty()) {
            return proved(7, text, Verdict.NOT_TESTED, "Every setting has one class of orderings: there is no order "
                    + "to reverse.", r);
        }
        for (String a : compared) {
            List<Analysis.OrderingStats> s = r.of(a);
            long best = s.stream().filter(Analysis.OrderingStats::mightBeBest).count();
            double margin = r.options().margin();
            double top = s.get(0).accuracy().mean();
            // Worse than the truly best by more than the margin, simultaneously with the set; for a class the seed
            // race stopped, a mean more than the margin below the best. A class that left the race with a diverged
            // or failed trial was compared with nothing: it counts for neither side.
            long farOut = s.stream().filter(o -> !o.mightBeBest() && !o.leftRaceNotOk() && (!o.leftRace()
                    ? o.belowBest() < -margin : o.accuracy().mean() < top - margin)).count();
            long notOk = s.stream().filter(Analysis.OrderingStats::leftRaceNotOk).count();
            boolean tested = s.stream().anyMatch(o -> !Double.isNaN(o.bestP())) || best < s.size();
            boolean allWithin = tested && s.stream().allMatch(o -> !o.leftRace() && o.bestLow()
                    > -margin);
            verdicts.add(!tested ? Verdict.INCONCLUSIVE : farOut > 0 ? Verdict.SUPPORTED
                    : allWithin ? Verdict.REFUTED : Verdict.INCONCLUSIVE);
            // The claim's p: the strongest exclusion (smallest p of "could be the best"); Hsu's are already adjusted.
            minP = s.stream().mapToDouble(Analysis.OrderingStats::bestP).filter(x -> !Double.isNaN(x))
                    .reduce(minP, (x, y) -> Double.isNaN(x) ? y : Math.min(x, y));
            ev.append(String.format(Locale.ROOT, "%s: best observed %s at %.4f; %d of %d classes may be the best "
                            + "(Hsu's comparison with the best at %s, 95%%); %d ruled out by more than the "
                            + "margin%s%s. ", a, s.get(0).ordering().name(), s.get(0).accuracy().mean(), best, s.size(),
                    r.bestSeeds().getOrDefault(a, 0) == 1 ? "one seed" : r.bestSeeds().getOrDefault(a, 0) + " seeds",
                    farOut, notOk == 0 ? "" : "; " + notOk + " left the race with a diverged or failed trial",
                    allWithin ? "; every class is within " + String.format(Locale.ROOT, "%.4f", r.options().margin())
                            + " of the best" : ""));
        }
        Verdict v = combine(verdicts);
        String lead = switch (v) {
            case SUPPORTED -> "The order matters here: some orderings are worse than the best by more than the "
                    + "margin. ";
            case REFUTED -> "The order does not matter here beyond the margin. ";
            case PARTLY -> "The order matters in some settings (some orderings are worse than the best by more than "
                    + "the margin) and is not shown to in others. ";
            default -> r.seeds() < 2 ? "One seed per ordering: no test is possible; run several seeds (sweep.seeds). "
                    : "No ordering is ruled out as the best at these seeds. ";
        };
        return new Finding(7, text, v, (lead + ev).strip(), r.options().margin(), hsu(r), minP, minP, r.bestSeeds().values().stream().mapToInt(i -> i)
                .min().orElse(0), r.options().design());
    }

    private static Finding bnAllowsHigherRate(Analysis.Result r) {
        String text = "Batch normalization leads to a higher learning rate: with bn the usable rate is higher.";
        if (r.bnRates().isEmpty()) {
            long rates = r.orderings().stream().mapToDouble(o -> o.setting().learningRate()).distinct().count();
            List<String> blocks = r.orderings().stream().map(o -> o.setting().block()).distinct().toList();
            String has = blocks.isEmpty() ? "this sweep has no trained ordering yet"
                    : String.format(Locale.ROOT, "this sweep has %d rate%s and block%s %s", rates,
                    rates == 1 ? "" : "s", blocks.size() == 1 ? "" : "s", String.join(", ", blocks));
            return proved(8, text, Verdict.NOT_TESTED, "Needs two or more learning rates (sweep.learning-rates) and a "
                    + "block with bn beside the same block without it (sweep.blocks); " + has + ".", r);
        }
        StringBuilder ev = new StringBuilder();
        List<Verdict> verdicts = new ArrayList<>();
        RateEffects.BnContrast first = r.bnRates().get(0);
        for (RateEffects.BnContrast c : r.bnRates()) {
            Stats.Difference d = c.gain();
            boolean shown = c.p() < Stats.ALPHA;
            verdicts.add(shown && d.estimate() > 0 ? Verdict.SUPPORTED : shown || c.pEquivalent() < Stats.ALPHA
                    ? Verdict.REFUTED : Verdict.INCONCLUSIVE);
            ev.append(String.format(Locale.ROOT, "%s: raising the rate from %s to %s changed test accuracy by %+.4f "
                            + "with bn (%s, mean of %s) and by %+.4f without (%s, %s); with minus "
                            + "without %+.4f [%+.4f, %+.4f] over %s, p %s (Holm %s); within +-%.4f: Holm p %s. Best "
                            + "rate by the block's mean: %s with bn, %s without. ", c.activation(),
                    Setting.rate(c.low()), Setting.rate(c.high()), c.changeWith(), c.withBn(), classes(c.classesWith()),
                    c.changeWithout(), c.withoutBn(), classes(c.classesWithout()), d.estimate(), d.low(), d.high(),
                    c.seeds() == 1 ? "one seed" : c.seeds() + " seeds", fmt(d.p()), fmt(c.p()),
                    r.options().margin(), fmt(c.pEquivalent()), Setting.rate(c.bestRateWith()),
                    Setting.rate(c.bestRateWithout())));
        }
        return new Finding(8, text, combine(verdicts), ev.toString().strip(), r.options().margin(),
                first.gain().test() + " on the difference in differences (seeds paired); within the margin: two "
                        + "one-sided tests; Holm across the activations", first.gain().p(), first.p(), first.seeds(),
                r.options().design());
    }

    /** The comparison with the best the analysis made, as the findings table names it. */
    private static String hsu(Analysis.Result r) {
        return "Hsu's multiple comparisons with the best (" + r.options().comparison().described() + ")";
    }
}
