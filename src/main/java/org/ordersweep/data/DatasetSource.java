package org.ordersweep.data;

import org.apache.hadoop.conf.Configuration;
import org.ordersweep.config.DataFormat;
import org.ordersweep.config.SweepConfig;

/**
 * Reads the training and test examples of one data format, all of them: {@link DataLoader} applies the limits. The
 * examples come in the order the files give them, so that every JVM reads the same data and its hash agrees.
 */
interface DatasetSource {

    /** The seed stream a format that holds out its own test share draws it from (sweep.master-seed derived). */
    long TEST_SHARE = 0x5E1FL;

    /**
     * @param data   data.* as configured
     * @param seed   sweep.master-seed, for formats that split a test share off themselves
     * @param hadoop the filesystem settings data.path is read with
     */
    DataLoader.TrainTest read(SweepConfig.Data data, long seed, Configuration hadoop);

    /** The examples as a 1d model takes them: as read, unless the format says otherwise. */
    default LabelledData asSequences(LabelledData examples) {
        return examples;
    }

    /** The one reader of each format. */
    static DatasetSource of(DataFormat format) {
        return switch (format) {
            case FASHION_MNIST -> new FashionMnistSource();
            case UCR -> new UcrSource();
            case CIFAR10 -> new Cifar10Source();
            case IMAGES -> new ImageFolderSource();
            case TABLE -> new TableSource();
            case SPARK -> new SparkSource();
        };
    }
}
