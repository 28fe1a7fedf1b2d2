package org.ordersweep.plan;

import java.util.Comparator;

/**
 * A class of equivalent orderings within its setting: the unit the seed race and successive halving keep or stop.
 * Ordered by the setting's key, then the class id.
 */
public record ClassKey(Setting setting, String classId) implements Comparable<ClassKey> {

    private static final Comparator<ClassKey> ORDER = Comparator.comparing((ClassKey k) -> k.setting().key())
            .thenComparing(ClassKey::classId);

    @Override
    public int compareTo(ClassKey o) {
        return ORDER.compare(this, o);
    }

    /** Stable text for logs: the setting's key and the class id. */
    @Override
    public String toString() {
        return setting.key() + " " + classId;
    }
}
