package org.ordersweep.config;

import org.junit.jupiter.api.Test;
import org.ordersweep.domain.Element;

import java.io.File;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** model.stages read into the network's stages: defaults, the swept block, and what a recorded run reads back. */
class StagesConfigTest {

    private static final String TEMPLATE_AS_STAGES = "model.stages=[{elements = [conv, bn, act, pool, dropout], "
            + "repeat = 2, sizes = [32, 64], swept = true}]";

    @Test
    void theTemplateWrittenAsStagesIsTheTemplate() {
        SweepConfig.Model shorthand = ConfigLoader.load(null, List.of()).model();
        SweepConfig.Model stages = ConfigLoader.load(null, List.of(TEMPLATE_AS_STAGES)).model();
        assertEquals(shorthand, stages);
        assertEquals(new Stage(List.of(Element.CONV, Element.BN, Element.ACT, Element.POOL, Element.DROPOUT), true, 2,
                List.of(32, 64), 3, 2, 0.25), shorthand.swept());
    }

    @Test
    void aStageTakesTheShorthandKernelPoolAndDropoutUnlessItSetsItsOwn() {
        SweepConfig c = ConfigLoader.load(null, List.of("model.kernel=5", "model.pool=3", "model.dropout=0.1",
                "model.head=output", "model.stages=[{elements = [conv, act, pool], sizes = [8]}, "
                        + "{elements = [bn, act], repeat = 2}, {elements = [dense, act, dropout], sizes = [20, 10], "
                        + "repeat = 2, dropout = 0.5, swept = true}]"));
        List<Stage> s = c.model().stages();
        assertEquals(new Stage(List.of(Element.CONV, Element.ACT, Element.POOL), false, 1, List.of(8), 5, 3, 0.1),
                s.get(0));
        // No conv or dense: no sizes; zeros stand in, one per repeat.
        assertEquals(new Stage(List.of(Element.BN, Element.ACT), false, 2, List.of(0, 0), 5, 3, 0.1), s.get(1));
        assertEquals(new Stage(List.of(Element.DENSE, Element.ACT, Element.DROPOUT), true, 2, List.of(20, 10), 5, 3,
                0.5), s.get(2));
        assertEquals(Head.OUTPUT, c.model().head());
        // The swept stage's elements are the block; its dropout decides what commutes with dropout.
        assertEquals(List.of(List.of(Element.DENSE, Element.ACT, Element.DROPOUT)), c.sweep().blocks());
        assertEquals(0.5, c.model().dropout());
    }

    @Test
    void sweepBlockMayRepeatTheSweptStageButNotDisagree() {
        String stages = "model.stages=[{elements = [dense, bn, act], sizes = [16], swept = true}]";
        SweepConfig same = ConfigLoader.load(null, List.of(stages, "sweep.block=[act,dense,bn]"));
        assertEquals(List.of(Element.DENSE, Element.BN, Element.ACT), same.sweep().blocks().get(0));
        ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.load(null, List.of(stages,
                "sweep.block=[dense,bn]")));
        assertEquals("sweep.block = [dense,bn] (--set): disagrees with the swept stage of model.stages, [dense, bn, "
                + "act]; the swept stage's elements are the block", e.getMessage());
    }

    /** A recorded config.conf gives back the swept stage's own dropout, which decides the analysis' claims. */
    @Test
    void aRecordedRunReadsTheSweptStagesDropout() {
        SweepConfig c = ConfigLoader.load(new File("conf/fc-block.conf"), List.of());
        var recorded = SweepConfig.parseRendered(c.render());
        assertEquals(0.5, StageList.sweptDropout(recorded.get("model.stages"), 0.25));
        assertEquals(0.5, StageList.sweptDropout(c.resolved().get("model.stages"), 0.25));
        // Without stages (or a record from before them): model.dropout.
        assertEquals(0.25, StageList.sweptDropout(null, 0.25));
        assertEquals(0.25, StageList.sweptDropout("[]", 0.25));
    }

    @Test
    void theShippedFullyConnectedConfigurationSweepsItsFcStage() {
        SweepConfig c = ConfigLoader.load(new File("conf/fc-block.conf"), List.of());
        assertEquals(2, c.model().stages().size());
        assertEquals(List.of(Element.DENSE, Element.BN, Element.ACT, Element.DROPOUT), c.model().swept().elements());
        assertEquals(List.of(Element.CONV, Element.BN, Element.ACT, Element.POOL), c.model().stages().get(0)
                .elements());
        assertTrue(c.model().stages().get(1).swept());
        assertEquals(Head.OUTPUT, c.model().head());
    }
}
