package org.ordersweep.model;

import org.ordersweep.config.SweepConfig;
import org.ordersweep.domain.InputShape;
import org.ordersweep.domain.Ordering;
import org.ordersweep.plan.EquivalenceClass;
import org.ordersweep.plan.SweepPlan;
import org.ordersweep.plan.TrialSpec;

/**
 * A sweep's plan with its estimated training cost and memory, from the data's shape and size alone (the plan command
 * prints it; the bench reports what dedupe saves from it).
 */
public record PlanEstimate(SweepConfig config, SweepPlan plan, InputShape shape, int trainExamples, int testExamples) {

    /** The evaluation batch (SweepData's held-out batches). */
    public static final int TEST_BATCH = 256;

    /** Training TFLOP for the trials that are trained, or for every combination without deduplication. */
    public double trainTflop(boolean deduped) {
        double perExample = 0;
        if (deduped) {
            for (TrialSpec t : plan.trials()) {
                perExample += flops(t.ordering());
            }
        } else {
            for (EquivalenceClass c : plan.classes()) {
                for (Ordering o : c.members()) {
                    perExample += flops(o) * plan.seeds() * plan.learningRates().size();
                }
            }
        }
        return perExample * trainExamples * config.train().epochs() / 1e12;
    }

    /** The largest trial's memory, and which ordering it is. */
    public MemoryModel.Trial largestTrial() {
        MemoryModel.Trial largest = new MemoryModel.Trial(0, 0, 0);
        for (TrialSpec t : plan.trials()) {
            try {
                MemoryModel.Trial m = MemoryModel.trial(t.ordering(), config.model(), shape,
                        config.train().batchSize(), TEST_BATCH);
                largest = m.total() > largest.total() ? m : largest;
            } catch (InvalidNetwork e) {
                // an ordering the input cannot take trains nothing
            }
        }
        return largest;
    }

    public long dataOnHeap() {
        return MemoryModel.dataOnHeap(shape, trainExamples + testExamples);
    }

    public long heldOutOffHeap() {
        return MemoryModel.heldOutOffHeap(shape, testExamples);
    }

    private double flops(Ordering o) {
        double f = CostModel.trainFlopsOrInfinite(o, config.model(), shape);
        return Double.isInfinite(f) ? 0 : f;
    }
}
