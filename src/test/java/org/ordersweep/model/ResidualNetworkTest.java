package org.ordersweep.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.InputShape;
import org.ordersweep.domain.Placement;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Residual stages as DL4J graphs: the unit's wiring, its shortcut, its parameters and its checkpoint. */
class ResidualNetworkTest {

    private static final InputShape SHAPE = new InputShape(3, 8, 8, 10);

    private static SweepConfig.Model model(String stages) {
        return ConfigLoader.load(null, List.of("model.stages=" + stages, "model.head=global-average")).model();
    }

    private static INDArray input() {
        Nd4j.getRandom().setSeed(7);
        return Nd4j.randn(DataType.FLOAT, 4, SHAPE.height(), SHAPE.width(), SHAPE.channels()); // NHWC, half negative
    }

    /**
     * The shortcut adds the unit's input x, not the activation the branch starts with: DL4J applies an activation
     * layer in place in inference, and x feeds both the branch and the addition. Checked in both modes on the
     * activations of every vertex (the addition minus the branch's last layer is x, the network's input here), and
     * the network's output in inference, with workspaces, equals the one those activations lead to.
     */
    @Test
    void theShortcutReceivesTheUnitsInputWhenTheBranchStartsWithAct() {
        SweepConfig.Model m = model("[{placements = [relu-only-preact], sizes = [3], shortcut = identity, swept = "
                + "true}]");
        Network.Graph net = (Network.Graph) NetworkFactory.network(Placement.RELU_ONLY_PREACT.unit(),
                ActivationKind.RELU, m, 1e-3, SHAPE, 1L);
        ComputationGraph g = net.graph();
        INDArray x = input();
        INDArray untouched = x.dup();
        assertTrue(x.minNumber().doubleValue() < -0.5, "the input has values relu would change");
        for (boolean training : new boolean[] {false, true}) {
            Map<String, INDArray> acts = g.feedForward(new INDArray[] {x}, training, false);
            INDArray shortcut = acts.get("s1r1-7-add").sub(acts.get("s1r1-6-bn"));
            assertEquals(0.0, shortcut.sub(untouched).amaxNumber().doubleValue(), 1e-5, "training " + training);
            assertEquals(0.0, x.sub(untouched).amaxNumber().doubleValue(), "the caller's input is left alone");
        }
        INDArray viaActivations = g.feedForward(new INDArray[] {x}, false, false).get("output");
        assertEquals(0.0, net.output(x, false).sub(viaActivations).amaxNumber().doubleValue(), 1e-6);
    }

    /**
     * Every placement's graph has the layers its unit lists, in order, and the parameters the cost model counts (two
     * convolutions and two batch norms per unit, the 1x1 projection where the filters change).
     */
    @ParameterizedTest
    @EnumSource(Placement.class)
    void everyPlacementBuildsItsUnitWithTheCostModelsParameters(Placement p) {
        SweepConfig.Model m = model("[{elements = [conv, bn, act], sizes = [4]}, {placements = [" + p.key() + "], "
                + "repeat = 2, sizes = [4, 6], swept = true}]");
        ComputationGraph g = ((Network.Graph) NetworkFactory.network(p.unit(), ActivationKind.RELU, m, 1e-3, SHAPE,
                1L)).graph();
        List<String> unit = p.unit().elements().stream().map(e -> e.key()).toList();
        for (int r = 1; r <= 2; r++) {
            for (int i = 0; i < unit.size(); i++) {
                assertTrue(g.getVertex("s2r" + r + "-" + (i + 1) + "-" + unit.get(i)) != null, p + " " + unit);
            }
        }
        assertTrue(g.getVertex("s2r2-shortcut") != null, "4 to 6 filters: a projection");
        assertTrue(g.getVertex("s2r1-shortcut") == null, "4 to 4 filters: the identity");
        assertEquals(CostModel.of(p.unit(), m, SHAPE).parameters(), g.numParams());
        INDArray out = g.outputSingle(false, input());
        assertEquals(4, out.rows());
        assertEquals(4.0, out.sumNumber().doubleValue(), 1e-4); // softmax rows
    }

    /** Residual stages swept together take the trial's placement in every unit, as a ResNet's units do. */
    @Test
    void residualStagesSweptTogetherShareThePlacement() {
        SweepConfig.Model m = model("[{placements = [original, full-preact], sizes = [4], swept = true}, "
                + "{elements = [pool]}, {placements = [original, full-preact], sizes = [8], swept = true}]");
        ComputationGraph g = ((Network.Graph) NetworkFactory.network(Placement.FULL_PREACT.unit(),
                ActivationKind.RELU, m, 1e-3, SHAPE, 1L)).graph();
        for (String stage : List.of("s1r1-", "s3r1-")) {
            assertTrue(g.getVertex(stage + "1-bn") != null && g.getVertex(stage + "7-add") != null, stage);
        }
        assertTrue(g.getVertex("s1r1-shortcut") != null, "3 input channels to 4 filters: a projection");
        assertTrue(g.getVertex("s3r1-shortcut") != null, "4 to 8 filters: a projection");
        assertEquals(CostModel.of(Placement.FULL_PREACT.unit(), m, SHAPE).parameters(), g.numParams());
    }

    /**
     * The five placements compute five different functions from the same input. In training mode: a fresh batch norm
     * in inference mode is (nearly) the identity, which would make original and bn-after-add look alike.
     */
    @Test
    void thePlacementsAreDifferentFunctions() {
        SweepConfig.Model m = model("[{placements = [original], sizes = [3], shortcut = identity, swept = true}]");
        INDArray x = input();
        List<INDArray> outputs = new java.util.ArrayList<>();
        for (Placement p : Placement.values()) {
            outputs.add(NetworkFactory.network(p.unit(), ActivationKind.RELU, m, 1e-3, SHAPE, 1L).output(x, true));
        }
        for (int a = 0; a < outputs.size(); a++) {
            for (int b = a + 1; b < outputs.size(); b++) {
                assertTrue(outputs.get(a).sub(outputs.get(b)).amaxNumber().doubleValue() > 1e-4,
                        Placement.values()[a] + " vs " + Placement.values()[b]);
            }
        }
    }

    /** A graph survives the checkpoint's model file with its parameters and updater state. */
    @Test
    void aGraphIsWrittenAndReadBack() throws Exception {
        SweepConfig.Model m = model("[{placements = [full-preact], sizes = [4], swept = true}]");
        Network net = NetworkFactory.network(Placement.FULL_PREACT.unit(), ActivationKind.RELU, m, 1e-3, SHAPE, 1L);
        INDArray x = input();
        INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 10);
        for (int i = 0; i < 4; i++) {
            y.putScalar(i, i, 1f);
        }
        net.fit(new org.nd4j.linalg.dataset.DataSet(x, y));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        net.write(bytes);
        Network back = Network.read(new ByteArrayInputStream(bytes.toByteArray()), true);
        assertEquals(net.params(), back.params());
        assertEquals(((Network.Graph) net).graph().getUpdater().getStateViewArray(),
                ((Network.Graph) back).graph().getUpdater().getStateViewArray());
        assertEquals(0.0, net.output(x, false).sub(back.output(x, false)).amaxNumber().doubleValue(), 1e-6);
    }
}
