package org.ordersweep.train;

import org.ordersweep.model.NativeMemory;
import org.ordersweep.results.Json;
import org.ordersweep.results.TrialRow;
import org.ordersweep.results.TrialStatus;

import java.util.Locale;

/**
 * Counts finished trials and renders a progress line for people (done/total, running, failures, elapsed, ETA, best
 * so far) and a JSON line for schedulers.
 */
final class Progress {

    private final int total;
    private final long startNanos = System.nanoTime();
    private int done;
    private int notOk;
    private double best = Double.NaN;
    private String bestLabel = "-";

    Progress(int total) {
        this.total = total;
    }

    synchronized String record(TrialRow row, int running) {
        done++;
        if (row.status() != TrialStatus.OK) {
            notOk++;
        } else if (Double.isNaN(best) || row.testAccuracy() > best) {
            best = row.testAccuracy();
            bestLabel = row.spec().label();
        }
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        double eta = done == 0 ? Double.NaN : elapsed / done * (total - done);
        String result = row.status() == TrialStatus.OK
                ? String.format(Locale.ROOT, "accuracy %.4f, %.1f s/epoch", row.testAccuracy(),
                row.trainSecondsPerEpoch())
                : row.status().key() + (row.reason() == null ? "" : " (" + row.reason() + ")");
        return String.format(Locale.ROOT, "%s %d/%d %s: %s | running %d, not ok %d, elapsed %s, eta %s, best %s %s, "
                        + "driver rss %.2f GB", bar(done, total), done, total, row.spec().label(), result, running,
                notOk, clock(elapsed), clock(eta), Double.isNaN(best) ? "-" : String.format(Locale.ROOT, "%.4f", best),
                bestLabel, NativeMemory.residentBytes() / 1e9);
    }

    /**
     * For schedulers and for watching memory over long sweeps: heap in use, bytes ND4J holds off the heap through
     * JavaCPP, and the process's resident size.
     */
    synchronized String json(int running) {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        Runtime rt = Runtime.getRuntime();
        return Json.line(Json.object().put("done", done).put("total", total).put("running", running)
                .put("not_ok", notOk).put("elapsed_s", Math.round(elapsed * 10) / 10.0)
                .put("best_accuracy", Double.isNaN(best) ? null : best)
                .put("heap_mb", (rt.totalMemory() - rt.freeMemory()) >> 20)
                .put("offheap_mb", org.bytedeco.javacpp.Pointer.totalBytes() >> 20)
                .put("rss_mb", NativeMemory.residentBytes() >> 20));
    }

    static String bar(int done, int total) {
        int width = 20;
        int filled = total == 0 ? width : (int) ((long) done * width / total);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }

    static String clock(double seconds) {
        if (Double.isNaN(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
