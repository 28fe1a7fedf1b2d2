package org.ordersweep.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What data.format names: how the data under data.path is laid out, and so which reader reads it. */
public enum DataFormat implements KeyedValue {
    FASHION_MNIST("fashion-mnist", "the four IDX files (gzipped or not)"),
    UCR("ucr", "NAME_TRAIN.tsv and NAME_TEST.tsv"),
    CIFAR10("cifar10", "CIFAR-10's binary batches (data_batch_*.bin, test_batch.bin)"),
    IMAGES("images", "one sub-folder of PNG/JPEG/BMP/GIF files per class, in train/ and test/ or split"),
    TABLE("table", "a Parquet table of a label and a features column"),
    SPARK("spark", "anything the session's DataFrameReader reads: data.source (csv, json, orc, parquet, ...) with "
            + "data.options at data.path, or the catalog table data.table; written once as Parquet under "
            + "output.dir/data/ and read from there by the driver and every executor");

    private final String key;
    private final String description;

    DataFormat(String key, String description) {
        this.key = key;
        this.description = description;
    }

    @Override
    public String key() {
        return key;
    }

    /** What data.path holds in this format. */
    public String description() {
        return description;
    }

    /** Every format with what it reads, as the catalogue describes data.format. */
    static String catalogue() {
        return Arrays.stream(values()).map(f -> f.key + ": " + f.description).collect(Collectors.joining("; ")) + ".";
    }

    @Override
    public String toString() {
        return key;
    }
}
