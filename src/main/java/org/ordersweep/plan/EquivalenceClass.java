package org.ordersweep.plan;

import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.Ordering;

import java.io.Serializable;
import java.util.List;

/**
 * Planned orderings that compute the same function for one activation: one turns into another by swapping adjacent
 * commuting elements. Only the representative is trained; the other members inherit its results.
 *
 * @param id             stable: a hash of the whole class over all permutations, whatever the constraints
 * @param representative the planned member with the lowest training cost
 * @param members        the planned members, representative first
 */
public record EquivalenceClass(String id, ActivationKind activation, Ordering representative, List<Ordering> members)
        implements Serializable {

    public EquivalenceClass {
        members = List.copyOf(members);
    }

    public List<Ordering> inheritors() {
        return members.subList(1, members.size());
    }
}
