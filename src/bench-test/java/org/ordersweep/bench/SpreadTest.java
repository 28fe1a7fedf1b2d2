package org.ordersweep.bench;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpreadTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValueAndRunsKeepTheirOrder() {
        Spread s = Spread.of(List.of(5.0, 1.0, 3.0));
        assertEquals(3.0, s.median());
        assertEquals(1.0, s.min());
        assertEquals(5.0, s.max());
        assertEquals(List.of(5.0, 1.0, 3.0), s.runs());
    }

    @Test
    void medianOfAnEvenCountAveragesTheTwoMiddleValues() {
        assertEquals(2.5, Spread.of(List.of(4.0, 1.0, 2.0, 3.0)).median());
    }

    @Test
    void nonFiniteRunsAreLeftOutAndNothingLeftIsNone() {
        Spread s = Spread.of(Arrays.asList(2.0, Double.NaN, null, Double.POSITIVE_INFINITY, 4.0));
        assertEquals(3.0, s.median());
        assertEquals(2, s.runs().size());
        assertSame(Spread.NONE, Spread.of(List.of(Double.NaN)));
        assertTrue(Spread.of(List.of()).isEmpty());
    }

    @Test
    void scalingAndRatiosOfMedians() {
        Spread sps = Spread.of(List.of(100.0, 200.0, 300.0));
        Spread gflops = sps.times(0.5);
        assertEquals(100.0, gflops.median());
        assertEquals(150.0, gflops.max());
        assertEquals(2.0, sps.medianOver(gflops));
        assertTrue(Double.isNaN(sps.medianOver(Spread.NONE)));
        assertTrue(Double.isNaN(Spread.NONE.medianOver(sps)));
        assertTrue(Spread.NONE.times(2).isEmpty());
    }
}
