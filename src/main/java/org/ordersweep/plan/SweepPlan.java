package org.ordersweep.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

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
        java.util.Map<Ordering, List<String>> signature = new java.util.HashMap<>();
        for (EquivalenceClass c : classes) {
            for (Ordering o : c.members()) {
                signature.computeIfAbsent(o, k -> new ArrayList<>()).add(c.id());
            }
        }
        return new java.util.HashSet<>(signature.values()).size();
    }

    /** Planned (ordering, activation, learning rate, seed) combinations, trained or inherited. */
    public int plannedCombinations() {
        return orderings.size() * activations.size() * learningRates.size() * seeds;
    }

    public static SweepPlan of(org.ordersweep.config.SweepConfig config, ToDoubleFunction<Ordering> cost) {
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
        List<Ordering> orderings = new ArrayList<>();
        if (chosen.isEmpty()) {
            blocks.forEach(b -> orderings.addAll(Orderings.enumerate(b, List.of())));
        } else {
            orderings.addAll(chosen);
        }
        orderings.removeIf(o -> !constraints.stream().allMatch(c -> c.test(o)));
        List<EquivalenceClass> classes = new ArrayList<>();
        for (ActivationKind a : activations) {
            classes.addAll(dedupe
                    ? EquivalenceClasses.of(orderings, a, EquivalenceClasses.commuting(a, dropoutRate), cost)
                    : EquivalenceClasses.singletons(orderings, a));
        }
        return new SweepPlan(List.copyOf(orderings), List.copyOf(activations), List.copyOf(learningRates), seeds,
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
