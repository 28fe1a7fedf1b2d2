package org.ordersweep.analysis;

import org.ordersweep.config.ComparisonRule;
import org.ordersweep.domain.Element;
import org.ordersweep.domain.Ordering;
import org.ordersweep.plan.RaceExit;
import org.ordersweep.plan.SeedRace;
import org.ordersweep.plan.Setting;
import org.ordersweep.results.TrialRow;
import org.ordersweep.results.TrialStatus;
import org.ordersweep.stats.Stats;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What the results say, computed without Spark from the trials: per-class statistics with intervals; which classes
 * may be the best (Hsu's multiple comparisons with the best, valid for a best chosen from the same data) and, when
 * the control is swept, Dunnett's comparisons with it; precedence effects (does a before b matter?) with Holm's
 * correction across the pairs and tests against a margin; the speed/accuracy Pareto front. Only finished trials
 * (status ok) count; stopped, invalid, diverged and failed trials are counted separately.
 */
public final class Analysis {

    /** The canonical ordering most code uses: the default control. */
    public static final String CANONICAL = "conv>bn>act>pool>dropout";

    /**
     * @param margin     accuracy differences within +-margin are "little" (equivalence tests and verdicts)
     * @param marginWhy  how the margin was chosen, for the report
     * @param control    the ordering compared with every class, when swept
     * @param race       the seed race the sweep ran, or null: classes it eliminated are out of the best set; it is
     *                   replayed with its own rule
     * @param design     how the trials were chosen (every seed of every class, a seed race, successive halving)
     * @param comparison how the classes left are compared with the best and with the control
     */
    public record Options(double margin, String marginWhy, String control, SeedRace race, String design,
                          ComparisonRule comparison) {
        public static final Options DEFAULT = new Options(0.01, "0.01 (fixed)", CANONICAL, null,
                "every class at every seed", ComparisonRule.PAIRED);
    }

    /**
     * One class of orderings (its trained representative) in one setting ({@code label}: how the report names it).
     * {@code best} is Hsu's constrained
     * interval for the class's true mean minus the best of the others' ({@code bestP}: the smallest error rate at
     * which it would be ruled out); {@code belowBest} an upper bound, simultaneous with the set, on the class's true
     * mean minus the truly best class's (below -margin: worse by more than the margin); {@code vsBest} the plain,
     * unadjusted paired difference from the observed best, for reading only; {@code vsControl} Dunnett's adjusted
     * comparison with the control, or null.
     */
    public record OrderingStats(Setting setting, String label, Ordering ordering, String classId, int members,
                                Stats.Summary accuracy, Stats.Summary secondsPerEpoch, double inferenceSps,
                                int rank, Stats.Difference vsBest, double bestLow, double bestHigh, double bestP,
                                boolean mightBeBest, double belowBest, RaceExit raceExit, Stats.Difference vsControl,
                                boolean pareto) {
        public String activation() {
            return setting.activation();
        }

        /** Whether the class left the seed race (it then takes no part in the comparison with the best). */
        public boolean leftRace() {
            return raceExit != null;
        }

        /** Left the seed race because a trial of its did not end ok: no comparison ruled it out. */
        public boolean leftRaceNotOk() {
            return raceExit != null && raceExit.notOk();
        }

        /** Why the class left the seed race, as the tables write it; empty when it did not. */
        public String outOfRace() {
            return raceExit == null ? "" : raceExit.text();
        }
    }

    /**
     * The effect of {@code first} preceding {@code second}: classes with every member one way against classes with
     * every member the other way (a class with members both ways is left out, {@code classesBoth}), within one
     * setting. {@code p} is Holm-adjusted across every pair and setting; {@code margin} holds the raw equivalence and
     * beyond-margin p-values, {@code pEquivalent} and {@code pBeyond} their Holm adjustments. {@code sameContrastAs}
     * names the pairs whose contrast is exactly this one (the swept orderings do not separate them).
     */
    public record Precedence(Setting setting, String label, String first, String second, int orderingsBefore,
                             int orderingsAfter, int classesBoth, int seeds, Stats.Difference accuracy, double p,
                             Stats.MarginTest margin, double pEquivalent, double pBeyond, List<String> sameContrastAs,
                             Stats.Difference secondsPerEpoch) {
        public String pair() {
            return first + "/" + second;
        }

        /** Shown within +-margin: the Holm-adjusted equivalence test at alpha (the findings' and the report's rule). */
        public boolean shownWithinMargin() {
            return pEquivalent < Stats.ALPHA;
        }

        /** Shown beyond the margin: the Holm-adjusted test of |effect| > margin at alpha. */
        public boolean shownBeyondMargin() {
            return pBeyond < Stats.ALPHA;
        }

        public String activation() {
            return setting.activation();
        }
    }

    /**
     * Does the best ordering depend on {@code factor} (the activation, or the learning rate)? The interaction F test
     * of accuracy over factor x ordering (seeds as blocks), on the orderings trained at every level and the seeds
     * they share, with the rest of the setting fixed ({@code within}, e.g. "lr 0.001"; empty when nothing else
     * varies); and the best ordering at each level.
     */
    public record Interaction(String factor, String within, List<String> levels, int orderings, int seeds,
                              Stats.FTest test, Map<String, String> best) {
        public boolean significant() {
            return test.p() < Stats.ALPHA;
        }
    }

    /**
     * @param seeds     distinct seeds among the measured trials
     * @param bestSeeds per setting label, the seeds the best-set comparison used (shared by every class compared)
     * @param rates     each ordering's accuracy at every swept rate (empty with one rate)
     * @param blocks    the best of each block against the best of a block with fewer elements (empty without
     *                  ablations)
     * @param bnRates   claim 8's contrasts: raising the rate with bn against without it (empty unless swept)
     */
    public record Result(List<OrderingStats> orderings, List<Precedence> precedence, Map<String, Long> notOk,
                         int seeds, String test, List<Interaction> interactions, Options options,
                         Map<String, Integer> bestSeeds, List<RateEffects.BestRate> rates,
                         List<BlockComparisons.Comparison> blocks, List<RateEffects.BnContrast> bnRates) {
        /** The classes of one setting, by its label, best first. */
        public List<OrderingStats> of(String label) {
            return orderings.stream().filter(o -> o.label().equals(label)).toList();
        }

        public List<OrderingStats> mightBeBest(String label) {
            return of(label).stream().filter(OrderingStats::mightBeBest).toList();
        }

        /** The settings' labels in report order. */
        public List<String> labels() {
            return orderings.stream().map(OrderingStats::label).distinct().toList();
        }

        /** The interaction over activations of the first (block, rate), or null: what one-rate sweeps have. */
        public Interaction interaction() {
            return interactions.stream().filter(i -> i.factor().equals("activation")).findFirst().orElse(null);
        }
    }

    private Analysis() {
    }

    public static Result of(List<TrialRow> trials, Options options) {
        Map<String, Long> notOk = new TreeMap<>();
        trials.stream().filter(t -> t.representative() && !t.ok())
                .forEach(t -> notOk.merge(t.status().key(), 1L, Long::sum));
        List<TrialRow> measured = trials.stream().filter(t -> t.representative() && t.ok()).toList();
        int seeds = (int) measured.stream().mapToInt(t -> t.spec().seedIndex()).distinct().count();
        List<OrderingStats> orderings = new ArrayList<>();
        List<Precedence> precedence = new ArrayList<>();
        Map<String, Integer> bestSeeds = new TreeMap<>();
        String test = "";
        List<Setting> settings = measured.stream().map(TrialRow::setting).distinct().sorted().toList();
        Labels labels = Labels.of(settings);
        Map<Setting, PerOrdering> perSetting = new TreeMap<>();
        for (Setting setting : settings) {
            List<TrialRow> rows = measured.stream().filter(t -> t.setting().equals(setting)).toList();
            Map<String, Long> memberCount = new HashMap<>();
            int firstSeed = rows.get(0).spec().seedIndex();
            trials.stream().filter(t -> t.setting().equals(setting) && t.spec().seedIndex() == firstSeed)
                    .forEach(t -> memberCount.merge(t.spec().classId(), 1L, Long::sum));
            PerOrdering per = PerOrdering.of(rows);
            perSetting.put(setting, per);
            Map<String, Planned> planned = expand(trials, setting, per);
            Map<String, Set<Integer>> notOkSeeds = new HashMap<>();
            trials.stream().filter(t -> t.setting().equals(setting) && t.representative()
                            && (t.status() == TrialStatus.DIVERGED || t.status() == TrialStatus.FAILED))
                    .forEach(t -> notOkSeeds.computeIfAbsent(t.spec().ordering().key(),
                                    k -> new TreeSet<>())
                            .add(t.spec().seedIndex()));
            List<OrderingStats> stats = compare(setting, labels.of(setting), per, memberCount, planned, options,
                    bestSeeds, notOkSeeds);
            test = stats.size() < 2 ? test : stats.get(1).vsBest().test();
            orderings.addAll(stats);
            precedence.addAll(precedence(setting, labels.of(setting), planned, options.margin()));
        }
        return new Result(orderings, adjust(precedence), notOk, seeds, test,
                interactions(perSetting, orderings, labels), options, bestSeeds,
                RateEffects.bestRates(perSetting, labels), BlockComparisons.of(perSetting, labels),
                RateEffects.bnContrasts(perSetting, options.margin()));
    }

    /** How settings are named: the activation, with the rate and block only when the results vary them. */
    record Labels(boolean rates, boolean blocks) {
        static Labels of(Collection<Setting> settings) {
            return new Labels(Setting.ratesVary(settings), Setting.blocksVary(settings));
        }

        String of(Setting s) {
            return s.label(rates, blocks);
        }

        /** The fixed part of a setting when one dimension varies: e.g. "lr 0.001, conv+act" ("" when none). */
        String within(Setting s, boolean showActivation, boolean showRate, boolean showBlock) {
            List<String> parts = new ArrayList<>();
            if (showActivation) {
                parts.add(s.activation());
            }
            if (showRate && rates) {
                parts.add("lr " + Setting.rate(s.learningRate()));
            }
            if (showBlock && blocks) {
                parts.add(s.block());
            }
            return String.join(", ", parts);
        }
    }

    /**
     * Activation x ordering within each (block, rate), and learning rate x ordering within each (block, activation),
     * wherever two or more levels share two or more orderings and two or more seeds.
     */
    private static List<Interaction> interactions(Map<Setting, PerOrdering> perSetting, List<OrderingStats> stats,
                                                  Labels labels) {
        List<Interaction> out = new ArrayList<>();
        // In the settings' order (larger blocks first, rates ascending), as the report shows them.
        Map<String, Map<String, Setting>> byRate = new LinkedHashMap<>();
        Map<String, Map<String, Setting>> byActivation = new LinkedHashMap<>();
        for (Setting s : perSetting.keySet()) {
            byRate.computeIfAbsent(s.block() + " " + s.learningRate(), k -> new LinkedHashMap<>())
                    .put(s.activation(), s);
            byActivation.computeIfAbsent(s.block() + " " + s.activation(), k -> new LinkedHashMap<>())
                    .put(Setting.rate(s.learningRate()), s);
        }
        byRate.values().forEach(levels -> interaction("activation", levels, perSetting, stats,
                labels.within(levels.values().iterator().next(), false, true, true)).ifPresent(out::add));
        byActivation.values().forEach(levels -> interaction("learning rate", levels, perSetting, stats,
                labels.within(levels.values().iterator().next(), true, false, true)).ifPresent(out::add));
        return out;
    }

    private static Optional<Interaction> interaction(String factor, Map<String, Setting> levels,
                                                               Map<Setting, PerOrdering> perSetting,
                                                               List<OrderingStats> stats, String within) {
        if (levels.size() < 2) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>(levels.keySet());
        List<PerOrdering> per = names.stream().map(n -> perSetting.get(levels.get(n))).toList();
        Set<String> common = new TreeSet<>(per.get(0).bySeed().keySet());
        per.forEach(p -> common.retainAll(p.bySeed().keySet()));
        Set<Integer> seeds = RateEffects.sharedSeeds(per, common);
        if (common.size() < 2 || seeds.size() < 2) {
            return Optional.empty();
        }
        List<String> orderings = new ArrayList<>(common);
        List<Integer> seedList = new ArrayList<>(seeds);
        double[][][] x = new double[names.size()][orderings.size()][seedList.size()];
        for (int i = 0; i < names.size(); i++) {
            for (int j = 0; j < orderings.size(); j++) {
                for (int k = 0; k < seedList.size(); k++) {
                    x[i][j][k] = per.get(i).bySeed().get(orderings.get(j)).get(seedList.get(k))[0];
                }
            }
        }
        Map<String, String> best = new LinkedHashMap<>();
        for (String n : names) {
            stats.stream().filter(o -> o.setting().equals(levels.get(n))).findFirst()
                    .ifPresent(o -> best.put(n, o.ordering().key()));
        }
        return Optional.of(new Interaction(factor, within, names,
                orderings.size(), seedList.size(), Stats.interaction(x), best));
    }

    /** Accuracy and time per seed for each trained ordering, in a fixed order. */
    record PerOrdering(Map<String, TreeMap<Integer, double[]>> bySeed, Map<String, String> classIds,
                       Map<String, Double> inference, Map<String, Ordering> orderings) {
        static PerOrdering of(List<TrialRow> rows) {
            Map<String, TreeMap<Integer, double[]>> bySeed = new LinkedHashMap<>();
            Map<String, String> classIds = new HashMap<>();
            Map<String, Double> inference = new HashMap<>();
            Map<String, Ordering> orderings = new HashMap<>();
            for (TrialRow r : rows) {
                String name = r.spec().ordering().key();
                bySeed.computeIfAbsent(name, k -> new TreeMap<>())
                        .put(r.spec().seedIndex(), new double[]{r.testAccuracy(), r.trainSecondsPerEpoch()});
                classIds.put(name, r.spec().classId());
                inference.merge(name, r.inferenceSamplesPerSecond(), Double::sum);
                orderings.put(name, r.spec().ordering());
            }
            inference.replaceAll((o, sum) -> sum / bySeed.get(o).size()); // a mean over the ordering's seeds
            return new PerOrdering(bySeed, classIds, inference, orderings);
        }

        double[] column(String ordering, int i) {
            return bySeed.get(ordering).values().stream().mapToDouble(v -> v[i]).toArray();
        }
    }

    private static List<OrderingStats> compare(Setting setting, String label, PerOrdering per,
                                               Map<String, Long> members,
                                               Map<String, Planned> planned, Options options,
                                               Map<String, Integer> bestSeeds,
                                               Map<String, Set<Integer>> notOkSeeds) {
        List<String> names = new ArrayList<>(per.bySeed().keySet());
        Map<String, Stats.Summary> acc = new HashMap<>();
        Map<String, Stats.Summary> time = new HashMap<>();
        for (String o : names) {
            acc.put(o, Stats.summarize(per.column(o, 0)));
            time.put(o, Stats.summarize(per.column(o, 1)));
        }
        names.sort(Comparator.comparingDouble((String o) -> -acc.get(o).mean()).thenComparing(o -> o));
        String best = names.get(0);

        // Who takes part in the comparison with the best: every class, or those still in the seed race.
        Map<String, RaceExit> exits = new HashMap<>();
        List<String> compared = new ArrayList<>(names);
        if (options.race() != null) {
            Map<String, Map<Integer, Double>> bySeed = new LinkedHashMap<>();
            names.forEach(o -> {
                Map<Integer, Double> m = new TreeMap<>();
                per.bySeed().get(o).forEach((seed, v) -> m.put(seed, v[0]));
                notOkSeeds.getOrDefault(o, Set.of()).forEach(seed -> m.putIfAbsent(seed, Double.NaN));
                bySeed.put(o, m);
            });
            exits.putAll(options.race().replay(bySeed).exits());
            compared.removeIf(exits::containsKey);
        }
        Set<Integer> common = compared.isEmpty() ? new TreeSet<>()
                : new TreeSet<>(per.bySeed().get(compared.get(0)).keySet());
        compared.forEach(o -> common.retainAll(per.bySeed().get(o).keySet()));
        bestSeeds.put(label, common.size());
        double[][] x = compared.stream().map(o -> common.stream().mapToDouble(sd -> per.bySeed().get(o).get(sd)[0])
                .toArray()).toArray(double[][]::new);
        double alpha = options.race() != null ? options.race().roundAlpha() : Stats.ALPHA;
        Stats.Mcb mcb = common.isEmpty() ? null : options.comparison().withBest(x, alpha);
        Stats.VsControl control = null;
        int controlIndex = controlIndex(compared, per, planned, options.control());
        if (controlIndex >= 0 && common.size() >= 2) {
            control = options.comparison().withControl(x, controlIndex, Stats.ALPHA);
        }

        List<OrderingStats> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String o = names.get(i);
            // Rank with ties: one more than the orderings whose whole interval lies above this one's.
            Stats.Summary s = acc.get(o);
            int rank = 1 + (int) names.stream().filter(y -> !Double.isNaN(acc.get(y).low())
                    && !Double.isNaN(s.high()) && acc.get(y).low() > s.high()).count();
            if (Double.isNaN(s.high())) {
                rank = i + 1;
            }
            boolean pareto = names.stream().noneMatch(y -> dominates(acc.get(y), time.get(y), s, time.get(o)));
            int j = compared.indexOf(o);
            double low = j < 0 || mcb == null ? Double.NaN : mcb.lower()[j];
            double high = j < 0 || mcb == null ? Double.NaN : mcb.upper()[j];
            double pBest = j < 0 || mcb == null ? Double.NaN : mcb.p()[j];
            boolean mightBeBest = j >= 0 && (mcb == null || mcb.mightBeBest()[j]);
            double belowBest = j < 0 || mcb == null ? Double.NaN : mcb.belowBest()[j];
            Stats.Difference vsControl = control == null || j < 0 ? null : new Stats.Difference(
                    control.difference()[j], control.lower()[j], control.upper()[j], control.p()[j],
                    options.comparison() == ComparisonRule.PAIRED ? "paired t, bonferroni" : "dunnett");
            out.add(new OrderingStats(setting, label, per.orderings().get(o), per.classIds().get(o),
                    members.getOrDefault(per.classIds().get(o), 1L).intValue(), s, time.get(o),
                    per.inference().get(o), rank, i == 0 ? new Stats.Difference(0, Double.NaN, Double.NaN, Double.NaN,
                    "") : difference(per, o, best), low, high, pBest, mightBeBest, belowBest, exits.get(o), vsControl,
                    pareto));
        }
        return out;
    }

    /** The compared class whose members include the control ordering, or -1. */
    private static int controlIndex(List<String> compared, PerOrdering per, Map<String, Planned> planned,
                                    String control) {
        Planned p = control == null ? null : planned.get(control);
        if (p == null) {
            return -1;
        }
        for (int i = 0; i < compared.size(); i++) {
            if (per.classIds().get(compared.get(i)).equals(p.classId())) {
                return i;
            }
        }
        return -1;
    }

    /** Paired by seed when both sides have the same two or more seeds (common random numbers), else Welch. */
    static Stats.Difference difference(PerOrdering per, String a, String b) {
        return difference(per.bySeed().get(a), per.bySeed().get(b));
    }

    /** Accuracy (column 0) of a minus b, by seed: paired when both have the same two or more seeds, else Welch. */
    static Stats.Difference difference(Map<Integer, double[]> a, Map<Integer, double[]> b) {
        double[] x = a.values().stream().mapToDouble(v -> v[0]).toArray();
        double[] y = b.values().stream().mapToDouble(v -> v[0]).toArray();
        return a.keySet().equals(b.keySet()) && a.size() >= 2 ? Stats.paired(x, y) : Stats.welch(x, y);
    }

    private static boolean dominates(Stats.Summary accA, Stats.Summary timeA, Stats.Summary accB,
                                     Stats.Summary timeB) {
        return accA.mean() >= accB.mean() && timeA.mean() <= timeB.mean()
                && (accA.mean() > accB.mean() || timeA.mean() < timeB.mean());
    }

    /** A planned ordering (inheritors too) with its class and the class's accuracy and time per seed. */
    private record Planned(Ordering ordering, String classId, TreeMap<Integer, double[]> bySeed) {
        double mean(int i) {
            return bySeed.values().stream().mapToDouble(v -> v[i]).average().orElse(Double.NaN);
        }
    }

    private static Map<String, Planned> expand(List<TrialRow> all, Setting setting, PerOrdering per) {
        Map<String, String> trainedByClass = new HashMap<>();
        per.classIds().forEach((o, c) -> trainedByClass.put(c, o));
        Map<String, Planned> out = new TreeMap<>();
        for (TrialRow t : all) {
            String classId = t.spec().classId();
            String trained = trainedByClass.get(classId);
            if (t.setting().equals(setting) && trained != null) {
                Ordering o = t.spec().ordering();
                out.put(o.key(), new Planned(o, classId, per.bySeed().get(trained)));
            }
        }
        return out;
    }

    /**
     * Classes, not orderings, are the samples: members of a class share one measurement, and a class whose members
     * put a and b both ways says nothing about their order, so it is left out of that pair. With two or more seeds
     * shared by every class, the effect is paired by seed: per seed, the mean over classes with a before b minus the
     * mean over classes with b before a (common random numbers remove the seeds' share of the noise). Otherwise the
     * class means are compared as independent samples.
     */
    private static List<Precedence> precedence(Setting setting, String label, Map<String, Planned> byOrdering,
                                               double margin) {
        List<Precedence> out = new ArrayList<>();
        // A residual unit holds conv, bn and act twice: "a before b" has no single meaning there, and its
        // placements are compared as wholes (claim 11).
        if (byOrdering.isEmpty() || byOrdering.values().stream().anyMatch(p -> p.ordering().residualUnit())) {
            return out;
        }
        // One setting holds one block; each pair is judged on the orderings that contain both.
        Set<Element> elements = new TreeSet<>(Comparator.comparing(Element::key));
        byOrdering.values().forEach(p -> elements.addAll(p.ordering().elements()));
        List<Element> sorted = new ArrayList<>(elements);
        Map<String, String> contrasts = new LinkedHashMap<>(); // contrast -> first pair with it
        Map<String, List<String>> same = new LinkedHashMap<>();
        List<Object[]> found = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            for (int j = i + 1; j < sorted.size(); j++) {
                Element a = sorted.get(i);
                Element b = sorted.get(j);
                Map<String, Planned> before = new TreeMap<>();
                Map<String, Planned> after = new TreeMap<>();
                byOrdering.values().forEach(v -> {
                    Ordering o = v.ordering();
                    if (o.contains(a) && o.contains(b)) {
                        (o.puts(a, b) ? before : after).put(v.classId(), v);
                    }
                });
                Set<String> both = new TreeSet<>(before.keySet());
                both.retainAll(after.keySet());
                before.keySet().removeAll(both);
                after.keySet().removeAll(both);
                if (before.isEmpty() || after.isEmpty()) {
                    continue;
                }
                // The same two groups of classes, either way round, are one contrast under two names.
                String key = before.keySet() + "|" + after.keySet();
                String mirror = after.keySet() + "|" + before.keySet();
                String pair = a.key() + "/" + b.key();
                String first = contrasts.getOrDefault(key, contrasts.get(mirror));
                if (first == null) {
                    contrasts.put(key, pair);
                    same.put(pair, new ArrayList<>());
                } else {
                    same.get(first).add(pair);
                }
                found.add(new Object[]{a.key(), b.key(), before, after, both.size(), first == null ? pair : first});
            }
        }
        for (Object[] f : found) {
            @SuppressWarnings("unchecked") Map<String, Planned> before = (Map<String, Planned>) f[2];
            @SuppressWarnings("unchecked") Map<String, Planned> after = (Map<String, Planned>) f[3];
            String pair = f[0] + "/" + f[1];
            List<String> group = new ArrayList<>(same.get((String) f[5]));
            group.add((String) f[5]);
            group.remove(pair);
            Effect acc = effect(before, after, 0, margin);
            out.add(new Precedence(setting, label, (String) f[0], (String) f[1], before.size(), after.size(),
                    (int) f[4],
                    acc.seeds(), acc.difference(), Double.NaN, acc.margin(), Double.NaN, Double.NaN,
                    group.stream().sorted().toList(), effect(before, after, 1, margin).difference()));
        }
        return out;
    }

    /** Holm across every pair and setting, for each of the three questions asked of a precedence effect. */
    private static List<Precedence> adjust(List<Precedence> raw) {
        Stats.HolmAdjusted h = Stats.HolmAdjusted.of(raw, e -> e.accuracy().p(), Precedence::margin);
        List<Precedence> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            Precedence e = raw.get(i);
            out.add(new Precedence(e.setting(), e.label(), e.first(), e.second(), e.orderingsBefore(),
                    e.orderingsAfter(), e.classesBoth(), e.seeds(), e.accuracy(), h.p()[i], e.margin(),
                    h.equivalent()[i], h.beyond()[i], e.sameContrastAs(), e.secondsPerEpoch()));
        }
        return out;
    }

    private record Effect(Stats.Difference difference, Stats.MarginTest margin, int seeds) {
    }

    /** Column i (0 accuracy, 1 seconds per epoch) of the classes before minus those after. */
    private static Effect effect(Map<String, Planned> before, Map<String, Planned> after, int i, double margin) {
        Set<Integer> seeds = new TreeSet<>(before.values().iterator().next().bySeed().keySet());
        Stream.concat(before.values().stream(), after.values().stream())
                .forEach(p -> seeds.retainAll(p.bySeed().keySet()));
        if (seeds.size() >= 2) {
            double[] a = seedMeans(before, seeds, i);
            double[] b = seedMeans(after, seeds, i);
            return new Effect(Stats.paired(a, b), Stats.againstMargin(a, b, true, margin), seeds.size());
        }
        double[] a = before.values().stream().mapToDouble(p -> p.mean(i)).toArray();
        double[] b = after.values().stream().mapToDouble(p -> p.mean(i)).toArray();
        return new Effect(Stats.welch(a, b), Stats.againstMargin(a, b, false, margin), seeds.size());
    }

    /** For each seed, the mean of column i over the classes. */
    private static double[] seedMeans(Map<String, Planned> classes, Set<Integer> seeds, int i) {
        return seeds.stream().mapToDouble(s -> classes.values().stream().mapToDouble(p -> p.bySeed().get(s)[i])
                .average().orElse(Double.NaN)).toArray();
    }
}
