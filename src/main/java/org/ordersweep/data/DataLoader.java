package org.ordersweep.data;

import org.apache.hadoop.conf.Configuration;
import org.ordersweep.config.Secrets;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.domain.InputShape;
import org.ordersweep.plan.Seeds;
import org.ordersweep.plan.TrialIds;

import java.io.Serializable;
import java.util.List;

/**
 * Loads the sweep's training and test data once, on the driver, from the embedded subset or from a folder on any
 * Hadoop filesystem: data.format's {@link DatasetSource} reads it, the limits take their samples, and the format
 * shapes it for the configured layout.
 */
public final class DataLoader {

    private DataLoader() {
    }

    /**
     * @param validation held out of the training data for halving decisions; null when none
     * @param sampling   how the examples were chosen from the source (limits sample), for the provenance
     */
    public record TrainTest(LabelledData train, LabelledData test, LabelledData validation, String source,
                            String sampling, List<String> classNames) implements Serializable {
        /** The source as logged and recorded: without a password given in its URI. */
        public TrainTest {
            source = Secrets.maskUris(source);
            classNames = List.copyOf(classNames);
        }

        public TrainTest(LabelledData train, LabelledData test, String source, List<String> classNames) {
            this(train, test, null, source, "all examples", classNames);
        }

        public InputShape shape() {
            return train.shape();
        }

        /** Identifies the training and test examples (not the validation split, which is derived from them). */
        public String hash() {
            return TrialIds.sha256(train.hash() + test.hash());
        }

        /** The same data with a reproducible random share of the training examples held out for validation. */
        public TrainTest withValidation(double fraction) {
            LabelledData[] split = train.splitValidation(fraction);
            return new TrainTest(split[0], test, split[1], source, sampling, classNames);
        }
    }

    /** The sweep's data: limits take a stratified sample seeded by sweep.master-seed. */
    public static TrainTest load(SweepConfig config, Configuration hadoop) {
        return load(config.data(), config.model(), config.sweep().masterSeed(), hadoop);
    }

    public static TrainTest load(SweepConfig.Data data, SweepConfig.Model model, long seed, Configuration hadoop) {
        DatasetSource source = DatasetSource.of(data.format());
        TrainTest raw = source.read(data, seed, hadoop);
        // Separate streams for the two limits, so that changing one leaves the other's sample as it was.
        LabelledData train = raw.train().stratifiedSample(data.trainLimit(), Seeds.derive(seed, 0x7124L));
        LabelledData test = raw.test().stratifiedSample(data.testLimit(), Seeds.derive(seed, 0x7E57L));
        if (model.oneDimensional()) {
            train = source.asSequences(train);
            test = source.asSequences(test);
        }
        String sampling = describe("training", train.size(), raw.train().size()) + ", "
                + describe("test", test.size(), raw.test().size())
                + (train.size() < raw.train().size() || test.size() < raw.test().size()
                ? " (stratified by class, seeded by sweep.master-seed " + seed + ")" : "");
        return new TrainTest(train, test, null, raw.source(), sampling, raw.classNames());
    }

    private static String describe(String what, int used, int available) {
        return used == available ? "all " + available + " " + what + " examples"
                : used + " of " + available + " " + what + " examples";
    }
}
