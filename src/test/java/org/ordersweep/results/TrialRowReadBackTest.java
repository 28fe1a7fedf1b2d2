package org.ordersweep.results;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.junit.jupiter.api.Test;
import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.Ordering;
import org.ordersweep.plan.TrialSpec;

import java.sql.Timestamp;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A trials/ row reads back as the TrialRow the runner wrote, and a row from an older version as it meant. */
class TrialRowReadBackTest {

    private static final Ordering REPRESENTATIVE = Ordering.parse("conv>act>pool");
    private static final Ordering MEMBER = Ordering.parse("conv>pool>act");
    private static final TrialSpec SPEC = new TrialSpec(REPRESENTATIVE, ActivationKind.RELU, 0.01, 2, 12345L, "kA",
            List.of(MEMBER));

    /** The values of the row the runner writes, in the order of {@link ResultSchemas#TRIALS}. */
    private static Object[] written(TrialRow t) {
        Row row = ResultSchemas.toRow(t, new Timestamp(0), new ResultStore.TrainedBy("trial-parallel", 1, "c", "v"));
        Object[] values = new Object[row.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = row.get(i);
        }
        return values;
    }

    private static TrialRow read(Object[] values, double sweepRate) {
        return ResultSchemas.trialRow(new GenericRowWithSchema(values, ResultSchemas.TRIALS), sweepRate);
    }

    @Test
    void aRepresentativeAndItsInheritorReadBackAsWritten() {
        TrialRow representative = TrialRow.measured("s", "t1", SPEC, TrialStatus.OK, null, 3, 0.9, 0.3, 0.88, 30.0,
                1.5, 900.0, 1234, 0.89).withAttempts(2, 1).atRung(1, null);
        TrialRow inheritor = representative.inheritedBy(SPEC.forMember(MEMBER), "t2");
        TrialRow failed = TrialRow.notTrained("s", "t3", SPEC, TrialStatus.FAILED, "executor lost");
        for (TrialRow t : List.of(representative, inheritor, failed)) {
            assertEquals(t, read(written(t), 0.001), t.trialId());
        }
    }

    @Test
    void columnsARowPredatesReadAsTheyWereMeant() {
        TrialRow t = TrialRow.measured("s", "t1", SPEC, TrialStatus.OK, null, 3, 0.9, 0.3, 0.88, 30.0, 1.5, 900.0,
                1234, 0.89);
        Object[] values = written(t);
        for (String column : List.of("learning_rate", "rung", "attempts", "failed_tasks", "execution_mode")) {
            values[ResultSchemas.TRIALS.fieldIndex(column)] = null;
        }
        TrialRow old = read(values, 0.001);
        // Rows from before rates could be swept trained at the sweep's one rate.
        assertEquals(0.001, old.spec().learningRate());
        assertEquals(0, old.rung());
        assertEquals(1, old.attempts());
        assertEquals(0, old.failedTasks());
        assertEquals(t.testAccuracy(), old.testAccuracy());
        assertEquals(List.of(MEMBER), old.spec().inheritors());
    }
}
