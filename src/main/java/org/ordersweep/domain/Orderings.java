package org.ordersweep.domain;

import java.util.ArrayList;
import java.util.List;

/** Enumerates every permutation of a block's elements, keeping those that satisfy all constraints. */
public final class Orderings {

    private Orderings() {
    }

    /** All permutations in lexicographic order of the block's positions, filtered by the constraints. */
    public static List<Ordering> enumerate(List<Element> block, List<Constraint> constraints) {
        List<Ordering> out = new ArrayList<>();
        permute(new ArrayList<>(block), 0, out);
        out.removeIf(o -> !constraints.stream().allMatch(c -> c.test(o)));
        return out;
    }

    private static void permute(List<Element> items, int from, List<Ordering> out) {
        if (from == items.size()) {
            out.add(new Ordering(items));
            return;
        }
        // Rotate each remaining item to the front so the output stays in lexicographic order.
        for (int i = from; i < items.size(); i++) {
            List<Element> next = new ArrayList<>(items);
            next.add(from, next.remove(i));
            permute(next, from + 1, out);
        }
    }
}
