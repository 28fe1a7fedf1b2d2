package org.ordersweep.results;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The explicit Parquet schemas of summary/, the tables {@code analyze} writes (one partition per sweep): readers,
 * notebooks and exports rely on their column names, types and order.
 */
public final class SummarySchemas {

    /** One row per trained class in each setting: its accuracy, rank, comparisons and speed. */
    public static final StructType ORDERINGS = new StructType()
            .add("activation", DataTypes.StringType).add("learning_rate", DataTypes.DoubleType)
            .add("block", DataTypes.StringType).add("ordering", DataTypes.StringType)
            .add("class_id", DataTypes.StringType).add("members", DataTypes.IntegerType)
            .add("n", DataTypes.IntegerType).add("accuracy_mean", DataTypes.DoubleType)
            .add("accuracy_std", DataTypes.DoubleType).add("accuracy_low", DataTypes.DoubleType)
            .add("accuracy_high", DataTypes.DoubleType).add("rank", DataTypes.IntegerType)
            .add("might_be_best", DataTypes.BooleanType).add("best_low", DataTypes.DoubleType)
            .add("best_high", DataTypes.DoubleType).add("p_best", DataTypes.DoubleType)
            .add("out_of_race", DataTypes.StringType)
            .add("diff_vs_best", DataTypes.DoubleType).add("p_vs_best_unadjusted", DataTypes.DoubleType)
            .add("test", DataTypes.StringType).add("diff_vs_control", DataTypes.DoubleType)
            .add("control_low", DataTypes.DoubleType).add("control_high", DataTypes.DoubleType)
            .add("p_control", DataTypes.DoubleType)
            .add("pareto", DataTypes.BooleanType).add("seconds_per_epoch", DataTypes.DoubleType)
            .add("seconds_per_epoch_low", DataTypes.DoubleType).add("seconds_per_epoch_high", DataTypes.DoubleType)
            .add("inference_samples_per_second", DataTypes.DoubleType);

    /** One row per pair of elements in each setting: does putting the first before the second matter? */
    public static final StructType PRECEDENCE = new StructType()
            .add("activation", DataTypes.StringType).add("learning_rate", DataTypes.DoubleType)
            .add("block", DataTypes.StringType).add("first", DataTypes.StringType)
            .add("second", DataTypes.StringType).add("classes_before", DataTypes.IntegerType)
            .add("classes_after", DataTypes.IntegerType).add("classes_both_ways", DataTypes.IntegerType)
            .add("seeds", DataTypes.IntegerType).add("accuracy_diff", DataTypes.DoubleType)
            .add("accuracy_low", DataTypes.DoubleType).add("accuracy_high", DataTypes.DoubleType)
            .add("accuracy_p", DataTypes.DoubleType).add("accuracy_p_holm", DataTypes.DoubleType)
            .add("accuracy_test", DataTypes.StringType).add("margin", DataTypes.DoubleType)
            .add("p_equivalent", DataTypes.DoubleType).add("p_equivalent_holm", DataTypes.DoubleType)
            .add("p_beyond_margin", DataTypes.DoubleType).add("p_beyond_margin_holm", DataTypes.DoubleType)
            .add("same_contrast_as", DataTypes.StringType)
            .add("seconds_per_epoch_diff", DataTypes.DoubleType)
            .add("seconds_per_epoch_low", DataTypes.DoubleType).add("seconds_per_epoch_high", DataTypes.DoubleType);

    /** Whether the best ordering changes with the activation or the rate. */
    public static final StructType INTERACTION = new StructType()
            .add("factor", DataTypes.StringType).add("within", DataTypes.StringType)
            .add("levels", DataTypes.StringType).add("orderings", DataTypes.IntegerType)
            .add("seeds", DataTypes.IntegerType).add("f", DataTypes.DoubleType).add("df1", DataTypes.IntegerType)
            .add("df2", DataTypes.IntegerType).add("p", DataTypes.DoubleType)
            .add("significant", DataTypes.BooleanType).add("best_by_level", DataTypes.StringType);

    /** Each ordering's accuracy at each swept rate, with its best rate. */
    public static final StructType LEARNING_RATES = new StructType()
            .add("activation", DataTypes.StringType).add("block", DataTypes.StringType)
            .add("ordering", DataTypes.StringType).add("learning_rate", DataTypes.DoubleType)
            .add("n", DataTypes.IntegerType).add("accuracy_mean", DataTypes.DoubleType)
            .add("accuracy_low", DataTypes.DoubleType).add("accuracy_high", DataTypes.DoubleType)
            .add("best_rate", DataTypes.DoubleType).add("best_minus_next", DataTypes.DoubleType)
            .add("best_minus_next_p", DataTypes.DoubleType);

    /**
     * The best of a block against the best of a smaller one, or of one of the same size with {@code removed}
     * replaced by {@code added} (then "larger" is the first block, "smaller" the second).
     */
    public static final StructType ABLATIONS = new StructType()
            .add("activation", DataTypes.StringType).add("learning_rate", DataTypes.DoubleType)
            .add("larger_block", DataTypes.StringType).add("smaller_block", DataTypes.StringType)
            .add("removed", DataTypes.StringType).add("added", DataTypes.StringType)
            .add("best_larger", DataTypes.StringType).add("best_smaller", DataTypes.StringType)
            .add("mean_larger", DataTypes.DoubleType).add("mean_smaller", DataTypes.DoubleType)
            .add("seeds", DataTypes.IntegerType).add("pairs", DataTypes.IntegerType).add("difference", DataTypes.DoubleType)
            .add("low", DataTypes.DoubleType).add("high", DataTypes.DoubleType);

    /** One row per forum claim: its verdict and evidence. */
    public static final StructType FINDINGS = new StructType()
            .add("claim", DataTypes.IntegerType).add("text", DataTypes.StringType)
            .add("verdict", DataTypes.StringType).add("evidence", DataTypes.StringType)
            .add("margin", DataTypes.DoubleType).add("test", DataTypes.StringType).add("p", DataTypes.DoubleType)
            .add("p_adjusted", DataTypes.DoubleType).add("seeds_per_class", DataTypes.IntegerType)
            .add("design", DataTypes.StringType);

    private SummarySchemas() {
    }
}
