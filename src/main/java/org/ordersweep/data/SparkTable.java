package org.ordersweep.data;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ordersweep.config.Secrets;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.plan.TrialIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * data.format = spark on the driver: the session reads the data (data.source with data.options at data.path, or the
 * catalog table data.table; the test rows from data.test-path the same way, or data.split-column), or the caller hands
 * it DataFrames; it is checked (columns, types, equal lengths, no nulls, not empty) and written once, by Spark itself
 * and in a canonical order, as Parquet tables of label and features (an array of doubles) under
 * output.dir/data/&lt;content id&gt;/: train/, and test/ when the test rows were given (data.test-path,
 * data.split-column or a test DataFrame), which the driver and every executor then read as tables
 * ({@link SparkSource}).
 * The content id depends only on the rows, not on their order or the source's form, so the same rows give the same
 * folder, the same data hash and so the same sweep: a rerun resumes; changed rows are a new sweep.
 */
public final class SparkTable {

    static final String LABEL = "label";
    static final String FEATURES = "features";
    static final String SPLIT = "split";
    /** data.source of rows handed over as DataFrames (recorded so; not a reader). */
    public static final String DATAFRAME = "dataframe";
    /** The written folder's tables: train/, and test/ when the test rows were given (else a stratified share). */
    static final String TRAIN = "train";
    static final String TEST = "test";
    private static final String ORDER = "__order";

    private static final Logger LOG = LoggerFactory.getLogger(SparkTable.class);

    private SparkTable() {
    }

    /** The configured source, read by the session and written once; the configuration then points at it. */
    public static SweepConfig write(SparkSession spark, SweepConfig config) {
        SweepConfig.Data d = config.data();
        SweepConfig.Table t = d.table();
        Dataset<Row> train = t.catalogTable().isEmpty() ? read(spark, t, d.path()) : catalog(spark, t);
        Dataset<Row> test = t.testPath().isEmpty() ? null : read(spark, t, t.testPath());
        return write(spark, config, train, test, describe(d), t.testPath().isEmpty() ? describe(d)
                : Secrets.maskUris(t.testPath()));
    }

    /**
     * DataFrames in hand, checked and written once like a configured source.
     *
     * @param test the test rows, or null: then data.split-column or a stratified data.test-fraction of train
     */
    public static SweepConfig write(SparkSession spark, SweepConfig config, Dataset<Row> train, Dataset<Row> test,
                                    String trainName, String testName) {
        SweepConfig.Table t = config.data().table();
        Dataset<Row> rows = canonical(train, t, trainName, test == null && !t.splitColumn().isEmpty() ? null
                : lit(false));
        if (test != null) {
            rows = rows.unionByName(canonical(test, t, testName, lit(true)));
        }
        rows = rows.withColumn(ORDER, xxhash64(col(LABEL), col(FEATURES), col(SPLIT)));
        Row stats = rows.agg(count(lit(1)), min(size(col(FEATURES))), max(size(col(FEATURES))),
                sum(col(ORDER).cast(DataTypes.createDecimalType(38, 0))),
                sum(hash(col(LABEL), col(FEATURES), col(SPLIT)).cast(DataTypes.LongType)),
                sum(when(col(LABEL).isNull().or(col(FEATURES).isNull()), 1).otherwise(0)),
                sum(when(col(SPLIT), 1).otherwise(0))).first();
        long n = stats.getLong(0);
        boolean splitting = test != null || !t.splitColumn().isEmpty();
        if (n == 0 || (splitting && stats.getLong(6) == n)) {
            throw new DataError(trainName, "no rows to train on" + (test == null && splitting
                    ? ": data.split-column '" + t.splitColumn() + "' marks every row a test row" : ""));
        }
        if (splitting && stats.getLong(6) == 0) {
            throw new DataError(testName, test != null ? "no test rows" : "data.split-column '" + t.splitColumn()
                    + "' marks no test rows (values \"test\" or true)");
        }
        if (stats.getLong(5) > 0) {
            throw new DataError(trainName, stats.getLong(5) + " rows have a null label or features value");
        }
        int len = config.data().channels() * config.data().height() * config.data().width();
        if (stats.getInt(1) != stats.getInt(2)) {
            throw new DataError(trainName, "the features differ in length between rows: " + stats.getInt(1) + " to "
                    + stats.getInt(2) + " values");
        }
        if (stats.getInt(1) != len) {
            throw new DataError(trainName, "the rows have " + stats.getInt(1) + " features; data.channels x "
                    + "data.height x data.width = " + config.data().channels() + " x " + config.data().height() + " x "
                    + config.data().width() + " = " + len);
        }
        String id = TrialIds.sha256(n + "|" + stats.get(3) + "|" + stats.get(4) + "|"
                + rows.schema().apply(LABEL).dataType().simpleString()).substring(0, 16);
        Path folder = new Path(new Path(config.output().dir(), "data"), id);
        try {
            FileSystem fs = folder.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(folder.getParent())) {
                long others = Arrays.stream(fs.listStatus(folder.getParent())).filter(f -> !f.getPath().getName()
                        .startsWith(".") && !f.getPath().getName().equals(id)).count();
                if (others > 0 && !fs.exists(folder)) {
                    LOG.warn("These rows (data {}) are not the rows of the {} data set(s) already in {}: a new sweep; "
                            + "the same rows again resume it.", id, others, folder.getParent());
                }
            }
            if (!fs.exists(new Path(new Path(folder, TRAIN), "_SUCCESS"))) {
                // Written aside and renamed, so that a folder named by its content is always whole.
                Path aside = new Path(folder.getParent(), ".writing-" + UUID.randomUUID());
                Dataset<Row> ordered = rows.orderBy(col(ORDER), col(LABEL), col(FEATURES)).drop(ORDER);
                ordered.where(functions.not(col(SPLIT))).drop(SPLIT).write().parquet(new Path(aside, TRAIN)
                        .toString());
                if (splitting) {
                    ordered.where(col(SPLIT)).drop(SPLIT).write().parquet(new Path(aside, TEST).toString());
                }
                if (!fs.rename(aside, folder) && !fs.exists(new Path(new Path(folder, TRAIN), "_SUCCESS"))) {
                    throw new IOException("could not rename " + aside + " to " + folder);
                }
                fs.delete(aside, true);
            }
        } catch (IOException e) {
            throw new DataError(folder.toString(), "cannot write the data: " + e.getMessage());
        }
        return config.withDataWrittenTo(folder.toString());
    }

    /** Where the data comes from, as messages and the provenance name it (passwords in URIs masked). */
    static String describe(SweepConfig.Data d) {
        SweepConfig.Table t = d.table();
        return !t.catalogTable().isEmpty() ? "table " + t.catalogTable()
                : t.source().equals(DATAFRAME) ? "a DataFrame"
                : Secrets.maskUris(d.path()) + (t.source().isEmpty() ? "" : " (" + t.source() + ")");
    }

    private static Dataset<Row> read(SparkSession spark, SweepConfig.Table t, String path) {
        DataFrameReader reader = spark.read().format(t.source()).options(t.options());
        try {
            return reader.load(path);
        } catch (Exception e) { // AnalysisException is checked in Java's eyes, and Scala throws it undeclared
            throw new DataError(Secrets.maskUris(path), "Spark cannot read it as " + t.source() + ": "
                    + firstLine(e));
        }
    }

    private static Dataset<Row> catalog(SparkSession spark, SweepConfig.Table t) {
        try {
            return spark.table(t.catalogTable());
        } catch (Exception e) { // as above
            throw new DataError("table " + t.catalogTable(), "not in the session's catalog: " + firstLine(e));
        }
    }

    /**
     * label as given (integers or text), features as an array of doubles, split: {@code split} when given, else
     * whether data.split-column says "test" or true.
     */
    private static Dataset<Row> canonical(Dataset<Row> df, SweepConfig.Table t, String name, Column split) {
        StructType schema = df.schema();
        List<String> columns = Arrays.asList(schema.fieldNames());
        List<String> needed = new ArrayList<>(List.of(t.labelColumn()));
        needed.addAll(t.featuresColumns().isEmpty() ? List.of(t.featuresColumn()) : t.featuresColumns());
        if (split == null) {
            needed.add(t.splitColumn());
        }
        for (String c : needed) {
            if (!columns.contains(c)) {
                throw new DataError(name, "no column '" + c + "'; columns: " + String.join(", ", columns));
            }
        }
        DataType label = schema.apply(t.labelColumn()).dataType();
        if (!(label instanceof StringType) && !isIntegral(label)) {
            throw new DataError(name, "label column '" + t.labelColumn() + "' is " + label.simpleString()
                    + "; it must hold integers or text");
        }
        Column splitColumn = split != null ? split : splitOf(schema.apply(t.splitColumn()));
        return df.select(labelOf(t, label).as(LABEL), features(schema, t, name).as(FEATURES), splitColumn.as(SPLIT));
    }

    /** The features as an array of doubles: from numeric columns, an array column, or an ML vector's struct. */
    private static Column features(StructType schema, SweepConfig.Table t, String name) {
        if (!t.featuresColumns().isEmpty()) {
            for (String c : t.featuresColumns()) {
                requireNumeric(name, schema.apply(c));
            }
            return array(t.featuresColumns().stream().map(c -> col(c).cast(DataTypes.DoubleType))
                    .toArray(Column[]::new));
        }
        StructField f = schema.apply(t.featuresColumn());
        if (f.dataType() instanceof StructType v && Arrays.asList(v.fieldNames()).containsAll(List.of("type", "size",
                "indices", "values"))) {
            // An ML vector as Parquet stores it: type 1 dense (values), 0 sparse (size, indices, values).
            String c = "`" + f.name().replace("`", "``") + "`";
            return expr("CASE WHEN " + c + ".type = 1 THEN " + c + ".values ELSE transform(sequence(0, " + c
                    + ".size - 1), i -> coalesce(element_at(map_from_arrays(" + c + ".indices, " + c + ".values), i), "
                    + "0D)) END").cast(DataTypes.createArrayType(DataTypes.DoubleType));
        }
        if (!(f.dataType() instanceof ArrayType a && a.elementType() instanceof NumericType)) {
            throw new DataError(name, "features column '" + f.name() + "' is " + f.dataType().simpleString()
                    + "; it must be an array of numbers (or give data.features-columns, the numeric columns "
                    + "that together are the features)");
        }
        return col(f.name()).cast(DataTypes.createArrayType(DataTypes.DoubleType));
    }

    /** Text as it is, integers as longs (so the written table's label type does not depend on the source's). */
    private static Column labelOf(SweepConfig.Table t, DataType label) {
        return label instanceof StringType ? col(t.labelColumn()) : col(t.labelColumn()).cast(DataTypes.LongType);
    }

    private static Column splitOf(StructField f) {
        return f.dataType() instanceof BooleanType ? when(col(f.name()), true).otherwise(false)
                : when(lower(col(f.name()).cast(DataTypes.StringType)).isin("test", "true"), true).otherwise(false);
    }

    private static void requireNumeric(String name, StructField f) {
        if (!(f.dataType() instanceof NumericType)) {
            throw new DataError(name, "feature column '" + f.name() + "' is " + f.dataType().simpleString()
                    + ", not numeric");
        }
    }

    private static boolean isIntegral(DataType t) {
        return t.equals(DataTypes.IntegerType) || t.equals(DataTypes.LongType) || t.equals(DataTypes.ShortType)
                || t.equals(DataTypes.ByteType);
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m).strip();
    }
}
