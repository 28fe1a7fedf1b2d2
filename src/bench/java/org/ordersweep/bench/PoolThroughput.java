package org.ordersweep.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToDoubleFunction;

/**
 * DL4J the way a sweep runs it in trial-parallel mode: one trial per core, each training its own network on one
 * native thread ({@link PlainThroughput} with one thread, the code path of a trial-parallel task), all at once. The
 * machine's throughput is the sum of the trials' own samples per second, as for the PyTorch pool's processes: a sweep
 * starts the next trial on a core as soon as one ends, so no core waits for the slowest trial. What a pass that does
 * wait for it gives (every trial's samples over the pass's wall time) is reported beside it.
 */
final class PoolThroughput implements AutoCloseable {

    /**
     * One concurrent pass, in samples per second: the machine's (the trials' own added up), every trial's samples over
     * the pass's wall time (which waits for the slowest), the median trial's and the slowest trial's.
     */
    record Pass(double machine, double wall, double perTrial, double slowest) {

        static Pass of(List<Double> each, double samples, double wallSeconds) {
            Spread s = Spread.of(each);
            return new Pass(each.stream().mapToDouble(Double::doubleValue).sum(), samples / wallSeconds, s.median(),
                    s.min());
        }
    }

    private final List<PlainThroughput> trials = new ArrayList<>();
    private final ExecutorService pool;

    PoolThroughput(BenchModel model, int cores) {
        for (int i = 0; i < cores; i++) {
            trials.add(new PlainThroughput(model, PlainThroughput.CALLER_SETS_THREADS));
        }
        pool = Executors.newFixedThreadPool(cores, r -> {
            Thread t = new Thread(r, "bench-trial");
            t.setDaemon(true);
            return t;
        });
    }

    void warmUp() throws InterruptedException {
        all(p -> {
            p.warmUp();
            return 0;
        });
    }

    Pass train() throws InterruptedException {
        return pass(PlainThroughput::train);
    }

    Pass infer() throws InterruptedException {
        return pass(PlainThroughput::infer);
    }

    private Pass pass(ToDoubleFunction<PlainThroughput> work) throws InterruptedException {
        long t0 = System.nanoTime();
        List<Double> each = all(work);
        double wall = (System.nanoTime() - t0) / 1e9;
        double samples = trials.stream().mapToDouble(PlainThroughput::samples).sum();
        return Pass.of(each, samples, wall);
    }

    /**
     * Runs {@code work} on every trial at once, each on its own thread with one OpenMP thread; ND4J's pool and
     * OpenBLAS (process-wide) are set to one thread for the pass and restored after it.
     */
    private List<Double> all(ToDoubleFunction<PlainThroughput> work)
            throws InterruptedException {
        NativeThreads.Setting before = NativeThreads.current();
        NativeThreads.use(1);
        try {
            return each(work);
        } finally {
            NativeThreads.apply(before);
        }
    }

    private List<Double> each(ToDoubleFunction<PlainThroughput> work)
            throws InterruptedException {
        List<Future<Double>> futures = new ArrayList<>();
        for (PlainThroughput p : trials) {
            futures.add(pool.submit(() -> {
                NativeThreads.useOnThisThread(1);
                return work.applyAsDouble(p);
            }));
        }
        List<Double> out = new ArrayList<>();
        try {
            for (Future<Double> f : futures) {
                out.add(f.get());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a concurrent trial failed: " + e.getCause().getMessage(), e.getCause());
        }
        return out;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
