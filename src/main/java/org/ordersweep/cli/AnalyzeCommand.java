package org.ordersweep.cli;

import org.apache.spark.sql.SparkSession;
import org.ordersweep.OrderSweep;
import org.ordersweep.analysis.AnalysisRunner;
import org.ordersweep.analysis.Findings;
import org.ordersweep.config.Secrets;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.results.ResultStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** Statistics, verdicts on the claims, summary tables and the HTML report for a sweep's results. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Analyse a sweep in output.dir: per-ordering intervals, tests against the "
        + "best, precedence effects, findings; writes summary/ Parquet and report/<sweep_id>.html.")
final class AnalyzeCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Mixin
    SparkOptions sparkOptions;

    @Option(names = "--sweep-id", description = "The sweep to analyse (default: the one that finished last).")
    String sweepId;

    @Override
    public Integer call() {
        SweepConfig config = options.load();
        // Before Spark starts: a missing or damaged results folder costs nothing.
        ResultStore.checkReadable(config.output().dir(),
                SparkSetup.hadoopConfiguration(sparkOptions.conf(config)));
        SparkSession spark = sparkOptions.start(config);
        try {
            print(OrderSweep.analyze(spark, config, sweepId));
            return 0;
        } finally {
            spark.stop();
        }
    }

    static void print(AnalysisRunner.Output out) {
        System.out.println();
        System.out.println("Findings for sweep " + out.sweepId() + ":");
        for (Findings.Finding f : out.findings()) {
            System.out.println("  " + f.claim() + ". [" + f.verdict().key() + "] " + f.text());
            System.out.println("     " + f.evidence());
        }
        System.out.println("Report: " + Secrets.maskUris(out.reportPath()));
        System.out.println("Summary tables: " + Secrets.maskUris(out.summaryPath()));
    }
}
