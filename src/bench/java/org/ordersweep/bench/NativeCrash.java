package org.ordersweep.bench;

import java.lang.reflect.Field;

/** A real native crash (a write to address 0), for the soak's test of its own crash report. */
final class NativeCrash {

    private NativeCrash() {
    }

    static void now() {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            ((sun.misc.Unsafe) f.get(null)).putAddress(0L, 42L);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no Unsafe to crash with", e);
        }
    }
}
