package org.ordersweep.plan;

import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.Ordering;

import java.io.Serializable;
import java.util.List;

/**
 * One training run of the sweep: an ordering (its class's representative) with an activation, a learning rate and a
 * seed.
 *
 * @param learningRate the Adam rate this trial trains with (one of sweep.learning-rates, else train.learning-rate)
 * @param seedIndex  which of the sweep's seeds (0-based); every ordering shares the same seeds, so results can be
 *                   paired by seed index
 * @param rngSeed    the seed for weights, data order and dropout, derived from the master seed and the seed index
 * @param classId    the equivalence class the ordering represents
 * @param inheritors the other planned orderings of the class, which are not trained and inherit this result
 */
public record TrialSpec(Ordering ordering, ActivationKind activation, double learningRate, int seedIndex, long rngSeed,
                        String classId, List<Ordering> inheritors) implements Serializable {

    public TrialSpec {
        inheritors = List.copyOf(inheritors);
    }

    /** The same trial for another member of the class: identical except for the ordering. */
    public TrialSpec forMember(Ordering member) {
        return new TrialSpec(member, activation, learningRate, seedIndex, rngSeed, classId, List.of());
    }

    public String label() {
        return ordering.name() + " " + activation.key() + " lr " + Setting.rate(learningRate) + " seed " + seedIndex;
    }

    /** What this trial's class is ranked under (block, activation, rate). */
    public Setting setting() {
        return Setting.of(ordering, activation.key(), learningRate);
    }

    /** Its class within its setting: the unit racing and halving keep or stop. */
    public ClassKey classKey() {
        return new ClassKey(setting(), classId);
    }
}
