package org.ordersweep.train;

import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts, per trial, the Spark tasks that failed and were rerun by Spark's scheduler (a lost executor, an out of
 * memory task), so that the trials table shows which results survived a fault. Trials are told apart by their job
 * group, which the sweep sets to the trial id.
 */
final class TaskFailures extends SparkListener {

    private static final String JOB_GROUP = "spark.jobGroup.id";
    private final Map<Integer, String> groupOfStage = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    @Override
    public void onJobStart(SparkListenerJobStart jobStart) {
        String group = jobStart.properties() == null ? null : jobStart.properties().getProperty(JOB_GROUP);
        if (group != null) {
            scala.collection.Iterator<Object> stages = jobStart.stageIds().iterator();
            while (stages.hasNext()) {
                groupOfStage.put((Integer) stages.next(), group);
            }
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        if (taskEnd.reason() != Success$.MODULE$) {
            String group = groupOfStage.get(taskEnd.stageId());
            if (group != null) {
                failures.merge(group, 1, Integer::sum);
            }
        }
    }

    /** Failed tasks of the trial with this id (its job group) so far. */
    int of(String trialId) {
        return failures.getOrDefault(trialId, 0);
    }
}
