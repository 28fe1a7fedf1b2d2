package org.ordersweep.analysis;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.ordersweep.results.SummarySchemas;
import org.ordersweep.stats.Stats;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * summary/: an analysis's results as Parquet tables ({@link SummarySchemas}), one partition per sweep, replaced when
 * the sweep is analysed again.
 */
final class SummaryTables {

    private SummaryTables() {
    }

    /** @param dir the summary/ folder */
    static void write(SparkSession spark, String dir, String sweepId, Analysis.Result r,
                      List<Findings.Finding> findings) {
        List<Row> o = new ArrayList<>();
        for (Analysis.OrderingStats s : r.orderings()) {
            Stats.Difference c = s.vsControl();
            o.add(RowFactory.create(s.activation(), s.setting().learningRate(), s.setting().block(),
                    s.ordering().key(), s.classId(), s.members(), s.accuracy().n(),
                    n(s.accuracy().mean()), n(s.accuracy().std()), n(s.accuracy().low()), n(s.accuracy().high()),
                    s.rank(), s.mightBeBest(), n(s.bestLow()), n(s.bestHigh()), n(s.bestP()), s.outOfRace(),
                    n(s.vsBest().estimate()), n(s.vsBest().p()), s.vsBest().test(),
                    c == null ? null : n(c.estimate()), c == null ? null : n(c.low()), c == null ? null : n(c.high()),
                    c == null ? null : n(c.p()), s.pareto(), n(s.secondsPerEpoch().mean()),
                    n(s.secondsPerEpoch().low()), n(s.secondsPerEpoch().high()), n(s.inferenceSps())));
        }
        List<Row> p = new ArrayList<>();
        for (Analysis.Precedence e : r.precedence()) {
            p.add(RowFactory.create(e.activation(), e.setting().learningRate(), e.setting().block(), e.first(),
                    e.second(), e.orderingsBefore(), e.orderingsAfter(),
                    e.classesBoth(), e.seeds(), n(e.accuracy().estimate()), n(e.accuracy().low()),
                    n(e.accuracy().high()), n(e.accuracy().p()), n(e.p()), e.accuracy().test(), n(e.margin().margin()),
                    n(e.margin().pEquivalent()), n(e.pEquivalent()), n(e.margin().pBeyond()), n(e.pBeyond()),
                    String.join(" ", e.sameContrastAs()), n(e.secondsPerEpoch().estimate()),
                    n(e.secondsPerEpoch().low()), n(e.secondsPerEpoch().high())));
        }
        List<Row> f = new ArrayList<>();
        findings.forEach(x -> f.add(RowFactory.create(x.claim(), x.text(), x.verdict().key(), x.evidence(),
                n(x.margin()), x.test(), n(x.p()), n(x.pAdjusted()), x.seeds(), x.design())));
        table(spark, o, SummarySchemas.ORDERINGS, dir, "orderings", sweepId);
        table(spark, p, SummarySchemas.PRECEDENCE, dir, "precedence", sweepId);
        table(spark, f, SummarySchemas.FINDINGS, dir, "findings", sweepId);
        List<Row> in = new ArrayList<>();
        r.interactions().forEach(i -> in.add(RowFactory.create(i.factor(), i.within(), String.join(" ", i.levels()),
                i.orderings(), i.seeds(), n(i.test().f()), i.test().df1(), i.test().df2(), n(i.test().p()),
                i.significant(), i.best().toString())));
        table(spark, in, SummarySchemas.INTERACTION, dir, "interaction", sweepId);
        List<Row> lr = new ArrayList<>();
        for (RateEffects.BestRate b : r.rates()) {
            for (int i = 0; i < b.rates().size(); i++) {
                Stats.Summary a = b.accuracy().get(i);
                lr.add(RowFactory.create(b.activation(), b.block(), b.ordering(), b.rates().get(i), a.n(),
                        n(a.mean()), n(a.low()), n(a.high()), b.bestRate(), n(b.vsNext().estimate()),
                        n(b.vsNext().p())));
            }
        }
        table(spark, lr, SummarySchemas.LEARNING_RATES, dir, "learning_rates", sweepId);
        List<Row> ab = new ArrayList<>();
        r.blocks().forEach(c -> ab.add(RowFactory.create(c.activation(), c.learningRate(), c.larger(), c.smaller(),
                String.join(" ", c.removed()), String.join(" ", c.added()), c.bestLarger(), c.bestSmaller(), n(c.meanLarger()),
                n(c.meanSmaller()), c.seeds(), c.pairs(), n(c.estimate()), n(c.low()), n(c.high()))));
        table(spark, ab, SummarySchemas.ABLATIONS, dir, "ablations", sweepId);
    }

    /** One sweep's partition of a summary table; none when there is nothing to say (e.g. one learning rate). */
    private static void table(SparkSession spark, List<Row> rows, StructType schema, String dir, String name,
                              String sweepId) {
        Path partition = new Path(new Path(dir, name), "sweep_id=" + sweepId);
        if (rows.isEmpty()) {
            try {
                FileSystem fs = partition.getFileSystem(spark.sparkContext()
                        .hadoopConfiguration());
                fs.delete(partition, true);
                // A table left without partitions is no table: readers could not infer its schema.
                if (fs.exists(partition.getParent()) && fs.listStatus(partition.getParent()).length == 0) {
                    fs.delete(partition.getParent(), true);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot remove " + partition + ": " + e.getMessage(), e);
            }
            return;
        }
        spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Overwrite).parquet(partition.toString());
    }

    private static Double n(double d) {
        return Double.isNaN(d) || Double.isInfinite(d) ? null : d;
    }
}
