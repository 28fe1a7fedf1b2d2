package org.ordersweep.train;

import org.ordersweep.config.SweepConfig;
import org.ordersweep.domain.InputShape;
import org.ordersweep.domain.Ordering;
import org.ordersweep.model.CostModel;
import org.ordersweep.plan.TrialSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The order trials start in: seed by seed, so that a sweep stopped early (a night's run ending) has every class
 * with its first seeds, not the costly classes with all of theirs and the cheap ones with none; within a seed the
 * costliest first, so that the cheapest trials fill the cores at the tail (stable: equal costs keep the plan's
 * order).
 */
final class StartOrder {

    private StartOrder() {
    }

    static List<TrialSpec> of(List<TrialSpec> specs, SweepConfig config, InputShape shape) {
        Map<Ordering, Double> cost = new HashMap<>();
        specs.forEach(t -> cost.computeIfAbsent(t.ordering(), o -> CostModel.trainFlopsOrInfinite(o, config.model(),
                shape)));
        List<TrialSpec> out = new ArrayList<>(specs);
        out.sort(Comparator.comparingInt(TrialSpec::seedIndex)
                .thenComparingDouble((TrialSpec t) -> -cost.get(t.ordering())));
        return out;
    }
}
