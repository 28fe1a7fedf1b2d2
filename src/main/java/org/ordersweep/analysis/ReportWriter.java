package org.ordersweep.analysis;

import static org.ordersweep.analysis.Svg.esc;

import org.ordersweep.config.ComparisonRule;
import org.ordersweep.plan.Setting;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The self-contained HTML report: findings, charts and tables; no scripts, nothing fetched, every string escaped. */
public final class ReportWriter {

    /** The learning curve of one trained ordering in one setting: mean test accuracy per epoch over its seeds. */
    public record Curve(String label, String ordering, List<double[]> points) {
    }

    /** What the report shows besides the analysis. */
    public record Context(String sweepName, String sweepId, String data, String network, int combinations,
                          int trained) {
    }

    private static final int TOP = 40;

    private ReportWriter() {
    }

    public static String html(Context c, Analysis.Result r, List<Findings.Finding> findings, List<Curve> curves) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
                        + "'unsafe-inline'; img-src data:\">")
                .append("<title>ordersweep report: ").append(esc(c.sweepName())).append("</title><style>")
                .append("body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}")
                .append("table{border-collapse:collapse;font-size:13px;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top}")
                .append("td.num{text-align:right;font-family:monospace}code{font-size:12px}")
                .append(".supported{color:#2ca02c;font-weight:bold}.refuted{color:#d62728;font-weight:bold}")
                .append(".inconclusive,.partly,.not{color:#ff7f0e;font-weight:bold}</style></head><body>");
        sb.append("<h1>ordersweep: ").append(esc(c.sweepName())).append("</h1>");
        sb.append("<p>Sweep <code>").append(esc(c.sweepId())).append("</code> on ").append(esc(c.data()))
                .append(". ").append(c.combinations()).append(" planned ordering-activation-rate-seed combinations; ")
                .append(c.trained()).append(" trained (the rest are proved equivalent to a trained one and inherit "
                        + "its result). Seeds: ").append(r.seeds()).append("; design: ")
                .append(esc(r.options().design())).append(". Margin for \"little difference\": ")
                .append(esc(r.options().marginWhy())).append(". Network: ").append(esc(c.network())).append('.');
        if (!r.notOk().isEmpty()) {
            sb.append(" Not counted: ").append(esc(r.notOk().toString())).append('.');
        }
        sb.append("</p>");

        sb.append("<h2>Which orderings may be the best</h2><p>The 95% confidence set for the truly best class: "
                + "Hsu's multiple comparisons with the best (valid although the best is picked from the same data), ")
                .append(esc(r.options().comparison() == ComparisonRule.PAIRED ? "each class against each other on "
                        + "their differences by seed, Bonferroni over the rivals, so a noisy class is judged by its "
                        + "own noise and a steady one by its own" : "seeds as blocks, with one seed-to-seed error "
                        + "pooled over every class (analysis.comparison = pooled)"))
                .append("; a class is ruled out only when some other is better beyond the noise.</p><ul>");
        for (String activation : r.labels()) {
            List<Analysis.OrderingStats> set = r.mightBeBest(activation);
            sb.append("<li class=\"best-set\"><b>").append(esc(activation)).append("</b>: ").append(set.size())
                    .append(" of ").append(r.of(activation).size()).append(" classes (")
                    .append(r.bestSeeds().getOrDefault(activation, 0)).append(" seeds): ");
            set.stream().limit(12).forEach(o -> sb.append("<code>").append(esc(o.ordering().name()))
                    .append("</code> "));
            if (set.size() > 12) {
                sb.append("and ").append(set.size() - 12).append(" more");
            }
            sb.append("</li>");
        }
        sb.append("</ul>");
        sb.append("<h2>Findings</h2><table class=\"findings\"><tr><th>#</th><th>claim</th><th>verdict</th>"
                + "<th>evidence</th><th>test</th><th>p (adjusted)</th></tr>");
        for (Findings.Finding f : findings) {
            sb.append("<tr><td>").append(f.claim()).append("</td><td>").append(esc(f.text()))
                    .append("</td><td class=\"").append(cssClass(f.verdict())).append("\">")
                    .append(esc(f.verdict().key())).append("</td><td>").append(esc(f.evidence())).append("</td><td>")
                    .append(esc(f.test())).append("</td><td class=\"num\">").append(num(f.p())).append(" (")
                    .append(num(f.pAdjusted())).append(")</td></tr>");
        }
        sb.append("</table>");
        for (String label : r.labels()) {
            sb.append(matrix(r, label));
        }

        for (Analysis.Interaction in : r.interactions()) {
            sb.append("<h2>Does the best ordering depend on the ").append(esc(in.factor())).append('?')
                    .append(in.within().isEmpty() ? "" : " (" + esc(in.within()) + ")").append("</h2><p>Best "
                            + "ordering per ").append(esc(in.factor())).append(": ");
            in.best().forEach((a, o) -> sb.append(esc(a)).append(" <code>").append(esc(o)).append("</code>; "));
            sb.append("interaction of ordering and ").append(esc(in.factor())).append(" on test accuracy over the ")
                    .append(in.orderings()).append(" orderings trained at every level and their ").append(in.seeds())
                    .append(" shared seeds (two-way analysis of variance, seeds as blocks): ")
                    .append(String.format(Locale.ROOT, "F(%d, %d) = %.2f, p = %s", in.test().df1(), in.test().df2(),
                            in.test().f(), pValue(in.test().p())))
                    .append(in.significant() ? ". The ranking of orderings depends on the " + esc(in.factor()) + "."
                            : ". No evidence that the ranking of orderings depends on the " + esc(in.factor()) + ".")
                    .append("</p>");
        }
        sb.append(learningRates(r)).append(ablations(r));

        for (String activation : r.labels()) {
            List<Analysis.OrderingStats> s = r.of(activation);
            sb.append("<h2>Accuracy by ordering (").append(esc(activation)).append(")</h2><p>Mean test accuracy "
                    + "with its 95% interval (when there are two seeds or more), on an axis from 0 to 1; dark bars "
                    + "may be the best. Showing the best ").append(Math.min(TOP, s.size())).append(" of ")
                    .append(s.size()).append(" classes.</p>");
            List<Svg.Bar> bars = new ArrayList<>();
            s.stream().limit(TOP).forEach(o -> bars.add(new Svg.Bar(o.ordering().name() + (o.members() > 1 ? " (+"
                    + (o.members() - 1) + ")" : ""), o.accuracy().mean(), o.accuracy().low(), o.accuracy().high(),
                    o.mightBeBest())));
            sb.append(Svg.bars("Test accuracy, " + activation, bars, "", false, new double[]{0, 1}));
            double lowest = s.get(0).accuracy().mean() - r.options().margin();
            sb.append("<p>The same, on an axis fitted to the classes: dots are means, whiskers 95% intervals; the "
                    + "dashed line is the best mean minus the margin (").append(String.format(Locale.ROOT, "%.4f",
                    r.options().margin())).append(").</p>");
            sb.append(Svg.dots("Test accuracy, " + activation + ", zoomed", bars, "", lowest));

            List<Svg.Bar> effects = new ArrayList<>();
            r.precedence().stream().filter(p -> p.label().equals(activation)).forEach(p -> effects.add(
                    new Svg.Bar(p.first() + " before " + p.second(), p.accuracy().estimate(), p.accuracy().low(),
                            p.accuracy().high(), !(p.accuracy().low() <= 0 && p.accuracy().high() >= 0))));
            // None for residual placements, which are compared as wholes.
            if (!effects.isEmpty()) {
                sb.append("<h2>Precedence effects (").append(esc(activation)).append(")</h2><p>For each pair of "
                        + "elements: mean test accuracy of the classes where the first comes before the second, "
                        + "minus those where it comes after, with a 95% interval: paired by seed when every class "
                        + "has the same two or more seeds, else Welch over classes. Dark: the interval excludes "
                        + "zero.</p>");
                sb.append(Svg.bars("Accuracy effect of precedence, " + activation, effects, "", true));
            }

            List<Svg.Point> points = new ArrayList<>();
            s.forEach(o -> points.add(new Svg.Point(o.ordering().name() + String.format(Locale.ROOT,
                    ": %.4f, %.2f s/epoch",
                    o.accuracy().mean(), o.secondsPerEpoch().mean()), o.secondsPerEpoch().mean(),
                    o.accuracy().mean(), o.pareto())));
            sb.append("<h2>Speed and accuracy (").append(esc(activation)).append(")</h2><p>Each point is a class; "
                    + "red points are the Pareto front (no other class is both faster and more accurate).</p>");
            sb.append(Svg.scatter("Pareto front, " + activation, "training seconds per epoch", "test accuracy",
                    points));

            List<Svg.Series> series = new ArrayList<>();
            s.stream().limit(5).forEach(o -> curves.stream().filter(cv -> cv.label().equals(activation)
                    && cv.ordering().equals(o.ordering().key())).findFirst()
                    .ifPresent(cv -> series.add(new Svg.Series(o.ordering().name(), cv.points()))));
            if (!series.isEmpty()) {
                sb.append("<h2>Learning curves of the top orderings (").append(esc(activation)).append(")</h2>");
                sb.append(Svg.lines("Test accuracy per epoch, " + activation, "epoch", "test accuracy", series));
            }

            sb.append("<h2>All classes (").append(esc(activation)).append(")</h2><table class=\"orderings\"><tr>"
                    + "<th>rank</th><th>trained ordering</th><th>members</th><th>n</th><th>accuracy</th>"
                    + "<th>95% interval</th><th>may be best</th><th>vs best of the others (Hsu)</th><th>p</th>"
                    + "<th>vs control (").append(r.options().comparison() == ComparisonRule.PAIRED ? "paired, Bonferroni"
                    : "Dunnett").append(")</th><th>s/epoch</th><th>inference/s</th></tr>");
            for (Analysis.OrderingStats o : s) {
                sb.append("<tr><td class=\"num\">").append(o.rank()).append("</td><td><code>")
                        .append(esc(o.ordering().described()))
                        .append("</code></td><td class=\"num\">").append(o.members())
                        .append("</td><td class=\"num\">").append(o.accuracy().n()).append("</td><td class=\"num\">")
                        .append(num(o.accuracy().mean())).append("</td><td class=\"num\">")
                        .append(num(o.accuracy().low())).append(" .. ").append(num(o.accuracy().high()))
                        .append("</td><td>").append(o.mightBeBest() ? "yes" : esc(!o.leftRace() ? "no"
                                : o.outOfRace()))
                        .append("</td><td class=\"num\">").append(num(o.bestLow())).append(" .. ")
                        .append(num(o.bestHigh())).append("</td><td class=\"num\">").append(num(o.bestP()))
                        .append("</td><td class=\"num\">").append(o.vsControl() == null ? "-"
                                : num(o.vsControl().estimate()) + " (p " + num(o.vsControl().p()) + ")")
                        .append("</td><td class=\"num\">")
                        .append(String.format(Locale.ROOT, "%.2f", o.secondsPerEpoch().mean()))
                        .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.0f", o.inferenceSps()))
                        .append("</td></tr>");
            }
            sb.append("</table>");
        }
        sb.append("<p><small>Generated by ordersweep analyze from trials/ and epochs/.</small></p></body></html>\n");
        return sb.toString();
    }

    /**
     * The forum question in one picture: row element before column element, the accuracy effect with its interval;
     * green when shown within the margin, red when shown beyond it (Holm across the pairs), grey otherwise; a cell
     * the swept orderings do not separate from another pair says so.
     */
    static String matrix(Analysis.Result r, String activation) {
        List<Analysis.Precedence> ps = r.precedence().stream().filter(p -> p.label().equals(activation)).toList();
        if (ps.isEmpty()) {
            return "";
        }
        Set<String> elements = new TreeSet<>();
        ps.forEach(p -> {
            elements.add(p.first());
            elements.add(p.second());
        });
        StringBuilder sb = new StringBuilder("<h2>Precedence matrix (").append(esc(activation)).append(")</h2><p>Row "
                + "before column: test accuracy of the classes with the row element first minus those with it "
                + "second, 95% interval. Green: within +-")
                .append(String.format(Locale.ROOT, "%.4f", r.options().margin()))
                .append(" (two one-sided tests); red: beyond it; grey: not established (Holm across the pairs).</p>"
                        + "<table class=\"matrix\"><tr><th></th>");
        elements.forEach(e -> sb.append("<th>").append(esc(e)).append("</th>"));
        sb.append("</tr>");
        for (String row : elements) {
            sb.append("<tr><th>").append(esc(row)).append("</th>");
            for (String col : elements) {
                Analysis.Precedence p = ps.stream().filter(x -> x.first().equals(row) && x.second().equals(col)
                        || x.first().equals(col) && x.second().equals(row)).findFirst().orElse(null);
                if (p == null || row.equals(col)) {
                    sb.append("<td></td>");
                    continue;
                }
                double sign = p.first().equals(row) ? 1 : -1;
                String colour = !p.sameContrastAs().isEmpty() ? "#eee" : p.shownWithinMargin()
                        ? "#c7e9c0" : p.shownBeyondMargin() ? "#fcbba1" : "#eee";
                double lo = sign > 0 ? p.accuracy().low() : -p.accuracy().high();
                double hi = sign > 0 ? p.accuracy().high() : -p.accuracy().low();
                sb.append("<td class=\"num\" style=\"background:").append(colour).append("\">")
                        .append(String.format(Locale.ROOT, "%+.4f", sign * p.accuracy().estimate()))
                        .append("<br><small>").append(num(lo)).append(" .. ").append(num(hi))
                        .append(p.sameContrastAs().isEmpty() ? "" : "<br>same contrast as "
                                + esc(String.join(", ", p.sameContrastAs())))
                        .append("</small></td>");
            }
            sb.append("</tr>");
        }
        return sb.append("</table>").toString();
    }

    /** Each ordering's accuracy against the learning rate, per block and activation, and its best rate. */
    static String learningRates(Analysis.Result r) {
        if (r.rates().isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (String within : r.rates().stream().map(RateEffects.BestRate::within).distinct().toList()) {
            List<RateEffects.BestRate> rows = r.rates().stream().filter(b -> b.within().equals(within)).toList();
            List<Double> rates = rows.get(0).rates();
            sb.append("<h2>Accuracy by learning rate (").append(esc(within)).append(")</h2><p>Mean test accuracy of "
                    + "each ordering at each swept rate (same seeds at every rate); the rate axis is log10. Showing "
                    + "the best ").append(Math.min(8, rows.size())).append(" of ").append(rows.size())
                    .append(" orderings trained at every rate.</p>");
            List<Svg.Series> series = new ArrayList<>();
            rows.stream().limit(8).forEach(b -> {
                List<double[]> pts = new ArrayList<>();
                for (int i = 0; i < rates.size(); i++) {
                    pts.add(new double[]{Math.log10(rates.get(i)), b.accuracy().get(i).mean()});
                }
                series.add(new Svg.Series(b.ordering(), pts));
            });
            sb.append(Svg.lines("Test accuracy by learning rate, " + within, "log10 learning rate", "test accuracy",
                    series));
            sb.append("<table class=\"rates\"><tr><th>ordering</th>");
            rates.forEach(x -> sb.append("<th>lr ").append(esc(Setting.rate(x))).append("</th>"));
            sb.append("<th>best rate</th><th>best minus next (p, unadjusted)</th></tr>");
            for (RateEffects.BestRate b : rows) {
                sb.append("<tr><td><code>").append(esc(b.ordering())).append("</code></td>");
                b.accuracy().forEach(a -> sb.append("<td class=\"num\">").append(num(a.mean())).append("<br><small>")
                        .append(num(a.low())).append(" .. ").append(num(a.high())).append("</small></td>"));
                sb.append("<td class=\"num\">").append(esc(Setting.rate(b.bestRate())))
                        .append("</td><td class=\"num\">").append(num(b.vsNext().estimate())).append(" (")
                        .append(num(b.vsNext().p())).append(")</td></tr>");
            }
            sb.append("</table>");
        }
        return sb.toString();
    }

    /** The best of each block against the best of a block with fewer elements, with simultaneous intervals. */
    static String ablations(Analysis.Result r) {
        if (r.blocks().isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("<h2>Ablations: what removing or replacing an element costs</h2><p>The "
                + "best class of a block minus the best of the block without the named elements (or with one element "
                + "replaced, e.g. average pooling for max pooling), both chosen from the data, with a simultaneous 95% "
                + "interval that allows for the choice (Bonferroni over every pair of classes, paired by seed). "
                + "Positive: the first block's element earns its place. Dark: the interval excludes zero.</p>");
        List<Svg.Bar> bars = new ArrayList<>();
        r.blocks().forEach(c -> bars.add(new Svg.Bar(c.change()
                + (c.within().isEmpty() ? "" : ", " + c.within()), c.estimate(), c.low(), c.high(),
                c.low() > 0 || c.high() < 0)));
        sb.append(Svg.bars("Best with minus best without", bars, "", true));
        sb.append("<table class=\"ablations\"><tr><th>setting</th><th>change</th><th>best before</th><th>best "
                + "after</th><th>seeds</th><th>difference</th><th>95% simultaneous</th><th>reading</th></tr>");
        double m = r.options().margin();
        for (BlockComparisons.Comparison c : r.blocks()) {
            String reading = c.reading(m);
            sb.append("<tr><td>").append(esc(c.within())).append("</td><td>")
                    .append(esc(c.change())).append("</td><td><code>").append(esc(c.bestLarger()))
                    .append("</code> ").append(num(c.meanLarger())).append("</td><td><code>")
                    .append(esc(c.bestSmaller())).append("</code> ").append(num(c.meanSmaller()))
                    .append("</td><td class=\"num\">").append(c.seeds()).append("</td><td class=\"num\">")
                    .append(num(c.estimate())).append("</td><td class=\"num\">").append(num(c.low())).append(" .. ")
                    .append(num(c.high())).append("</td><td>").append(reading).append("</td></tr>");
        }
        return sb.append("</table>").toString();
    }

    /** A p-value readable at any size: 0.0312, 3.2e-07. */
    private static String pValue(double p) {
        return Double.isNaN(p) ? "-" : p >= 1e-4 ? String.format(Locale.ROOT, "%.4f", p)
                : String.format(Locale.ROOT, "%.2g", p);
    }

    private static String num(double d) {
        return Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%.4f", d);
    }

    /** Mean test accuracy per epoch over seeds, from (setting label, ordering, epoch, accuracy) rows. */
    public static List<Curve> curves(List<Object[]> rows) {
        // setting label -> ordering -> epoch -> {sum, count}, each level sorted
        Map<String, Map<String, Map<Integer, double[]>>> acc = new TreeMap<>();
        for (Object[] r : rows) {
            acc.computeIfAbsent((String) r[0], k -> new TreeMap<>())
                    .computeIfAbsent((String) r[1], k -> new TreeMap<>())
                    .merge((Integer) r[2], new double[]{(Double) r[3], 1}, (a, b) -> new double[]{a[0] + b[0],
                            a[1] + b[1]});
        }
        List<Curve> out = new ArrayList<>();
        acc.forEach((setting, byOrdering) -> byOrdering.forEach((ordering, v) -> {
            List<double[]> pts = new ArrayList<>();
            v.forEach((e, s) -> pts.add(new double[]{e, s[0] / s[1]}));
            out.add(new Curve(setting, ordering, pts));
        }));
        return out;
    }

    /** The style a verdict is shown in (the report's stylesheet names these classes). */
    private static String cssClass(Findings.Verdict v) {
        return switch (v) {
            case SUPPORTED -> "supported";
            case REFUTED -> "refuted";
            case INCONCLUSIVE -> "inconclusive";
            case PARTLY -> "partly";
            case NOT_TESTED -> "not";
        };
    }
}
