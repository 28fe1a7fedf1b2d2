package org.ordersweep.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.InputShape;
import org.ordersweep.domain.Ordering;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The shorthand keys (model.blocks, filters, kernel, pool, dropout, dense) build exactly the DL4J configuration they
 * built before networks could be described as stages: each fixture is the configuration's JSON as the template
 * network built it, recorded before stages existed (since then, a network's first conv is a {@link LeadingConvolution},
 * its other convs {@link ChannelsLastConvolution}s, pooling in front of the first conv a {@link LeadingPooling}, its
 * dense layers {@link CachedForwardDense}s, its output layer a {@link SoftmaxOutput} and its updater a
 * {@link JavaAdam}: DL4J's configurations under other classes, the only changes to the recorded JSON).
 */
class TemplateNetworkTest {

    static Stream<Arguments> templates() {
        return Stream.of(
                Arguments.of("default-relu", List.of(), "conv>bn>act>pool>dropout", "relu",
                        new InputShape(1, 28, 28, 10)),
                Arguments.of("default-pool-first-mish", List.of(), "pool>act>conv>dropout>bn", "mish",
                        new InputShape(1, 28, 28, 10)),
                Arguments.of("three-blocks-1d", List.of("model.layout=1d", "model.blocks=3", "model.filters=[8,16,32]",
                                "model.kernel=5", "model.pool=3", "model.dropout=0.1", "model.dense=64"),
                        "bn>conv>act>pool>dropout", "tanh", new InputShape(96, 1, 96, 4)),
                Arguments.of("avgpool-rgb", List.of("model.filters=[4,8]", "model.dense=16"),
                        "conv>act>avgpool>dropout", "leakyrelu", new InputShape(3, 32, 32, 10)),
                Arguments.of("one-block-no-bn", List.of("model.blocks=1", "model.filters=[6]"), "conv>act>pool",
                        "identity", new InputShape(1, 28, 28, 10)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void theShorthandBuildsTheRecordedNetwork(String name, List<String> sets, String ordering, String activation,
                                              InputShape input) throws IOException {
        SweepConfig.Model model = ConfigLoader.load(null, sets).model();
        String json = NetworkFactory.build(Ordering.parse(ordering), ActivationKind.parse(activation), model, 1e-3,
                input, 42L).toJson();
        assertEquals(recorded(name), json, name);
    }

    /** The default template written out as one swept stage builds the same network. */
    @org.junit.jupiter.api.Test
    void theTemplateWrittenAsStagesBuildsTheRecordedNetwork() throws IOException {
        SweepConfig.Model model = ConfigLoader.load(null, List.of("model.stages=[{elements = [conv, bn, act, pool, "
                + "dropout], repeat = 2, sizes = [32, 64], swept = true}]")).model();
        String json = NetworkFactory.build(Ordering.parse("conv>bn>act>pool>dropout"), ActivationKind.RELU, model,
                1e-3, new InputShape(1, 28, 28, 10), 42L).toJson();
        assertEquals(recorded("default-relu"), json);
    }

    private static String recorded(String name) throws IOException {
        try (InputStream in = TemplateNetworkTest.class.getResourceAsStream("template/" + name + ".json")) {
            assertNotNull(in, "fixture template/" + name + ".json");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
