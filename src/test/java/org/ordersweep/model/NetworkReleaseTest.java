package org.ordersweep.model;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.InputShape;
import org.ordersweep.domain.Ordering;
import org.ordersweep.domain.Placement;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A trial gives back its network's largest arrays as it ends, in both kinds of network. */
class NetworkReleaseTest {

    private static final InputShape SHAPE = new InputShape(1, 8, 8, 10);

    private static DataSet batch() {
        Nd4j.getRandom().setSeed(3);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 4, SHAPE.classes());
        for (int i = 0; i < 4; i++) {
            labels.putScalar(i, i, 1f);
        }
        return new DataSet(Nd4j.rand(DataType.FLOAT, 4, SHAPE.height(), SHAPE.width(), SHAPE.channels()), labels);
    }

    private static void trainThenRelease(Network net) {
        net.fit(batch());
        INDArray params = net.params();
        INDArray gradients = net.model().getGradientsViewArray();
        INDArray updaterState = net.updaterState();
        for (INDArray a : List.of(params, gradients, updaterState)) {
            assertFalse(a.wasClosed());
            assertTrue(a.length() > 0);
        }
        net.release();
        assertTrue(params.wasClosed(), "parameters freed");
        assertTrue(gradients.wasClosed(), "gradients freed");
        assertTrue(updaterState.wasClosed(), "Adam's state freed");
    }

    @Test
    void aStackGivesBackItsParametersGradientsAndUpdaterState() {
        SweepConfig.Model m = ConfigLoader.load(null, List.of("model.blocks=1", "model.filters=[4]", "model.dense=8")).model();
        trainThenRelease(NetworkFactory.network(Ordering.parse("conv>bn>act>pool>dropout"), ActivationKind.RELU, m,
                1e-3, SHAPE, 1L));
    }

    @Test
    void aGraphGivesBackItsParametersGradientsAndUpdaterState() {
        SweepConfig.Model m = ConfigLoader.load(null, List.of("model.stages=[{placements = [full-preact], sizes = [4],"
                + " swept = true}]", "model.head=global-average")).model();
        trainThenRelease(NetworkFactory.network(Placement.FULL_PREACT.unit(), ActivationKind.RELU, m, 1e-3, SHAPE,
                1L));
    }
}
