package org.ordersweep.bench;

import org.ordersweep.cli.Main;
import org.ordersweep.cli.SparkSetup;
import org.ordersweep.config.ConfigError;
import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.DataLoader;
import org.ordersweep.model.PlanEstimate;
import org.ordersweep.train.ExecutionMode;
import org.ordersweep.train.SweepRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The bench's entry point: measures DL4J's training speed on every path a sweep uses, against PyTorch and the
 * machine's GEMM peak. Not part of the application jar; {@code jobs/ordersweep bench} runs it.
 */
@Command(name = "ordersweep bench", mixinStandardHelpOptions = true,
        description = "Measure training and inference throughput of the reference CNN and the sweep model: plain "
                + "DL4J, DL4J on Spark (parameter averaging), PyTorch on the CPU, the FP32 GEMM peak, and how much "
                + "of the machine a small sweep keeps busy in each execution mode.")
public final class BenchMain implements Callable<Integer> {

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @Option(names = "--repeats", paramLabel = "N",
            defaultValue = "5", description = "Rounds; every path runs once per round "
            + "(default ${DEFAULT-VALUE}); medians and min-max are over rounds.")
    int repeats;

    @Option(names = "--samples", paramLabel = "N",
            defaultValue = "2000", description = "Training images per timed pass, from the "
            + "embedded Fashion-MNIST subset (default ${DEFAULT-VALUE}, at most 4000).")
    int samples;

    @Option(names = "--threads", paramLabel = "N",
            description = "Native threads of plain DL4J and PyTorch (default: all cores).")
    Integer threads;

    @Option(names = "--workers", paramLabel = "N",
            description = "Spark local workers of the parameter-averaging path (default: all "
            + "cores; the master is local[WORKERS] unless --master says otherwise).")
    Integer workers;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default local[WORKERS]).")
    String master;

    @Option(names = "--reference-conf", paramLabel = "FILE", description = "The reference CNN's configuration "
            + "(default conf/fashion-mnist.conf).")
    File referenceConf;

    @Option(names = "--conf", paramLabel = "FILE", description = "The sweep configuration: its model is measured "
            + "too, its plan gives the dedupe and halving savings, a reduced run of it the sweep efficiency "
            + "(default conf/quickstart.conf).")
    File conf;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a key of the sweep configuration; "
            + "repeatable.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--gemm-size", paramLabel = "N",
            defaultValue = "2048", description = "Matrix size of the GEMM peak "
            + "(default ${DEFAULT-VALUE}).")
    int gemmSize;

    @Option(names = "--sweep-trials", paramLabel = "N", defaultValue = "4", description = "Trials of each small sweep "
            + "(default ${DEFAULT-VALUE}).")
    int sweepTrials;

    @Option(names = "--sweep-samples", paramLabel = "N",
            defaultValue = "1000", description = "Training images of each small sweep "
            + "(default ${DEFAULT-VALUE}).")
    int sweepSamples;

    @Option(names = "--sweep-epochs", paramLabel = "N",
            defaultValue = "2", description = "Epochs of each small sweep's trials "
            + "(default ${DEFAULT-VALUE}).")
    int sweepEpochs;

    @Option(names = "--skip-torch", description = "Do not run PyTorch.")
    boolean skipTorch;

    @Option(names = "--skip-spark", description = "Do not measure the Spark parameter-averaging path.")
    boolean skipSpark;

    @Option(names = "--skip-sweep", description = "Do not run the small sweeps (the plan's savings are still "
            + "reported).")
    boolean skipSweep;

    @Option(names = "--python", paramLabel = "EXE", description = "Python with PyTorch (default /usr/bin/python3, "
            + "Debian's, where python3-torch installs).")
    String python;

    @Option(names = "--format", paramLabel = "text|json",
            defaultValue = "text", description = "text or json (one JSON object on one line "
            + "of stdout).")
    String format;

    @Option(names = "--json-file", paramLabel = "FILE", description = "Also write the JSON object to FILE (e.g. to "
            + "keep it next to the table).")
    File jsonFile;

    @Option(names = "--levers", description = "Measure only the training step's levers, one by one, on the "
            + "reference CNN in sweep mode (docs/performance.md).")
    boolean levers;

    @Option(names = "--soak", paramLabel = "MINUTES", description = "Endurance instead of speed: the sweep "
            + "configuration reduced to a few trials (--sweep-trials, --sweep-samples, --sweep-epochs; 2 seeds, 2 "
            + "trials at once) trained again and again for MINUTES in each of --soak-modes, in a worker JVM watched "
            + "from here: trainings, native crashes (named from the JVM's error report; the worker is started "
            + "again), resident memory over time, results differing from their first run (docs/performance.md).")
    Double soakMinutes;

    @Option(names = "--soak-modes", split = ",", paramLabel = "MODE", defaultValue = "trial-parallel,data-parallel",
            description = "Execution modes to soak, in turn (default: ${DEFAULT-VALUE}).")
    List<String> soakModes;

    @Option(names = "--soak-dir", paramLabel = "DIR", description = "Where the soak keeps the workers' logs, "
            + "error reports and first results (default: a new temporary folder, kept).")
    File soakDir;

    @Option(names = "--soak-sample-seconds", paramLabel = "S", defaultValue = "5",
            description = "How often the worker's resident memory is read (default: ${DEFAULT-VALUE}).")
    double soakSampleSeconds;

    @Option(names = "--soak-settle-minutes", paramLabel = "M", defaultValue = SoakWorker.DEFAULT_SETTLE_MINUTES,
            description = "How often the worker, between two sweeps, runs a full collection, trims the C heap and "
                    + "reads its resident memory: what it still holds then is retained, not waiting for the "
                    + "collector (default: ${DEFAULT-VALUE}).")
    double soakSettleMinutes;

    @Option(names = "--soak-crash-after", hidden = true, defaultValue = "0",
            description = "Crash the first worker natively after this many sweeps (tests the crash report).")
    int soakCrashAfter;

    @Option(names = "--debug", description = "Print stack traces for errors.")
    boolean debug;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the bench's command line and returns the exit code, as {@link Main#execute} does (tests call this). */
    public static int execute(String... args) {
        return Main.commandLine(new BenchMain()).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        int w = workers == null ? CORES : workers;
        BenchOptions options = new BenchOptions(repeats, samples, threads == null ? CORES : threads, w, gemmSize,
                skipTorch, skipSpark, skipSweep, sweepTrials, sweepSamples, sweepEpochs,
                python != null ? python : BenchOptions.defaultPython(),
                format);
        if (jsonFile != null && (jsonFile.isDirectory() || !parentOf(jsonFile).isDirectory())) {
            throw new ConfigError("--json-file = " + jsonFile + ": must be a file in an existing folder");
        }
        File reference = existing("--reference-conf", referenceConf, "conf/fashion-mnist.conf");
        File sweep = existing("--conf", conf, "conf/quickstart.conf");
        // Configuration problems surface here, before any native or Spark start-up.
        ConfigLoader.load(reference, List.of());
        SweepConfig sweepConfig = ConfigLoader.load(sweep, overrides);
        String sparkMaster = master != null && !master.isBlank() ? master : "local[" + w + "]";
        Soak.Options soak = soakMinutes == null ? null : soakOptions(sweep, options, sparkMaster);
        PlanCost cost = planCost(sweepConfig);
        BenchRunner.Inputs inputs = new BenchRunner.Inputs(reference, sweep, overrides,
                sparkMaster,
                projectFile("jobs/bench/torch_bench.py"), cost);

        // stdout carries only the report: anything else that prints there during the run goes to stderr.
        PrintStream out = System.out;
        String text;
        String json;
        System.setOut(System.err);
        try {
            if (soak != null) {
                List<Soak.ModeReport> reports = Soak.run(soak);
                text = Soak.text(reports, soak);
                json = Soak.json(reports, soak);
            } else if (levers) {
                BenchModel model = BenchModel.of("reference", reference.getPath(),
                        ConfigLoader.load(reference, List.of()), samples);
                List<LeverBench.Row> rows = LeverBench.run(model, CORES, repeats);
                text = BenchTable.text(rows, model, CORES, repeats);
                json = BenchJson.line(rows, model, CORES, repeats);
            } else {
                BenchReport report = BenchRunner.run(options, inputs);
                text = BenchTable.text(report);
                json = BenchJson.line(report);
            }
        } finally {
            System.setOut(out);
        }
        out.print(options.json() ? json + "\n" : text);
        out.flush();
        if (jsonFile != null) {
            Files.writeString(jsonFile.toPath(), json + "\n");
        }
        return 0;
    }

    /** The soak's settings, checked before anything starts; its sweep is the sweep-efficiency part's, 2 seeds. */
    private Soak.Options soakOptions(File sweep, BenchOptions options, String master) throws IOException {
        if (!(soakMinutes > 0 && soakMinutes <= 7 * 24 * 60)) {
            throw new ConfigError("--soak = " + soakMinutes + ": must be minutes in (0, 10080]");
        }
        if (!(soakSampleSeconds >= 0.5 && soakSampleSeconds <= 3600)) {
            throw new ConfigError("--soak-sample-seconds = " + soakSampleSeconds + ": must be in [0.5, 3600]");
        }
        if (!(soakSettleMinutes >= 0 && soakSettleMinutes <= 24 * 60)) {
            throw new ConfigError("--soak-settle-minutes = " + soakSettleMinutes + ": must be minutes in [0, 1440]");
        }
        List<ExecutionMode> modes = new ArrayList<>();
        for (String m : soakModes) {
            if (!m.equals(ExecutionMode.TRIAL_PARALLEL.key()) && !m.equals(ExecutionMode.DATA_PARALLEL.key())) {
                throw new ConfigError("--soak-modes = " + String.join(",", soakModes) + ": each must be "
                        + ExecutionMode.TRIAL_PARALLEL.key() + " or " + ExecutionMode.DATA_PARALLEL.key());
            }
            modes.add(ExecutionMode.ofKey(m).orElseThrow());
        }
        if (soakDir != null && soakDir.exists() && !soakDir.isDirectory()) {
            throw new ConfigError("--soak-dir = " + soakDir + ": is a file; it must be a folder");
        }
        Path dir = soakDir != null ? Files.createDirectories(soakDir.toPath())
                : Files.createTempDirectory("ordersweep-soak");
        List<String> sets = new ArrayList<>(new SweepEfficiency(sweep, overrides, options)
                .overrides(ExecutionMode.TRIAL_PARALLEL, "").stream()
                .filter(s -> !s.startsWith("train.mode=") && !s.startsWith("output.dir=")
                        && !s.startsWith("sweep.seeds=") && !s.startsWith("sweep.concurrent-trials=")).toList());
        sets.addAll(List.of("sweep.seeds=2", "sweep.concurrent-trials=2"));
        return new Soak.Options(soakMinutes, modes, dir, sweep, sets, master, soakSampleSeconds, soakSettleMinutes,
                soakCrashAfter);
    }

    /** The plan command's estimate of the sweep configuration: trials and training FLOP with and without dedupe. */
    private static PlanCost planCost(SweepConfig config) {
        DataLoader.TrainTest data = DataLoader.load(config, SparkSetup.hadoopConfiguration(config));
        PlanEstimate e = new PlanEstimate(config, SweepRunner.plan(config, data.shape()),
                data.shape(), data.train().size(), data.test().size());
        return new PlanCost(e.plan().orderings().size(), e.plan().plannedCombinations(), e.plan().trials().size(),
                e.trainTflop(true), e.trainTflop(false));
    }

    private static File parentOf(File f) {
        File parent = f.getAbsoluteFile().getParentFile();
        return parent == null ? new File("/") : parent;
    }

    private static File existing(String option, File given, String fallback) {
        File f = given != null ? given : projectFile(fallback);
        if (!f.isFile()) {
            throw new ConfigError(option + " = " + f + ": configuration file not found");
        }
        return f;
    }

    /**
     * A file of the checkout, relative to the working directory or, when run from elsewhere, to the folder holding
     * target/ (the launcher runs from any directory).
     */
    static File projectFile(String relative) {
        File here = new File(relative);
        if (here.exists()) {
            return here;
        }
        try {
            Path code = Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = code.getParent() == null ? null : code.getParent().getParent();
            if (root != null && root.resolve(relative).toFile().exists()) {
                return root.resolve(relative).toFile();
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // No code location to go by: the working directory's answer stands.
        }
        return here;
    }
}
