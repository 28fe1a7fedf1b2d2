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

    public record Result(List<OrderingStats> orderings, List<Precedence> precedence, Map<String, Long> notOk,
                         int seeds, String test) {
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
        for (String activation : measured.stream().map(TrialRecord::activation).distinct().sorted().toList()) {
            List<TrialRecord> rows = measured.stream().filter(t -> t.activation().equals(activation)).toList();
            Map<String, Long> memberCount = new HashMap<>();
            trials.stream().filter(t -> t.activation().equals(activation) && t.seed() == rows.get(0).seed())
                    .forEach(t -> memberCount.merge(t.classId(), 1L, Long::sum));
            PerOrdering per = PerOrdering.of(rows);
            List<OrderingStats> stats = compare(activation, per, memberCount);
            test = stats.isEmpty() ? test : stats.get(0).vsBest().test();
            orderings.addAll(stats);
            precedence.addAll(precedence(activation, expand(trials, activation, per)));
        }
        return new Result(orderings, precedence, notOk, seeds, test);
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

    /** A planned ordering (inheritors too) with its class and the class's mean accuracy and time. */
    private record Planned(String classId, double accuracy, double secondsPerEpoch) {
    }

    private static Map<String, Planned> expand(List<TrialRecord> all, String activation, PerOrdering per) {
        Map<String, String> trainedByClass = new HashMap<>();
        per.classIds().forEach((o, c) -> trainedByClass.put(c, o));
        Map<String, Planned> out = new TreeMap<>();
        for (TrialRecord t : all) {
            String trained = trainedByClass.get(t.classId());
            if (t.activation().equals(activation) && trained != null) {
                out.put(t.ordering(), new Planned(t.classId(), Stats.summarize(per.column(trained, 0)).mean(),
                        Stats.summarize(per.column(trained, 1)).mean()));
            }
        }
        return out;
    }

    /**
     * Classes, not orderings, are the samples: members of a class share one measurement. A pair that commutes puts
     * members of the same class on both sides, so its effect comes out as exactly zero.
     */
    private static List<Precedence> precedence(String activation, Map<String, Planned> byOrdering) {
        List<Precedence> out = new ArrayList<>();
        if (byOrdering.isEmpty()) {
            return out;
        }
        String[] elements = byOrdering.keySet().iterator().next().split(">");
        List<String> sorted = new ArrayList<>(List.of(elements));
        sorted.sort(Comparator.naturalOrder());
        for (int i = 0; i < sorted.size(); i++) {
            for (int j = i + 1; j < sorted.size(); j++) {
                String a = sorted.get(i);
                String b = sorted.get(j);
                Map<String, double[]> before = new TreeMap<>();
                Map<String, double[]> after = new TreeMap<>();
                byOrdering.forEach((o, v) -> {
                    List<String> e = List.of(o.split(">"));
                    (e.indexOf(a) < e.indexOf(b) ? before : after).put(v.classId(),
                            new double[]{v.accuracy(), v.secondsPerEpoch()});
                });
                if (before.isEmpty() || after.isEmpty()) {
                    continue;
                }
                out.add(new Precedence(activation, a, b, before.size(), after.size(),
                        Stats.welch(col(before, 0), col(after, 0)), Stats.welch(col(before, 1), col(after, 1))));
            }
        }
        return out;
    }

    private static double[] col(Map<String, double[]> rows, int i) {
        return rows.values().stream().mapToDouble(r -> r[i]).toArray();
    }
}
