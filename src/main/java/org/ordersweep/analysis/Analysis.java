package org.ordersweep.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the results say, computed without Spark from the trials: per-ordering statistics with intervals, tests
 * against the best ordering with Holm's correction, precedence effects (does a before b matter?) and the
 * speed/accuracy Pareto front. Only finished trials (status ok) count; stopped, invalid, diverged and failed trials
 * are counted separately.
 */
public final class Analysis {

    /** Orderings whose Holm-adjusted p against the best is at least this are "indistinguishable from the best". */
    public static final double ALPHA = 0.05;

    /** One class of orderings (its trained representative) for one activation. */
    public record OrderingStats(String activation, String ordering, String classId, int members,
                                Stats.Summary accuracy, Stats.Summary secondsPerEpoch, double inferenceSps,
                                int rank, Stats.Difference vsBest, double adjustedP, boolean indistinguishable,
                                boolean pareto) {
    }

    /** The effect of {@code first} preceding {@code second}, over every planned ordering that has both. */
    public record Precedence(String activation, String first, String second, int orderingsBefore,
                             int orderingsAfter, Stats.Difference accuracy, Stats.Difference secondsPerEpoch) {
    }

    /**
     * Does the best ordering depend on the activation? The interaction F test of accuracy over activation x ordering
     * (seeds as blocks), on the orderings trained under every swept activation and the seeds they share; and the
     * best ordering of each activation.
     */
    public record Interaction(List<String> activations, int orderings, int seeds, Stats.FTest test,
                              Map<String, String> best) {
        public boolean significant() {
            return test.p() < ALPHA;
        }
    }

    public record Result(List<OrderingStats> orderings, List<Precedence> precedence, Map<String, Long> notOk,
                         int seeds, String test, Interaction interaction) {
        public List<OrderingStats> of(String activation) {
            return orderings.stream().filter(o -> o.activation().equals(activation)).toList();
        }
    }

    private Analysis() {
    }

    public static Result of(List<TrialRecord> trials) {
        Map<String, Long> notOk = new TreeMap<>();
        trials.stream().filter(t -> t.representative() && !t.ok())
                .forEach(t -> notOk.merge(t.status(), 1L, Long::sum));
        List<TrialRecord> measured = trials.stream().filter(t -> t.representative() && t.ok()).toList();
        int seeds = (int) measured.stream().mapToInt(TrialRecord::seed).distinct().count();
        List<OrderingStats> orderings = new ArrayList<>();
        List<Precedence> precedence = new ArrayList<>();
        String test = "";
        Map<String, PerOrdering> perActivation = new TreeMap<>();
        for (String activation : measured.stream().map(TrialRecord::activation).distinct().sorted().toList()) {
            List<TrialRecord> rows = measured.stream().filter(t -> t.activation().equals(activation)).toList();
            Map<String, Long> memberCount = new HashMap<>();
            trials.stream().filter(t -> t.activation().equals(activation) && t.seed() == rows.get(0).seed())
                    .forEach(t -> memberCount.merge(t.classId(), 1L, Long::sum));
            PerOrdering per = PerOrdering.of(rows);
            perActivation.put(activation, per);
            List<OrderingStats> stats = compare(activation, per, memberCount);
            test = stats.isEmpty() ? test : stats.get(0).vsBest().test();
            orderings.addAll(stats);
            precedence.addAll(precedence(activation, expand(trials, activation, per)));
        }
        return new Result(orderings, precedence, notOk, seeds, test, interaction(perActivation, orderings));
    }

    /** Null unless two or more activations share two or more orderings and two or more seeds. */
    private static Interaction interaction(Map<String, PerOrdering> perActivation, List<OrderingStats> stats) {
        if (perActivation.size() < 2) {
            return null;
        }
        List<String> activations = new ArrayList<>(perActivation.keySet());
        java.util.Set<String> common = new java.util.TreeSet<>(perActivation.get(activations.get(0)).bySeed()
                .keySet());
        perActivation.values().forEach(p -> common.retainAll(p.bySeed().keySet()));
        java.util.Set<Integer> seeds = null;
        for (PerOrdering p : perActivation.values()) {
            for (String o : common) {
                if (seeds == null) {
                    seeds = new java.util.TreeSet<>(p.bySeed().get(o).keySet());
                } else {
                    seeds.retainAll(p.bySeed().get(o).keySet());
                }
            }
        }
        if (common.size() < 2 || seeds == null || seeds.size() < 2) {
            return null;
        }
        List<String> orderings = new ArrayList<>(common);
        List<Integer> seedList = new ArrayList<>(seeds);
        double[][][] x = new double[activations.size()][orderings.size()][seedList.size()];
        for (int i = 0; i < activations.size(); i++) {
            for (int j = 0; j < orderings.size(); j++) {
                for (int k = 0; k < seedList.size(); k++) {
                    x[i][j][k] = perActivation.get(activations.get(i)).bySeed().get(orderings.get(j))
                            .get(seedList.get(k))[0];
                }
            }
        }
        Map<String, String> best = new LinkedHashMap<>();
        for (String a : activations) {
            stats.stream().filter(o -> o.activation().equals(a)).findFirst().ifPresent(o -> best.put(a,
                    o.ordering()));
        }
        return new Interaction(activations, orderings.size(), seedList.size(), Stats.interaction(x), best);
    }

    /** Accuracy and time per seed for each trained ordering, in a fixed order. */
    record PerOrdering(Map<String, TreeMap<Integer, double[]>> bySeed, Map<String, String> classIds,
                       Map<String, Double> inference) {
        static PerOrdering of(List<TrialRecord> rows) {
            Map<String, TreeMap<Integer, double[]>> bySeed = new LinkedHashMap<>();
            Map<String, String> classIds = new HashMap<>();
            Map<String, Double> inference = new HashMap<>();
            for (TrialRecord r : rows) {
                bySeed.computeIfAbsent(r.ordering(), k -> new TreeMap<>())
                        .put(r.seed(), new double[]{r.accuracy(), r.secondsPerEpoch()});
                classIds.put(r.ordering(), r.classId());
                inference.merge(r.ordering(), r.inferenceSamplesPerSecond(), (a, b) -> (a + b) / 2);
            }
            return new PerOrdering(bySeed, classIds, inference);
        }

        double[] column(String ordering, int i) {
            return bySeed.get(ordering).values().stream().mapToDouble(v -> v[i]).toArray();
        }
    }

    private static List<OrderingStats> compare(String activation, PerOrdering per, Map<String, Long> members) {
        List<String> names = new ArrayList<>(per.bySeed().keySet());
        Map<String, Stats.Summary> acc = new HashMap<>();
        Map<String, Stats.Summary> time = new HashMap<>();
        for (String o : names) {
            acc.put(o, Stats.summarize(per.column(o, 0)));
            time.put(o, Stats.summarize(per.column(o, 1)));
        }
        names.sort(Comparator.comparingDouble((String o) -> -acc.get(o).mean()).thenComparing(o -> o));
        String best = names.get(0);
        Map<String, Stats.Difference> vs = new HashMap<>();
        double[] p = new double[names.size()];
        for (int i = 0; i < names.size(); i++) {
            String o = names.get(i);
            vs.put(o, difference(per, o, best)); // this ordering minus the best: negative = worse
            p[i] = i == 0 ? Double.NaN : vs.get(o).p();
        }
        double[] adjusted = Stats.holm(p);
        List<OrderingStats> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String o = names.get(i);
            // Rank with ties: one more than the orderings whose whole interval lies above this one's.
            Stats.Summary s = acc.get(o);
            int rank = 1 + (int) names.stream().filter(x -> !Double.isNaN(acc.get(x).low())
                    && !Double.isNaN(s.high()) && acc.get(x).low() > s.high()).count();
            if (Double.isNaN(s.high())) {
                rank = i + 1;
            }
            boolean same = i == 0 || !(adjusted[i] < ALPHA);
            boolean pareto = names.stream().noneMatch(x -> dominates(acc.get(x), time.get(x), s, time.get(o)));
            out.add(new OrderingStats(activation, o, per.classIds().get(o),
                    members.getOrDefault(per.classIds().get(o), 1L).intValue(), s, time.get(o),
                    per.inference().get(o), rank, vs.get(o), adjusted[i], same, pareto));
        }
        return out;
    }

    /** Paired by seed when both sides have the same two or more seeds (common random numbers), else Welch. */
    static Stats.Difference difference(PerOrdering per, String a, String b) {
        if (per.bySeed().get(a).keySet().equals(per.bySeed().get(b).keySet()) && per.bySeed().get(a).size() >= 2) {
            return Stats.paired(per.column(a, 0), per.column(b, 0));
        }
        return Stats.welch(per.column(a, 0), per.column(b, 0));
    }

    private static boolean dominates(Stats.Summary accA, Stats.Summary timeA, Stats.Summary accB,
                                     Stats.Summary timeB) {
        return accA.mean() >= accB.mean() && timeA.mean() <= timeB.mean()
                && (accA.mean() > accB.mean() || timeA.mean() < timeB.mean());
    }

    /** A planned ordering (inheritors too) with its class and the class's accuracy and time per seed. */
    private record Planned(String classId, TreeMap<Integer, double[]> bySeed) {
        double mean(int i) {
            return bySeed.values().stream().mapToDouble(v -> v[i]).average().orElse(Double.NaN);
        }
    }

    private static Map<String, Planned> expand(List<TrialRecord> all, String activation, PerOrdering per) {
        Map<String, String> trainedByClass = new HashMap<>();
        per.classIds().forEach((o, c) -> trainedByClass.put(c, o));
        Map<String, Planned> out = new TreeMap<>();
        for (TrialRecord t : all) {
            String trained = trainedByClass.get(t.classId());
            if (t.activation().equals(activation) && trained != null) {
                out.put(t.ordering(), new Planned(t.classId(), per.bySeed().get(trained)));
            }
        }
        return out;
    }

    /**
     * Classes, not orderings, are the samples: members of a class share one measurement. A pair that commutes puts
     * members of the same class on both sides, so its effect comes out as exactly zero. With two or more seeds shared
     * by every class, the effect is paired by seed: per seed, the mean over classes with a before b minus the mean
     * over classes with b before a, and a t interval over seeds (common random numbers remove the seeds' share of the
     * noise). Otherwise the class means are compared with Welch's test.
     */
    private static List<Precedence> precedence(String activation, Map<String, Planned> byOrdering) {
        List<Precedence> out = new ArrayList<>();
        if (byOrdering.isEmpty()) {
            return out;
        }
        // Every element of any analysed ordering (a folder can hold sweeps of different blocks): each pair is judged
        // only on the orderings that contain both.
        java.util.Set<String> elements = new java.util.TreeSet<>();
        byOrdering.keySet().forEach(o -> elements.addAll(List.of(o.split(">"))));
        List<String> sorted = new ArrayList<>(elements);
        for (int i = 0; i < sorted.size(); i++) {
            for (int j = i + 1; j < sorted.size(); j++) {
                String a = sorted.get(i);
                String b = sorted.get(j);
                Map<String, Planned> before = new TreeMap<>();
                Map<String, Planned> after = new TreeMap<>();
                byOrdering.forEach((o, v) -> {
                    List<String> e = List.of(o.split(">"));
                    if (e.contains(a) && e.contains(b)) {
                        (e.indexOf(a) < e.indexOf(b) ? before : after).put(v.classId(), v);
                    }
                });
                if (before.isEmpty() || after.isEmpty()) {
                    continue;
                }
                out.add(new Precedence(activation, a, b, before.size(), after.size(), effect(before, after, 0),
                        effect(before, after, 1)));
            }
        }
        return out;
    }

    /** Column i (0 accuracy, 1 seconds per epoch) of the classes before minus those after. */
    private static Stats.Difference effect(Map<String, Planned> before, Map<String, Planned> after, int i) {
        java.util.Set<Integer> seeds = before.values().iterator().next().bySeed().keySet();
        boolean shared = seeds.size() >= 2 && java.util.stream.Stream.concat(before.values().stream(),
                after.values().stream()).allMatch(p -> p.bySeed().keySet().equals(seeds));
        if (shared) {
            return Stats.paired(seedMeans(before, seeds, i), seedMeans(after, seeds, i));
        }
        return Stats.welch(before.values().stream().mapToDouble(p -> p.mean(i)).toArray(),
                after.values().stream().mapToDouble(p -> p.mean(i)).toArray());
    }

    /** For each seed, the mean of column i over the classes. */
    private static double[] seedMeans(Map<String, Planned> classes, java.util.Set<Integer> seeds, int i) {
        return seeds.stream().mapToDouble(s -> classes.values().stream().mapToDouble(p -> p.bySeed().get(s)[i])
                .average().orElse(Double.NaN)).toArray();
    }
}
