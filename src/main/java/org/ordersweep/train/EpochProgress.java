package org.ordersweep.train;

import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.util.AccumulatorV2;
import org.ordersweep.plan.TrialSpec;
import org.ordersweep.results.EpochRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple4;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A line on the driver's console per finished epoch of every running trial, wherever it trains. A trial-parallel task
 * trains a whole trial on an executor, for minutes or hours at full size; its epochs reach the driver in the
 * executors' heartbeats (every {@code spark.executor.heartbeatInterval}, 10 s by default) through a named
 * accumulator per trial, the way Spark reports a running task's metrics (the accumulators also show on the stage's
 * page of the Spark UI). In data-parallel mode the epochs end on the driver and are told directly.
 */
final class EpochProgress extends SparkListener {

    private static final Logger LOG = LoggerFactory.getLogger(EpochProgress.class);

    /** A trial being watched: its label, budget and the last epoch told. */
    private record Watched(String label, int epochs, int[] told) {
    }

    private final Map<Long, Watched> watched = new ConcurrentHashMap<>();
    private final Consumer<String> out;

    EpochProgress() {
        this(LOG::info);
    }

    /** @param out where the lines go (the log; a test's list) */
    EpochProgress(Consumer<String> out) {
        this.out = out;
    }

    /** An accumulator for one trial-parallel trial, registered with the context; pass it to the task. */
    Latest watch(SparkContext sc, TrialSpec spec, int epochs) {
        Latest latest = new Latest();
        sc.register(latest, "ordersweep epochs of " + spec.label());
        watched.put(latest.id(), new Watched(spec.label(), epochs, new int[1]));
        return latest;
    }

    void forget(Latest latest) {
        watched.remove(latest.id());
    }

    /** Reports an epoch that ended on the driver (data-parallel mode). */
    void told(TrialSpec spec, int epochs, EpochRow row) {
        out.accept(line(spec.label(), epochs, row));
    }

    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
        scala.collection.Iterator<Tuple4<Object, Object, Object, scala.collection.Seq<AccumulableInfo>>> tasks =
                update.accumUpdates().iterator();
        while (tasks.hasNext()) {
            scala.collection.Iterator<AccumulableInfo> infos = tasks.next()._4().iterator();
            while (infos.hasNext()) {
                AccumulableInfo info = infos.next();
                Watched w = watched.get(info.id());
                if (w != null && info.update().isDefined() && info.update().get() instanceof EpochRow row) {
                    synchronized (w) {
                        if (row.epoch() > w.told()[0]) {
                            w.told()[0] = row.epoch();
                            out.accept(line(w.label(), w.epochs(), row));
                        }
                    }
                }
            }
        }
    }

    static String line(String label, int epochs, EpochRow row) {
        return String.format(Locale.ROOT, "  %s: epoch %d/%d, training loss %.4f, test accuracy %.4f, %.1f s", label,
                row.epoch(), epochs, row.trainLoss(), row.testAccuracy(), row.seconds());
    }

    /** The latest epoch of one trial: what a running task has to tell. */
    static final class Latest extends AccumulatorV2<EpochRow, EpochRow> {

        private EpochRow row;

        @Override
        public boolean isZero() {
            return row == null;
        }

        @Override
        public Latest copy() {
            Latest c = new Latest();
            c.row = row;
            return c;
        }

        @Override
        public void reset() {
            row = null;
        }

        @Override
        public void add(EpochRow v) {
            if (row == null || v.epoch() >= row.epoch()) {
                row = v;
            }
        }

        @Override
        public void merge(AccumulatorV2<EpochRow, EpochRow> other) {
            if (other.value() != null) {
                add(other.value());
            }
        }

        @Override
        public EpochRow value() {
            return row;
        }
    }
}
