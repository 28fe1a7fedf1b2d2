package org.ordersweep.train;

import org.junit.jupiter.api.Test;
import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.Ordering;
import org.ordersweep.plan.TrialSpec;
import org.ordersweep.results.EpochRow;
import org.ordersweep.results.TrialOutcome;
import org.ordersweep.results.TrialRow;
import org.ordersweep.results.TrialStatus;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The share of the cores' time a training phase spent in its trials' epochs and evaluations, from known seconds. */
class CoreTimeTest {

    private static final TrialSpec SPEC = new TrialSpec(Ordering.parse("conv>act>pool"), ActivationKind.RELU, 0.001, 0,
            1L, "k", List.of());
    private static final long SECOND = 1_000_000_000L;

    private static TrialOutcome outcome(String trialId, EpochRow... epochs) {
        return new TrialOutcome(TrialRow.notTrained("s", trialId, SPEC, TrialStatus.OK, null), List.of(epochs),
                List.of());
    }

    @Test
    void epochsAndTheirEvaluationsOverTheCoresTimeFromTheStartToTheLastTrial() {
        // 2 cores from t = 100 s to t = 110 s: 20 core-seconds.
        CoreTime t = new CoreTime(2, 1, 100 * SECOND);
        t.add(outcome("a", new EpochRow("a", 1, 1, 0.5, 1, 4.0, 0.5), new EpochRow("a", 2, 1, 0.5, 1, 4.0, 0.5)),
                105 * SECOND, 2);
        t.add(outcome("b", new EpochRow("b", 1, 1, 0.5, 1, 7.0, 1.0)), 110 * SECOND, 2);
        t.add(outcome("failed"), 108 * SECOND, 2); // a failed trial has no epochs; an earlier end does not shorten it
        assertArrayEquals(new double[]{100 * 15.0 / 20, 100 * 2.0 / 20}, t.percent(), 1e-12);
        assertEquals("Training kept the 2 cores 85.0% busy over 10.0 s: 75.0% of the time in the trials' epochs and "
                + "10.0% in the evaluations after them (the rest: starting trials, building networks, reading data, "
                + "writing results, collecting, idle cores).", t.summary());
    }

    @Test
    void aDataParallelTrialKeepsAllItsWorkersBusy() {
        CoreTime t = new CoreTime(4, 4, 0);
        t.add(outcome("a", new EpochRow("a", 1, 1, 0.5, 1, 9.0, 1.0)), 10 * SECOND, 4);
        assertArrayEquals(new double[]{90.0, 10.0}, t.percent(), 1e-12);
    }

    @Test
    void aTrialContinuedFromItsCheckpointCountsItsEarlierEpochsOnce() {
        CoreTime t = new CoreTime(1, 1, 0);
        EpochRow first = new EpochRow("a", 1, 1, 0.5, 1, 3.0, 1.0);
        t.add(outcome("a", first), 4 * SECOND, 1);
        // The next rung's outcome carries the whole curve; an evaluation unrecorded in an old checkpoint is NaN.
        t.add(outcome("a", new EpochRow("a", 1, 1, 0.5, 1, 3.0, Double.NaN), new EpochRow("a", 2, 1, 0.5, 1, 4.0,
                1.0)), 10 * SECOND, 1);
        assertArrayEquals(new double[]{70.0, 20.0}, t.percent(), 1e-12);
    }

    @Test
    void coresThatCameAndWentCountWithTheMoreOfThemBetweenTwoRecords() {
        CoreTime t = new CoreTime(2, 1, 0);
        // 2 cores at the start, 4 at 10 s (executors joined in between: the 10 s count as 4), 2 at 30 s (left).
        t.add(outcome("a", new EpochRow("a", 1, 1, 0.5, 1, 20.0, 4.0)), 10 * SECOND, 4);
        t.add(outcome("b", new EpochRow("b", 1, 1, 0.5, 1, 20.0, 4.0)), 20 * SECOND, 4);
        t.add(outcome("c", new EpochRow("c", 1, 1, 0.5, 1, 20.0, 4.0)), 30 * SECOND, 2);
        // 40 + 40 + 40 core-seconds.
        assertArrayEquals(new double[]{50.0, 10.0}, t.percent(), 1e-12);
        assertTrue(t.summary().startsWith("Training kept 2 to 4 cores (as executors came and went) 60.0% busy over "
                + "30.0 s"), t.summary());
    }

    @Test
    void nothingTrainedSaysSo() {
        CoreTime t = new CoreTime(2, 1, 5 * SECOND);
        assertTrue(Double.isNaN(t.percent()[0]));
        t.add(outcome("failed"), 6 * SECOND, 2);
        assertEquals("Training kept no core busy: no epoch was trained.", t.summary());
    }
}
