package org.ordersweep.analysis;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A committed experiment against the pages that quote it: its folder analysed again (a copy), its findings table,
 * and a page section's verdict table whose every verdict and number must be the analysis's.
 */
final class ExperimentTables {

    private static final Pattern ROW = Pattern.compile("^\\| (\\d+)\\. [^|]*\\| ([a-z ]+) \\| (.*) \\|$",
            Pattern.MULTILINE);
    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+\\.\\d{3,}");
    /** Counts of claim 7's kind, which the comparison with the best decides: checked word for word. */
    private static final Pattern COUNT = Pattern.compile("\\b\\d+ of \\d+ classes may be the best|\\b\\d+ ruled out by "
            + "more than the margin");

    private ExperimentTables() {
    }

    /** A copy of a committed results folder, to analyse without touching it. */
    static Path copyOf(Path folder) throws IOException {
        Path to = Files.createTempDirectory("ordersweep-experiment");
        try (var files = Files.walk(folder)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(folder.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return to;
    }

    /** The folder's analysis again: a copy analysed with its configuration, claim -> (verdict, evidence). */
    static TreeMap<Integer, List<String>> analysed(SparkSession spark, Path folder, String conf) throws IOException {
        Path copy = copyOf(folder);
        org.ordersweep.OrderSweep.analyze(spark, org.ordersweep.OrderSweep.config(conf, "output.dir=" + copy), null);
        return findings(spark, copy);
    }

    /** claim -> (verdict, evidence) of a findings table. */
    static TreeMap<Integer, List<String>> findings(SparkSession spark, Path folder) {
        TreeMap<Integer, List<String>> out = new TreeMap<>();
        for (Row r : spark.read().parquet(folder.resolve("summary").resolve("findings").toString())
                .collectAsList()) {
            out.put(r.getAs("claim"), List.of(r.getAs("verdict"), r.getAs("evidence")));
        }
        return out;
    }

    /**
     * Every claim row of the table in a page's section: its verdict, each of its numbers and its counts of classes
     * that may be the best or are ruled out are the analysis's; the table gives at least {@code required}.
     */
    static void assertTableIsTheAnalysis(Path page, String heading, TreeMap<Integer, List<String>> analysed,
                                         List<Integer> required) throws IOException {
        String text = Files.readString(page);
        int start = text.indexOf(heading);
        assertTrue(start >= 0, page + " has no section " + heading);
        int end = text.indexOf("\n## ", start + heading.length());
        String section = text.substring(start, end < 0 ? text.length() : end);
        Matcher row = ROW.matcher(section);
        List<Integer> claims = new ArrayList<>();
        while (row.find()) {
            int claim = Integer.parseInt(row.group(1));
            claims.add(claim);
            assertEquals(analysed.get(claim).get(0), row.group(2), "claim " + claim + "'s verdict");
            Matcher count = COUNT.matcher(row.group(3));
            while (count.find()) {
                assertTrue(analysed.get(claim).get(1).contains(count.group()), () -> "claim " + claim + ": \""
                        + count.group() + "\" is not in the analysis's evidence: " + analysed.get(claim).get(1));
            }
            Matcher n = NUMBER.matcher(row.group(3));
            while (n.find()) {
                assertTrue(analysed.get(claim).get(1).contains(n.group()), () -> "claim " + claim + ": "
                        + n.group() + " is not in the analysis's evidence: " + analysed.get(claim).get(1));
            }
        }
        assertTrue(claims.containsAll(required), page + "'s table gives claims " + claims);
    }
}
