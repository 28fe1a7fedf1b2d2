package org.ordersweep.analysis;

import org.junit.jupiter.api.Test;
import org.ordersweep.domain.Element;
import org.ordersweep.domain.Ordering;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The speed comparisons behind claims 1 and 2, on timings whose ratios are known. */
class TimedOrderingsTest {

    private static final TimedOrderings T = new TimedOrderings(List.of(
            // class A: pool first is twice as fast to train, 1.5x to infer
            member("kA", "conv>pool>act", 300, 200),
            member("kA", "conv>act>pool", 200, 100),
            // class B: two pool-first members (mean 150) against one act-first (100)
            member("kB", "pool>act>conv", 100, 140),
            member("kB", "pool>conv>act", 100, 160),
            member("kB", "act>pool>conv", 100, 100),
            // a class with one side only, and one without timing
            member("kC", "act>conv>pool", 100, 100),
            member("kD", "pool>act", Double.NaN, Double.NaN)));

    private static TimedOrderings.Member member(String classId, String ordering, double inference, double training) {
        return new TimedOrderings.Member("relu", classId, Ordering.parse(ordering), inference, training);
    }

    @Test
    void withinAClassPoolFirstAgainstActFirst() {
        TimedOrderings.Ratio train = T.withinClass(Element.POOL, Element.ACT, true);
        assertEquals(2, train.groups());
        assertEquals(1.75, train.median(), 1e-12); // ratios 2.0 and 1.5
        assertEquals(1.5, train.low(), 1e-12);
        assertEquals(2.0, train.high(), 1e-12);
        assertEquals(1.25, T.withinClass(Element.POOL, Element.ACT, false).median(), 1e-12); // 1.5 and 1.0
    }

    @Test
    void acrossOrderingsThatSwapJustThePair() {
        // conv>pool>act vs conv>act>pool (200/100), pool>act>conv vs act>pool>conv (140/100) and pool>conv>act vs
        // act>conv>pool (160/100): median 1.6.
        TimedOrderings.Ratio r = T.swapped(Element.POOL, Element.ACT, true);
        assertEquals(3, r.groups());
        assertEquals(1.6, r.median(), 1e-12);
        assertFalse(new TimedOrderings(List.of()).swapped(Element.BN, Element.POOL, true).measured());
    }
}
