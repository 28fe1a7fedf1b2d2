package org.ordersweep.results;

import org.ordersweep.config.ConfigError;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.StageList;
import org.ordersweep.config.SweepConfig;

import java.util.Map;

/**
 * What a sweep was run with, as its newest run recorded it in runs/<sweep_id>/: the settings that decide how its
 * results are read, typed once. A sweep is judged by its own configuration, not by the one it is analysed with.
 *
 * @param learningRate the sweep's train.learning-rate: the rate of trial rows written before rates could be swept
 * @param dropout      the swept stage's dropout (model.dropout unless model.stages gives it), which decides what
 *                     commutes with dropout
 * @param racing       the seed race it ran, null when none
 * @param halving      whether successive halving stopped classes early
 * @param testExamples the test set's size from provenance.json, 0 when not recorded
 * @param network      the network it trained, in one line ({@link SweepConfig.Model#describe()})
 */
public record RecordedRun(double learningRate, double dropout, SweepConfig.Racing racing, boolean halving,
                          int testExamples, String network) {

    /**
     * The sweep's record in this folder. A sweep without a recorded config.conf (written before runs kept theirs) is
     * taken to have run with {@code current}.
     */
    public static RecordedRun read(ResultStore store, String sweepId, SweepConfig current) {
        Map<String, String> recorded = store.latestRunFile(sweepId, "config.conf").map(SweepConfig::parseRendered)
                .orElse(current.resolved());
        int testExamples = store.latestRunFile(sweepId, "provenance.json").map(Provenance::testExamples).orElse(0);
        return of(recorded, current, testExamples);
    }

    /**
     * From a recorded (or resolved) configuration. A key the record lacks was not recorded by the version that wrote
     * it: the rate and dropout are then {@code current}'s, and racing and halving, which that version did not have,
     * are off.
     */
    static RecordedRun of(Map<String, String> recorded, SweepConfig current, int testExamples) {
        return new RecordedRun(number(recorded, "train.learning-rate", current.train().learningRate()),
                StageList.sweptDropout(recorded.get("model.stages"),
                        number(recorded, "model.dropout", current.model().dropout())), SweepConfig.racing(recorded),
                "true".equals(recorded.get("train.halving.enabled")), testExamples, network(recorded, current));
    }

    /**
     * The recorded model keys read back as a configuration; {@code current}'s network when the record has none, or
     * has keys this version no longer reads.
     */
    static String network(Map<String, String> recorded, SweepConfig current) {
        StringBuilder model = new StringBuilder();
        boolean stages = !"[]".equals(recorded.getOrDefault("model.stages", "[]"));
        recorded.forEach((k, v) -> {
            // Beside stages, the template's own keys were recorded at their defaults and are refused if given.
            if (k.startsWith("model.") && !(stages && (k.equals("model.blocks") || k.equals("model.filters")))) {
                model.append(k).append(" = ").append(v).append('\n');
            }
        });
        if (model.isEmpty()) {
            return current.model().describe();
        }
        try {
            return ConfigLoader.loadText(model.toString(), "recorded config.conf").model().describe();
        } catch (ConfigError e) {
            return current.model().describe();
        }
    }

    private static double number(Map<String, String> recorded, String key, double ifAbsent) {
        String v = recorded.get(key);
        return v == null ? ifAbsent : Double.parseDouble(v);
    }
}
