package org.ordersweep.cli;

import org.apache.spark.sql.SparkSession;
import org.ordersweep.config.Secrets;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.model.EquivalenceVerifier;
import org.ordersweep.plan.EquivalenceClass;
import org.ordersweep.plan.SweepPlan;
import org.ordersweep.results.ResultStore;
import org.ordersweep.train.ClassVerification;
import org.ordersweep.train.SweepIdentity;
import org.ordersweep.train.SweepRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Checks the equivalence classes of a configuration against DL4J and prints the per-class report. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check numerically, with DL4J itself, that the orderings of each equivalence "
        + "class compute the same function; print the per-class report and write it to output.dir/verification/. "
        + "Exit code 1 when a class had to be split.")
final class VerifyCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() {
        List<String> overrides = new ArrayList<>(options.overrides);
        overrides.add("sweep.dedupe=true");
        options.overrides = overrides;
        SweepConfig config = options.load();
        org.apache.hadoop.conf.Configuration hadoop = SparkSetup.hadoopConfiguration(sparkOptions.conf(config));
        ResultStore.checkReadable(config.output().dir(), hadoop);
        ResultStore.checkWritable(config.output().dir(), hadoop);
        DataLoader.TrainTest data = DataLoader.load(config, hadoop);
        SparkSession spark = sparkOptions.start(config);
        try {
            SweepIdentity id = SweepIdentity.of(config, data);
            SweepPlan derived = SweepRunner.plan(config, data.shape());
            ResultStore store = new ResultStore(spark, config.output().dir());
            EquivalenceVerifier.Result result = ClassVerification.verify(derived, config, data, store, id);
            System.out.print(report(derived, result));
            System.out.println("Report: " + Secrets.maskUris(store.verificationPath(id.sweepId())));
            return result.failures() == 0 ? 0 : 1;
        } finally {
            spark.stop();
        }
    }

    static String report(SweepPlan derived, EquivalenceVerifier.Result result) {
        StringBuilder sb = new StringBuilder();
        for (EquivalenceClass c : derived.classes()) {
            var checks = result.checks().stream().filter(k -> k.classId().startsWith(c.id())
                    && k.activation().equals(c.activation().key()) && !k.isRepresentative()).toList();
            boolean ok = checks.stream().allMatch(EquivalenceVerifier.Check::passed);
            sb.append(String.format(Locale.ROOT, "%s %-9s %-4s %s", c.id(), c.activation().key(), ok ? "ok" : "FAIL",
                    c.representative().key()));
            for (var k : checks) {
                sb.append(String.format(Locale.ROOT, " = %s (max rel. diff: inference %.1e, training %.1e, "
                        + "gradient %.1e)%s", k.member(), k.inferenceDiff(), k.trainingDiff(), k.gradientDiff(),
                        k.passed() ? "" : " NOT EQUIVALENT"));
            }
            sb.append('\n');
        }
        long compared = result.checks().stream().filter(k -> !k.isRepresentative()).count();
        sb.append(String.format(Locale.ROOT, "%d classes, %d members compared with their trained representative, %d "
                + "failed (tolerance %.0e relative)%n", derived.classes().size(), compared, result.failures(),
                EquivalenceVerifier.TOLERANCE));
        return sb.toString();
    }
}
