package org.ordersweep.plan;

import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.Element;
import org.ordersweep.domain.Ordering;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.ToDoubleFunction;

/** Groups orderings into classes of the same function: the closure of swapping adjacent commuting elements. */
public final class EquivalenceClasses {

    private EquivalenceClasses() {
    }

    /** Commuting pairs for an activation and dropout rate, as derived by {@link Commutation}. */
    public static BiPredicate<Element, Element> commuting(ActivationKind f, double dropoutRate) {
        return (a, b) -> Commutation.of(a, b, f, dropoutRate).commutes();
    }

    /**
     * @param planned   the orderings to group, in plan order
     * @param commute   which adjacent elements may swap
     * @param cost      training cost of an ordering; the cheapest planned member represents its class (ties: plan
     *                  order)
     */
    public static List<EquivalenceClass> of(List<Ordering> planned, ActivationKind activation,
                                            BiPredicate<Element, Element> commute, ToDoubleFunction<Ordering> cost) {
        Map<Ordering, Integer> position = new HashMap<>();
        for (int i = 0; i < planned.size(); i++) {
            position.put(planned.get(i), i);
        }
        Set<Ordering> assigned = new HashSet<>();
        List<EquivalenceClass> out = new ArrayList<>();
        for (Ordering start : planned) {
            if (assigned.contains(start)) {
                continue;
            }
            // The closure runs over all permutations, planned or not: two planned orderings may be linked only
            // through one the constraints removed, and they still compute the same function.
            Set<Ordering> closure = closure(start, commute);
            List<Ordering> members = new ArrayList<>();
            for (Ordering o : closure) {
                if (position.containsKey(o)) {
                    members.add(o);
                }
            }
            members.sort(Comparator.comparingDouble(cost::applyAsDouble).thenComparing(position::get));
            assigned.addAll(members);
            out.add(new EquivalenceClass(classId(closure), activation, members.get(0), members));
        }
        return out;
    }

    /** Every ordering as its own class: what the sweep trains when deduplication is off. */
    public static List<EquivalenceClass> singletons(List<Ordering> planned, ActivationKind activation) {
        List<EquivalenceClass> out = new ArrayList<>();
        for (Ordering o : planned) {
            out.add(new EquivalenceClass(classId(Set.of(o)), activation, o, List.of(o)));
        }
        return out;
    }

    static Set<Ordering> closure(Ordering start, BiPredicate<Element, Element> commute) {
        Set<Ordering> seen = new HashSet<>();
        Deque<Ordering> todo = new ArrayDeque<>();
        seen.add(start);
        todo.add(start);
        while (!todo.isEmpty()) {
            List<Element> e = todo.poll().elements();
            for (int i = 0; i + 1 < e.size(); i++) {
                if (commute.test(e.get(i), e.get(i + 1))) {
                    List<Element> swapped = new ArrayList<>(e);
                    swapped.set(i, e.get(i + 1));
                    swapped.set(i + 1, e.get(i));
                    Ordering next = new Ordering(swapped);
                    if (seen.add(next)) {
                        todo.add(next);
                    }
                }
            }
        }
        return seen;
    }

    /** A short hash of the sorted member keys: the same class gets the same id in every sweep. */
    static String classId(Set<Ordering> members) {
        TreeSet<String> keys = new TreeSet<>();
        members.forEach(o -> keys.add(o.key()));
        return "k" + TrialIds.sha256(String.join("|", keys)).substring(0, 10);
    }
}
