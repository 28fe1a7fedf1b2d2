package org.ordersweep.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Parquet table (a file, or a folder of part files as Spark writes them) with Parquet's own reader, on any
 * Hadoop filesystem and without a Spark session, so that the driver can check the data before Spark starts and every
 * executor can load it the same way. Each row gives a label and a features vector:
 * <ul>
 *   <li>the label column: integers 0..classes-1, or text (classes are the distinct values in sorted order);</li>
 *   <li>the features column: an array of numbers (float, double, int or long elements), or an ML vector as Spark ML
 *       stores it (struct of type, size, indices, values; dense or sparse);</li>
 *   <li>optionally a split column: text "test" or boolean true marks a test row.</li>
 * </ul>
 * Part files are read in name order and rows in file order, so the data (and its hash) is the same on every JVM.
 */
public final class TableReader {

    private TableReader() {
    }

    /** One row: its label as text (integers too) and its features; whether the split column marks it a test row. */
    public record Row(String label, double[] features, boolean test) {
    }

    public static List<Row> read(String path, Configuration hadoop, String labelColumn, String featuresColumn,
                                 String splitColumn) {
        List<Row> rows = new ArrayList<>();
        for (Path file : parts(path, hadoop)) {
            try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file).withConf(hadoop)
                    .build()) {
                long n = 0;
                for (Group g = reader.read(); g != null; g = reader.read()) {
                    n++;
                    rows.add(row(g, file, n, labelColumn, featuresColumn, splitColumn));
                }
            } catch (IOException | RuntimeException e) {
                if (e instanceof DataError d) {
                    throw d;
                }
                throw new DataError(file.toString(), "cannot read as Parquet: " + firstLine(e));
            }
        }
        if (rows.isEmpty()) {
            throw new DataError(path, "the table has no rows");
        }
        return rows;
    }

    private static Row row(Group g, Path file, long n, String labelColumn, String featuresColumn,
                           String splitColumn) {
        GroupType schema = g.getType();
        String where = file + ", row " + n;
        for (String c : splitColumn.isEmpty() ? List.of(labelColumn, featuresColumn)
                : List.of(labelColumn, featuresColumn, splitColumn)) {
            if (!schema.containsField(c)) {
                throw new DataError(file.toString(), "no column '" + c + "'; columns: " + columns(schema));
            }
        }
        if (g.getFieldRepetitionCount(labelColumn) == 0 || g.getFieldRepetitionCount(featuresColumn) == 0) {
            throw new DataError(where, "a null label or features value");
        }
        String label = g.getValueToString(schema.getFieldIndex(labelColumn), 0);
        double[] features = features(g.getGroup(featuresColumn, 0), where, featuresColumn);
        boolean test = false;
        if (!splitColumn.isEmpty() && g.getFieldRepetitionCount(splitColumn) > 0) {
            String v = g.getValueToString(schema.getFieldIndex(splitColumn), 0);
            test = v.equalsIgnoreCase("test") || v.equalsIgnoreCase("true");
        }
        return new Row(label, features, test);
    }

    /** An array (Parquet LIST: one repeated group with one element) or an ML vector struct. */
    private static double[] features(Group f, String where, String column) {
        GroupType t = f.getType();
        if (t.containsField("values") && t.containsField("type")) {
            int type = f.getInteger("type", 0);
            double[] values = list(f.getGroup("values", 0));
            if (type == 1) {
                return values; // dense
            }
            int size = f.getInteger("size", 0);
            double[] dense = new double[size];
            double[] indices = list(f.getGroup("indices", 0));
            for (int i = 0; i < indices.length; i++) {
                dense[(int) indices[i]] = values[i];
            }
            return dense;
        }
        if (t.getFieldCount() == 1 && t.getType(0).isRepetition(Type.Repetition.REPEATED)) {
            return list(f);
        }
        throw new DataError(where, "column '" + column + "' is neither an array of numbers nor an ML vector: " + t);
    }

    private static double[] list(Group list) {
        Type repeated = list.getType().getType(0);
        int n = list.getFieldRepetitionCount(0);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            if (repeated.isPrimitive()) {
                out[i] = number(list, 0, i, repeated.asPrimitiveType());
            } else {
                Group element = list.getGroup(0, i);
                if (element.getFieldRepetitionCount(0) == 0) {
                    throw new DataError(list.getType().getName(), "a null element in the features");
                }
                out[i] = number(element, 0, 0, element.getType().getType(0).asPrimitiveType());
            }
        }
        return out;
    }

    private static double number(Group g, int field, int index, PrimitiveType type) {
        return switch (type.getPrimitiveTypeName()) {
            case DOUBLE -> g.getDouble(field, index);
            case FLOAT -> g.getFloat(field, index);
            case INT32 -> g.getInteger(field, index);
            case INT64 -> g.getLong(field, index);
            default -> throw new DataError(type.getName(), "features must be numbers, not " + type);
        };
    }

    /** The table's Parquet files: the path itself, or a folder's files in name order (hidden ones skipped). */
    private static List<Path> parts(String path, Configuration hadoop) {
        Path p = new Path(path);
        try {
            FileSystem fs = p.getFileSystem(hadoop);
            if (!fs.exists(p)) {
                throw new DataError(path, "does not exist");
            }
            if (fs.getFileStatus(p).isFile()) {
                return List.of(p);
            }
            List<Path> files = FolderListing.visible(fs, p).stream().filter(FileStatus::isFile)
                    .map(FileStatus::getPath).toList();
            if (files.isEmpty()) {
                throw new DataError(path, "a folder without Parquet files");
            }
            return files;
        } catch (IOException e) {
            throw new DataError(path, "cannot read: " + e.getMessage());
        }
    }

    private static String columns(GroupType schema) {
        return schema.getFields().stream().map(Type::getName).toList().toString();
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
