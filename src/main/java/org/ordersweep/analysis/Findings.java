package org.ordersweep.analysis;

import org.ordersweep.plan.ActivationKind;
import org.ordersweep.plan.Commutation;
import org.ordersweep.plan.Element;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The forum answer's claims (docs: the science notes) with a verdict each, from the algebra (what is proved) and from
 * the measurements (precedence effects with intervals). A measured claim of "little difference" is supported only
 * when the whole 95% interval lies within +-{@link #SMALL} accuracy; refuted when it excludes zero by more than that.
 */
public final class Findings {

    public static final double SMALL = 0.01;

    public enum Verdict {
        SUPPORTED, REFUTED, INCONCLUSIVE, PARTLY, NOT_TESTED;

        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    public record Finding(int claim, String text, Verdict verdict, String evidence) {
    }

    private Findings() {
    }

    /**
     * @param activations the swept activations: claims 1 and 3 are judged on those of the kind they speak of
     *                    (monotone ones; ones with f(0) = 0), and are not tested when none was swept
     */
    public static List<Finding> of(Analysis.Result r, List<String> activations, double dropoutRate) {
        List<Finding> out = new ArrayList<>();
        out.add(algebra(1, "Monotonic activations commute with max-pooling, so the order does not change results; "
                + "pooling first saves compute.", Element.ACT, Element.POOL, activations.stream()
                .filter(a -> ActivationKind.parse(a).nonDecreasing()).toList(), "monotone", dropoutRate, r));
        out.add(measured(2, "BN before or after max-pooling makes very little accuracy difference but changes speed.",
                "bn", "pool", r, true));
        out.add(algebra(3, "Dropout commutes with activations that have f(0)=0 (ReLU, tanh).", Element.ACT,
                Element.DROPOUT, activations.stream().filter(a -> ActivationKind.parse(a).zeroAtZero()).toList(),
                "with f(0) = 0", dropoutRate, r));
        out.add(measured(4, "Dropout before or after BN makes a small difference.", "bn", "dropout", r, true));
        out.add(measured(5, "BN and ReLU do not commute, and their order matters in practice.", "act", "bn", r,
                false));
        out.add(nonMonotone(r, activations, dropoutRate));
        out.add(orderMatters(r));
        return out;
    }

    private static Finding algebra(int n, String text, Element a, Element b, List<String> activations, String kind,
                                   double rate, Analysis.Result r) {
        if (activations.isEmpty()) {
            return new Finding(n, text, Verdict.NOT_TESTED, "No activation " + kind + " was swept.");
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
        if (a == Element.ACT && b == Element.POOL) {
            evidence += speed(r, "act", "pool");
        }
        return new Finding(n, text, verdict, evidence.strip());
    }

    private static String speed(Analysis.Result r, String a, String b) {
        return r.precedence().stream().filter(p -> p.first().equals(a) && p.second().equals(b)).findFirst()
                .map(p -> String.format(Locale.ROOT, " Measured training time per epoch, %s before %s minus after: "
                                + "%+.2f s [%+.2f, %+.2f] (%s, %s).", a, b, p.secondsPerEpoch().estimate(),
                        p.secondsPerEpoch().low(), p.secondsPerEpoch().high(), p.activation(),
                        p.secondsPerEpoch().test()))
                .orElse("");
    }

    private static Finding measured(int n, String text, String a, String b, Analysis.Result r, boolean claimsSmall) {
        List<Analysis.Precedence> effects = r.precedence().stream()
                .filter(p -> (p.first().equals(a) && p.second().equals(b))).toList();
        if (effects.isEmpty()) {
            boolean both = r.orderings().stream().anyMatch(o -> List.of(o.ordering().split(">")).containsAll(
                    List.of(a, b)));
            return new Finding(n, text, Verdict.NOT_TESTED, both
                    ? "No swept ordering puts " + a + " and " + b + " the other way round, so their order was not "
                    + "varied." : "The sweep's block does not contain both " + a + " and " + b + ".");
        }
        StringBuilder ev = new StringBuilder();
        boolean allSmall = true;
        boolean anyLarge = false;
        boolean anyUnknown = false;
        for (Analysis.Precedence p : effects) {
            Stats.Difference d = p.accuracy();
            ev.append(String.format(Locale.ROOT, "%s: test accuracy with %s before %s minus after %+.4f [%+.4f, %+.4f] "
                            + "over %d vs %d classes; time per epoch %+.2f s. ", p.activation(), a, b, d.estimate(),
                    d.low(), d.high(), p.orderingsBefore(), p.orderingsAfter(), p.secondsPerEpoch().estimate()));
            if (Double.isNaN(d.low())) {
                anyUnknown = true;
                allSmall = false;
            } else {
                allSmall &= d.low() >= -SMALL && d.high() <= SMALL;
                anyLarge |= d.low() > SMALL || d.high() < -SMALL;
            }
        }
        Verdict v;
        if (claimsSmall) {
            v = allSmall ? Verdict.SUPPORTED : anyLarge ? Verdict.REFUTED : Verdict.INCONCLUSIVE;
        } else {
            // With the identity activation act and bn commute: no difference to find, and none claimed.
            List<Analysis.Precedence> nonTrivial = effects.stream().filter(p -> ActivationKind.parse(p.activation())
                    != ActivationKind.IDENTITY).toList();
            if (nonTrivial.isEmpty()) {
                return new Finding(n, text, Verdict.NOT_TESTED, "Only the identity activation was swept, and with it "
                        + "act and bn commute (the identity commutes with everything).");
            }
            boolean nonZero = nonTrivial.stream().allMatch(p -> p.accuracy().low() > 0 || p.accuracy().high() < 0);
            v = anyUnknown ? Verdict.INCONCLUSIVE : nonZero ? Verdict.SUPPORTED : Verdict.INCONCLUSIVE;
            ev.insert(0, "They do not commute (proved: bn shifts and scales per channel"
                    + (nonTrivial.size() < effects.size() ? ", except with the identity activation" : "") + "). ");
        }
        return new Finding(n, text, v, ev.toString().strip());
    }

    private static Finding nonMonotone(Analysis.Result r, List<String> activations, double rate) {
        String text = "Non-monotonic activations (Mish, Swish, GELU) break the pooling commutation; the effect is "
                + "unknown.";
        List<String> swept = activations.stream().filter(a -> !ActivationKind.parse(a).nonDecreasing()).toList();
        if (swept.isEmpty()) {
            return new Finding(6, text, Verdict.NOT_TESTED, "Proved: mish, swish and gelu are not monotone, so act "
                    + "and pool do not commute for them. No non-monotone activation was swept, so the effect was not "
                    + "measured.");
        }
        Optional<Analysis.Precedence> any = r.precedence().stream()
                .filter(p -> swept.contains(p.activation()) && p.first().equals("act") && p.second().equals("pool"))
                .findFirst();
        return new Finding(6, text, Verdict.SUPPORTED, "Proved for " + String.join(", ", swept) + ". "
                + any.map(p -> String.format(Locale.ROOT, "Measured (%s): act before pool minus after %+.4f "
                        + "[%+.4f, %+.4f].", p.activation(), p.accuracy().estimate(), p.accuracy().low(),
                p.accuracy().high())).orElse(""));
    }

    private static Finding orderMatters(Analysis.Result r) {
        String text = "Try reversing the order on your problem and use whatever works best.";
        StringBuilder ev = new StringBuilder();
        boolean matters = false;
        boolean known = false;
        for (String a : r.orderings().stream().map(Analysis.OrderingStats::activation).distinct().toList()) {
            List<Analysis.OrderingStats> s = r.of(a);
            long same = s.stream().filter(Analysis.OrderingStats::indistinguishable).count();
            long tested = s.stream().filter(o -> !Double.isNaN(o.adjustedP())).count();
            known |= tested > 0;
            matters |= same < s.size() && tested > 0;
            ev.append(String.format(Locale.ROOT, "%s: best %s at %.4f; %d of %d classes indistinguishable from it "
                            + "(%s, Holm-adjusted p >= %.2f). ", a, s.get(0).ordering(), s.get(0).accuracy().mean(),
                    same, s.size(), r.test(), Analysis.ALPHA));
        }
        if (!known) {
            return new Finding(7, text, Verdict.INCONCLUSIVE, ev + "One seed per ordering: no test is possible; run "
                    + "several seeds (sweep.seeds).");
        }
        return new Finding(7, text, matters ? Verdict.SUPPORTED : Verdict.INCONCLUSIVE,
                (matters ? "The order matters here: some orderings are significantly worse than the best. "
                        : "No ordering is significantly worse than the best at these seeds. ") + ev);
    }
}
