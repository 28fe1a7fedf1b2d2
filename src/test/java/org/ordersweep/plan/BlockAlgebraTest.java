package org.ordersweep.plan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.Element;
import org.ordersweep.domain.Ordering;
import org.ordersweep.domain.Orderings;

import java.io.File;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The algebra of average pooling and of fully connected blocks, checked against a count that shares nothing with
 * {@link Commutation}: a literal table of commuting pairs per activation, closed over adjacent swaps of plain
 * strings; and the table's avgpool entries checked on numbers.
 */
class BlockAlgebraTest {

    /**
     * Which pairs commute at dropout rate 0.25, written out by hand. act/pool needs a monotone
     * f, act/dropout f(0) = 0 and positive homogeneity, act/avgpool an affine f; the identity commutes with
     * everything; nothing else ever commutes, avgpool with pool, bn and dropout included, and dense (like conv) with
     * nothing but the identity.
     */
    private static final Map<String, Set<String>> COMMUTING = Map.of(
            "identity", Set.of("act|conv", "act|dense", "act|bn", "act|pool", "act|avgpool", "act|dropout"),
            "relu", Set.of("act|pool", "act|dropout"),
            "leakyrelu", Set.of("act|pool", "act|dropout"),
            "tanh", Set.of("act|pool"),
            "sigmoid", Set.of("act|pool"),
            "mish", Set.of());

    @ParameterizedTest
    @CsvSource({
            // Others pairwise fixed; act's place counts only among the elements it does not commute with.
            "conv bn act avgpool dropout, identity, 24", "conv bn act avgpool dropout, relu, 96",
            "conv bn act avgpool dropout, leakyrelu, 96", "conv bn act avgpool dropout, tanh, 120",
            "conv bn act avgpool dropout, sigmoid, 120", "conv bn act avgpool dropout, mish, 120",
            "conv act avgpool, identity, 2", "conv act avgpool, relu, 6", "conv act avgpool, tanh, 6",
            "conv act avgpool, mish, 6",
            // Both poolings: 5! orders of the rest times act's slots among conv, bn, avgpool (relu) or those and
            // dropout (tanh).
            "conv bn act pool avgpool dropout, identity, 120", "conv bn act pool avgpool dropout, relu, 480",
            "conv bn act pool avgpool dropout, tanh, 600", "conv bn act pool avgpool dropout, mish, 720",
            // The fully connected block: only act/dropout can swap (relu), or act with anything (identity).
            "dense bn act dropout, identity, 6", "dense bn act dropout, relu, 18",
            "dense bn act dropout, leakyrelu, 18", "dense bn act dropout, tanh, 24",
            "dense bn act dropout, mish, 24", "dense act dropout, relu, 4", "dense act dropout, sigmoid, 6",
            // The max-pool block as before.
            "conv bn act pool dropout, identity, 24", "conv bn act pool dropout, relu, 72",
            "conv bn act pool dropout, tanh, 96", "conv bn act pool dropout, mish, 120"})
    void classCountsFollowFromTheTable(String block, String activation, int expected) {
        List<Element> elements = Arrays.stream(block.split(" ")).map(Element::parse).toList();
        List<Ordering> all = Orderings.enumerate(elements, List.of());
        ActivationKind a = ActivationKind.parse(activation);
        List<EquivalenceClass> classes = EquivalenceClasses.of(all, a, EquivalenceClasses.commuting(a, 0.25), o -> 0);
        Set<Set<String>> independent = classesBySwaps(Arrays.asList(block.split(" ")), COMMUTING.get(activation));
        assertEquals(expected, independent.size());
        assertEquals(expected, classes.size());
        // The same partition, not only the same number of classes.
        Set<Set<String>> derived = new HashSet<>();
        for (EquivalenceClass c : classes) {
            Set<String> keys = new HashSet<>();
            c.members().forEach(o -> keys.add(o.key()));
            derived.add(keys);
        }
        assertEquals(independent, derived);
    }

    /** Every permutation of the names, grouped by breadth-first search over swaps of adjacent commuting names. */
    private static Set<Set<String>> classesBySwaps(List<String> names, Set<String> commuting) {
        List<List<String>> perms = new ArrayList<>();
        permute(new ArrayList<>(names), 0, perms);
        Set<String> assigned = new HashSet<>();
        Set<Set<String>> out = new HashSet<>();
        for (List<String> p : perms) {
            if (assigned.contains(String.join(">", p))) {
                continue;
            }
            Set<String> seen = new HashSet<>();
            Deque<List<String>> todo = new ArrayDeque<>();
            seen.add(String.join(">", p));
            todo.add(p);
            while (!todo.isEmpty()) {
                List<String> cur = todo.poll();
                for (int i = 0; i + 1 < cur.size(); i++) {
                    String x = cur.get(i);
                    String y = cur.get(i + 1);
                    if (commuting.contains(x + "|" + y) || commuting.contains(y + "|" + x)) {
                        List<String> next = new ArrayList<>(cur);
                        next.set(i, y);
                        next.set(i + 1, x);
                        if (seen.add(String.join(">", next))) {
                            todo.add(next);
                        }
                    }
                }
            }
            assigned.addAll(seen);
            out.add(seen);
        }
        assertEquals(perms.size(), assigned.size());
        return out;
    }

    private static void permute(List<String> a, int k, List<List<String>> out) {
        if (k == a.size()) {
            out.add(List.copyOf(a));
            return;
        }
        for (int i = k; i < a.size(); i++) {
            Collections.swap(a, k, i);
            permute(a, k + 1, out);
            Collections.swap(a, k, i);
        }
    }

    /** Average pooling with window and stride 2, as the networks use it (no padding). */
    private static double[] avg(double[] x) {
        double[] out = new double[x.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (x[2 * i] + x[2 * i + 1]) / 2;
        }
        return out;
    }

    private static double[] max(double[] x) {
        double[] out = new double[x.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(x[2 * i], x[2 * i + 1]);
        }
        return out;
    }

    private static double[] map(double[] x, DoubleUnaryOperator f) {
        return Arrays.stream(x).map(f).toArray();
    }

    private static double largestDifference(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    /** The table's act|avgpool entries on numbers: only the affine activation passes through a mean. */
    @Test
    void onlyTheIdentityActivationCommutesWithAveragingOnNumbers() {
        Map<String, DoubleUnaryOperator> f = Map.of(
                "identity", x -> x,
                "relu", x -> Math.max(0, x),
                "leakyrelu", x -> x > 0 ? x : 0.01 * x,
                "tanh", Math::tanh,
                "sigmoid", x -> 1 / (1 + Math.exp(-x)),
                "mish", x -> x * Math.tanh(Math.log1p(Math.exp(x))));
        Random random = new Random(3);
        double[] x = new double[64];
        for (int i = 0; i < x.length; i++) {
            x[i] = 2 * random.nextGaussian();
        }
        for (Map.Entry<String, DoubleUnaryOperator> e : f.entrySet()) {
            double d = largestDifference(map(avg(x), e.getValue()), avg(map(x, e.getValue())));
            boolean commutes = d < 1e-12;
            assertEquals(COMMUTING.get(e.getKey()).contains("act|avgpool"), commutes, e.getKey() + ": " + d);
            assertEquals(commutes, Commutation.of(Element.ACT, Element.AVGPOOL, ActivationKind.parse(e.getKey()),
                    0.25).commutes(), e.getKey());
        }
        // The counterexample the rule text gives.
        assertEquals(0.0, Math.max(0, (-1 + 1) / 2.0));
        assertEquals(0.5, (Math.max(0, -1) + Math.max(0, 1)) / 2.0);
    }

    /** Max of window means against mean of window maxima, and batch statistics before and after averaging. */
    @Test
    void averagingCommutesNeitherWithMaxPoolingNorWithTrainingBatchNormOnNumbers() {
        double[] x = {1, 1, 4, 0};
        assertEquals(2.0, max(avg(x))[0]);
        assertEquals(2.5, avg(max(x))[0]);
        Random random = new Random(5);
        double[] batch = new double[256];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = random.nextGaussian();
        }
        // Same mean before and after averaging, but about half the variance on independent inputs: bn normalises
        // by a different deviation at each position.
        double[] bnThenAvg = avg(normalise(batch));
        double[] avgThenBn = normalise(avg(batch));
        assertTrue(largestDifference(bnThenAvg, avgThenBn) > 0.1);
        assertFalse(Commutation.of(Element.BN, Element.AVGPOOL, ActivationKind.IDENTITY, 0.25).commutes());
        assertFalse(Commutation.of(Element.AVGPOOL, Element.POOL, ActivationKind.IDENTITY, 0.25).commutes());
    }

    /** Batch norm in training without its learned scale and shift: the batch's own mean and deviation. */
    private static double[] normalise(double[] x) {
        double mean = Arrays.stream(x).average().orElseThrow();
        double var = Arrays.stream(x).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
        return map(x, v -> (v - mean) / Math.sqrt(var + 1e-5));
    }

    @Test
    void rulesExplainThemselves() {
        Commutation.Verdict relu = Commutation.of(Element.AVGPOOL, Element.ACT, ActivationKind.RELU, 0.25);
        assertFalse(relu.commutes());
        assertTrue(relu.reason().startsWith("relu is not affine"), relu.reason());
        assertTrue(relu.reason().contains("relu(mean(-1, 1)) = 0 but mean(relu(-1), relu(1)) = 0.5"));
        Commutation.Verdict identity = Commutation.of(Element.ACT, Element.AVGPOOL, ActivationKind.IDENTITY, 0.25);
        assertTrue(identity.commutes());
        assertTrue(identity.reason().contains("affine"), identity.reason());
        assertTrue(Commutation.of(Element.BN, Element.AVGPOOL, ActivationKind.RELU, 0.25).reason()
                .contains("in inference bn is a per-channel affine map and would commute"));
        assertFalse(Commutation.of(Element.DROPOUT, Element.AVGPOOL, ActivationKind.RELU, 0.25).commutes());
        // Rate 0 makes dropout the identity, next to average pooling too.
        assertTrue(Commutation.of(Element.DROPOUT, Element.AVGPOOL, ActivationKind.RELU, 0.0).commutes());
        assertFalse(Commutation.of(Element.CONV, Element.AVGPOOL, ActivationKind.RELU, 0.25).commutes());
        // A residual unit's addition: neither bn nor a nonlinear activation swaps with it (He et al.'s placements).
        assertFalse(Commutation.of(Element.BN, Element.ADD, ActivationKind.RELU, 0.25).commutes());
        assertFalse(Commutation.of(Element.ACT, Element.ADD, ActivationKind.RELU, 0.25).commutes());
        assertTrue(Commutation.of(Element.ADD, Element.ACT, ActivationKind.IDENTITY, 0.25).commutes());
        // Every pair of every element has a rule, for every activation.
        for (ActivationKind a : ActivationKind.values()) {
            for (Element x : Element.values()) {
                for (Element y : Element.values()) {
                    if (x != y) {
                        assertEquals(Commutation.of(x, y, a, 0.25), Commutation.of(y, x, a, 0.25));
                    }
                }
            }
        }
    }

    /** The shipped ablation: with conv first, relu leaves 12 classes of the max-pool block and 18 of the avg-pool. */
    @Test
    void theShippedAblationPlansBothBlocks() {
        SweepPlan plan = SweepPlan.of(ConfigLoader.load(new File("conf", "avgpool.conf"), List.of()), o -> 0);
        Map<String, Long> perBlock = new java.util.TreeMap<>();
        plan.classes().forEach(c -> perBlock.merge(Setting.blockOf(c.representative().elements()), 1L, Long::sum));
        assertEquals(Map.of("conv+bn+act+pool+dropout", 12L, "conv+bn+act+avgpool+dropout", 18L), perBlock);
        assertEquals(30, plan.trials().size());
    }

    @Test
    void newElementLeavesExistingBlockNamesAlone() {
        assertEquals("conv+bn+act+pool+dropout", Setting.blockOf(List.of(Element.DROPOUT, Element.POOL, Element.ACT,
                Element.BN, Element.CONV)));
        assertEquals("conv+act+avgpool+dropout", Setting.blockOf(List.of(Element.CONV, Element.ACT,
                Element.AVGPOOL, Element.DROPOUT)));
        assertEquals("dense+bn+act+dropout", Setting.blockOf(List.of(Element.DROPOUT, Element.ACT, Element.BN,
                Element.DENSE)));
        assertEquals("conv, dense, bn, act, pool, avgpool, dropout", Element.allowed());
    }
}
