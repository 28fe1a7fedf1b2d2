package org.ordersweep.model;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.domain.InputShape;
import org.ordersweep.domain.Ordering;
import org.ordersweep.plan.EquivalenceClass;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Checks the algebra against DL4J itself: every member of a class, built with the representative's parameters (the
 * parameter vectors map one to one: commuting swaps only move parameter-free layers), must give the same outputs on
 * random input in inference and in training with the same dropout masks, and the same gradients. A member that
 * disagrees leaves the class: the measurement always overrules the algebra.
 */
public final class EquivalenceVerifier {

    /** Largest differences are relative to the largest magnitude compared, so one tolerance fits every scale. */
    public static final double TOLERANCE = 1e-4;
    private static final int BATCH = 8;

    /**
     * One ordering of a class: a member compared with its representative (relative differences), or the
     * representative itself (differences NaN). Every ordering's inference and training speed is measured, trained
     * or not, one ordering after another under the same conditions: the speed the sweep's trials show is the wall
     * time of trials that shared the cores with whatever ran beside them.
     */
    public record Check(String classId, String activation, String representative, String member,
                        double inferenceDiff, double trainingDiff, double gradientDiff, boolean passed,
                        String problem, double inferenceSamplesPerSecond, double trainingSamplesPerSecond) {
        public boolean isRepresentative() {
            return representative.equals(member);
        }
    }

    /** The classes after verification (failed members split off) and every comparison made. */
    public record Result(List<EquivalenceClass> classes, List<Check> checks) {
        public long failures() {
            return checks.stream().filter(c -> !c.passed()).count();
        }
    }

    private final SweepConfig.Model model;
    private final InputShape shape;
    private final long seed;
    private final TrainingStep step;

    /** Times every ordering's training step too (a few fit calls each; the sweep's verification pass does). */
    private final boolean timeTraining;

    /** @param step the training step the sweep trains with (its networks are built, checked and timed with it) */
    public EquivalenceVerifier(SweepConfig.Model model, InputShape shape, long seed, TrainingStep step) {
        this(model, shape, seed, step, true);
    }

    /** @param timeTraining false: the same checks with the training timing left out (NaN), for tests of verdicts */
    EquivalenceVerifier(SweepConfig.Model model, InputShape shape, long seed, boolean timeTraining) {
        this(model, shape, seed, TrainingStep.FAST, timeTraining);
    }

    private EquivalenceVerifier(SweepConfig.Model model, InputShape shape, long seed, TrainingStep step,
                                boolean timeTraining) {
        this.model = model;
        this.shape = shape;
        this.seed = seed;
        this.step = step;
        this.timeTraining = timeTraining;
    }

    /**
     * Verifies the classes, one per core at a time (each class's networks are independent; every thread seeds its
     * own random stream), and returns them in the given order. Each ordering is timed while another class's check
     * runs on the other cores, the same for every ordering.
     */
    public Result verify(List<EquivalenceClass> classes) {
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), classes.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "verifier");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Result>> each = new ArrayList<>();
            for (EquivalenceClass c : classes) {
                each.add(pool.submit(() -> {
                    List<EquivalenceClass> out = new ArrayList<>();
                    List<Check> checks = new ArrayList<>();
                    try {
                        split(c, out, checks);
                    } finally {
                        // The timed training steps sized this thread's workspaces for training: give them back
                        // (without ND4J's own full collection from every verifier thread at once).
                        NativeMemory.releaseForCurrentThread();
                    }
                    return new Result(out, checks);
                }));
            }
            List<EquivalenceClass> out = new ArrayList<>();
            List<Check> checks = new ArrayList<>();
            for (Future<Result> f : each) {
                Result r = f.get();
                out.addAll(r.classes());
                checks.addAll(r.checks());
            }
            return new Result(out, checks);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("verification interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Keeps the members that agree with the representative; the rest are verified again as a class of their own. */
    private void split(EquivalenceClass c, List<EquivalenceClass> out, List<Check> checks) {
        Probe reference;
        try {
            reference = probe(c.representative(), c);
        } catch (InvalidNetwork e) {
            // Members share their shapes (swaps move only shape-preserving layers): none can be built or trained.
            for (Ordering o : c.members()) {
                checks.add(new Check(c.id(), c.activation().key(), c.representative().key(), o.key(), Double.NaN,
                        Double.NaN, Double.NaN, true, "not comparable: " + e.getMessage(), Double.NaN,
                        Double.NaN));
            }
            out.add(c);
            return;
        }
        checks.add(new Check(c.id(), c.activation().key(), c.representative().key(), c.representative().key(),
                Double.NaN, Double.NaN, Double.NaN, true, null, samplesPerSecond(reference.net()),
                trainingSamplesPerSecond(reference.net())));
        List<Ordering> agree = new ArrayList<>(List.of(c.representative()));
        List<Ordering> disagree = new ArrayList<>();
        for (Ordering member : c.inheritors()) {
            Check check = compare(c, reference, member);
            checks.add(check);
            (check.passed() ? agree : disagree).add(member);
        }
        out.add(new EquivalenceClass(c.id(), c.activation(), c.representative(), agree));
        if (!disagree.isEmpty()) {
            split(new EquivalenceClass(c.id() + "-" + disagree.get(0).key(), c.activation(), disagree.get(0),
                    disagree), out, checks);
        }
    }

    /** A network's outputs and gradient on fixed random data, from fixed parameters and fixed dropout masks. */
    private record Probe(Network net, INDArray params, INDArray inference, INDArray training,
                         INDArray gradient) {
    }

    private Probe probe(Ordering ordering, EquivalenceClass c) {
        Network net = NetworkFactory.network(ordering, c.activation(), model, 1e-3, shape, seed, step);
        return run(net, net.params().dup());
    }

    private Probe run(Network net, INDArray params) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.FLOAT, BATCH, shape.height(), shape.width(), shape.channels()); // NHWC
        INDArray y = Nd4j.zeros(DataType.FLOAT, BATCH, shape.classes());
        for (int i = 0; i < BATCH; i++) {
            y.putScalar(i, i % shape.classes(), 1f);
        }
        net.setParams(params.dup());
        INDArray inference = net.output(x, false);
        net.setParams(params.dup());
        Nd4j.getRandom().setSeed(seed + 1);
        INDArray training = net.output(x, true);
        net.setParams(params.dup());
        Nd4j.getRandom().setSeed(seed + 1);
        INDArray gradient = net.gradient(x.dup(), y);
        return new Probe(net, params, inference, training, gradient);
    }

    private Check compare(EquivalenceClass c, Probe reference, Ordering member) {
        Network net = NetworkFactory.network(member, c.activation(), model, 1e-3, shape, seed, step);
        if (net.numParams() != reference.net().numParams()) {
            return new Check(c.id(), c.activation().key(), c.representative().key(), member.key(), Double.NaN,
                    Double.NaN, Double.NaN, false, "parameter counts differ: " + net.numParams() + " vs "
                    + reference.net().numParams(), samplesPerSecond(net), trainingSamplesPerSecond(net));
        }
        Probe p = run(net, reference.params());
        double inf = relativeDiff(reference.inference(), p.inference());
        double tr = relativeDiff(reference.training(), p.training());
        double gr = relativeDiff(reference.gradient(), p.gradient());
        boolean ok = inf <= TOLERANCE && tr <= TOLERANCE && gr <= TOLERANCE;
        String problem = ok ? null : "differs from " + c.representative().key() + ": inference " + fmt(inf)
                + ", training " + fmt(tr) + ", gradient " + fmt(gr) + " (tolerance " + TOLERANCE + ")";
        return new Check(c.id(), c.activation().key(), c.representative().key(), member.key(), inf, tr, gr, ok,
                problem, samplesPerSecond(net), trainingSamplesPerSecond(net));
    }

    /** Inference throughput on random input: one untimed warm-up, then the median of three timed passes. */
    private double samplesPerSecond(Network net) {
        int n = 64;
        INDArray x = Nd4j.rand(DataType.FLOAT, n, shape.height(), shape.width(), shape.channels()); // NHWC
        net.output(x, false).close();
        double[] sps = new double[3];
        for (int i = 0; i < sps.length; i++) {
            long t0 = System.nanoTime();
            net.output(x, false).close();
            sps[i] = n / ((System.nanoTime() - t0) / 1e9);
        }
        Arrays.sort(sps);
        return sps[1];
    }

    /**
     * Training throughput on random data (minibatches of 32): one untimed step, then the median of three timed
     * steps. Changes the network's parameters: measured after every comparison with it.
     */
    private double trainingSamplesPerSecond(Network net) {
        if (!timeTraining) {
            return Double.NaN;
        }
        int n = 32;
        Nd4j.getRandom().setSeed(seed + 2);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, shape.height(), shape.width(), shape.channels()); // NHWC
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, shape.classes());
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % shape.classes(), 1f);
        }
        DataSet batch = new DataSet(x, y);
        net.fit(batch);
        double[] sps = new double[3];
        for (int i = 0; i < sps.length; i++) {
            long t0 = System.nanoTime();
            net.fit(batch);
            sps[i] = n / ((System.nanoTime() - t0) / 1e9);
        }
        net.clear(); // the network keeps its last input and labels: let go of them before they are freed
        x.close();
        y.close();
        Arrays.sort(sps);
        return sps[1];
    }

    static double relativeDiff(INDArray a, INDArray b) {
        double scale = Math.max(a.amaxNumber().doubleValue(), b.amaxNumber().doubleValue());
        double diff = a.sub(b).amaxNumber().doubleValue();
        return scale == 0 ? diff : diff / scale;
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.2e", d);
    }
}
