package org.ordersweep.plan;

import org.ordersweep.config.SweepConfig;
import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.Constraint;
import org.ordersweep.domain.Element;
import org.ordersweep.domain.Ordering;
import org.ordersweep.domain.Orderings;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * What a sweep trains: the orderings of each block that pass the constraints, grouped per activation into equivalence
 * classes (or one class per ordering when deduplication is off), one trial per class representative, learning rate
 * and seed.
 */
public record SweepPlan(List<Ordering> orderings, List<ActivationKind> activations, List<Double> learningRates,
                        int seeds, long masterSeed, List<EquivalenceClass> classes, List<TrialSpec> trials) {

    /**
     * Classes among the planned orderings: two orderings share one when they are equivalent under every swept
     * activation (with one activation, simply its classes; without deduplication, one per ordering).
     */
    public int orderingClassCount() {
        Map<Ordering, List<String>> signature = new HashMap<>();
        for (EquivalenceClass c : classes) {
            for (Ordering o : c.members()) {
                signature.computeIfAbsent(o, k -> new ArrayList<>()).add(c.id());
            }
        }
        return new HashSet<>(signature.values()).size();
    }

    /**
     * Planned (ordering, activation, learning rate, seed) combinations, trained or inherited: every class member at
     * every rate and seed (activations may sweep different orderings, see {@link Constraint}).
     */
    public int plannedCombinations() {
        return classes.stream().mapToInt(c -> c.members().size()).sum() * learningRates.size() * seeds;
    }

    /** Planned orderings per activation, in the plan's activation order. */
    public Map<ActivationKind, Integer> orderingsPerActivation() {
        Map<ActivationKind, Integer> out = new LinkedHashMap<>();
        activations.forEach(a -> out.put(a, 0));
        classes.forEach(c -> out.merge(c.activation(), c.members().size(), Integer::sum));
        return out;
    }

    /** "24 orderings x 2 activations", or "relu 24 + mish 6 orderings" when the activations sweep different ones. */
    public String orderingsTimesActivations() {
        var per = orderingsPerActivation();
        if (per.values().stream().distinct().count() <= 1) {
            return orderings.size() + " orderings x " + activations.size() + " activations";
        }
        return per.entrySet().stream().map(e -> e.getKey().key() + " " + e.getValue())
                .collect(Collectors.joining(" + ")) + " orderings";
    }

    public static SweepPlan of(SweepConfig config, ToDoubleFunction<Ordering> cost) {
        var sweep = config.sweep();
        return of(sweep.blocks(), sweep.parsedConstraints(), sweep.orderings().stream().map(Ordering::parse).toList(),
                sweep.activations(), sweep.learningRates(), sweep.seeds(), sweep.masterSeed(), sweep.dedupe(),
                config.model().dropout(), cost);
    }

    /** One block, one learning rate (0.001). */
    public static SweepPlan of(List<Element> block, List<Constraint> constraints, List<Ordering> chosen,
                               List<ActivationKind> activations, int seeds, long masterSeed, boolean dedupe,
                               double dropoutRate, ToDoubleFunction<Ordering> cost) {
        return of(List.of(block), constraints, chosen, activations, List.of(1e-3), seeds, masterSeed, dedupe,
                dropoutRate, cost);
    }

    /**
     * @param blocks each block's permutations are swept (an ablation lists several); a constraint naming an element a
     *               block lacks does not apply to that block
     * @param chosen orderings to sweep instead of every permutation of the blocks (empty = all); constraints still
     *               apply
     */
    public static SweepPlan of(List<List<Element>> blocks, List<Constraint> constraints, List<Ordering> chosen,
                               List<ActivationKind> activations, List<Double> learningRates, int seeds,
                               long masterSeed, boolean dedupe, double dropoutRate, ToDoubleFunction<Ordering> cost) {
        List<Ordering> candidates = new ArrayList<>();
        if (chosen.isEmpty()) {
            blocks.forEach(b -> candidates.addAll(Orderings.enumerate(b, List.of())));
        } else {
            candidates.addAll(chosen);
        }
        List<EquivalenceClass> classes = new ArrayList<>();
        Set<Ordering> planned = new HashSet<>();
        for (ActivationKind a : activations) {
            // A constraint for one activation narrows only its orderings; every other applies to all.
            List<Ordering> own = candidates.stream().filter(o -> constraints.stream()
                    .allMatch(c -> !c.appliesTo(a) || c.test(o))).toList();
            planned.addAll(own);
            // A residual unit's placements are all different functions (neither act nor bn commutes with the
            // addition): each is its own class.
            classes.addAll(dedupe && own.stream().noneMatch(Ordering::residualUnit)
                    ? EquivalenceClasses.of(own, a, EquivalenceClasses.commuting(a, dropoutRate), cost)
                    : EquivalenceClasses.singletons(own, a));
        }
        List<Ordering> orderings = candidates.stream().filter(planned::contains).toList();
        return new SweepPlan(orderings, List.copyOf(activations), List.copyOf(learningRates), seeds,
                masterSeed, List.of(), List.of()).withClasses(classes);
    }

    /** The same plan with other classes (e.g. after verification split some), its trials derived anew. */
    public SweepPlan withClasses(List<EquivalenceClass> newClasses) {
        List<TrialSpec> trials = new ArrayList<>();
        // Seed-major order: a sweep stopped early has every class with its first seeds rather than a few classes
        // with all of them.
        // Seeds are shared by every class and rate: results pair by seed across orderings and rates alike.
        for (int s = 0; s < seeds; s++) {
            long rngSeed = Seeds.derive(masterSeed, s);
            for (double rate : learningRates) {
                for (EquivalenceClass c : newClasses) {
                    trials.add(new TrialSpec(c.representative(), c.activation(), rate, s, rngSeed, c.id(),
                            c.inheritors()));
                }
            }
        }
        return new SweepPlan(orderings, activations, learningRates, seeds, masterSeed, List.copyOf(newClasses),
                List.copyOf(trials));
    }
}
