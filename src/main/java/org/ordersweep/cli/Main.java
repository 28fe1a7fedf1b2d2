package org.ordersweep.cli;

import org.ordersweep.config.ConfigError;
import org.ordersweep.results.SweepLock;
import org.ordersweep.train.TrialStopped;
import picocli.CommandLine.Command;
import picocli.CommandLine;

import java.io.PrintWriter;

/** Entry point: parse the command line, run one command, map bad input to exit code 2 with one line. */
@Command(name = "ordersweep", mixinStandardHelpOptions = true, version = "ordersweep 0.1.0",
        description = "Does the order of Conv, BatchNorm, Activation, MaxPooling and Dropout matter? "
                + "Trains every ordering with DL4J parameter averaging on Spark.",
        subcommands = {PlanCommand.class, RunCommand.class, AnalyzeCommand.class, VerifyCommand.class,
                ExportCommand.class, KeysCommand.class, BenchElsewhere.class, CompactCommand.class,
                ReplayCommand.class})
public final class Main {

    /** Exit codes (docs/operations.md#stopping-resuming-scheduling): 1 is an unexpected failure, with its cause. */
    public static final int FAILED = 1;
    /** Bad configuration, data or results folder: one line names it; nothing was written. */
    public static final int BAD_INPUT = 2;
    /** Another run holds the output folder's lock, or took it over: this run stopped before writing. */
    public static final int LOCKED = 3;
    /** The sweep ran to the end, but some planned trials are recorded as failed or diverged. */
    public static final int TRIALS_NOT_OK = 4;

    public static void main(String[] args) {
        int code = execute(args);
        // On YARN in cluster mode the driver is the application master's user class: exiting the JVM, even with 0,
        // before it reports a final status marks the application failed. Returning lets it report success.
        boolean yarnCluster = System.getProperty("spark.yarn.app.id") != null
                && "cluster".equals(System.getProperty("spark.submit.deployMode"));
        if (code != 0 || !yarnCluster) {
            System.exit(code);
        }
    }

    /** Runs the command line and returns the exit code; never calls System.exit (tests call this). */
    public static int execute(String... args) {
        return commandLine(new Main()).execute(args);
    }

    /**
     * A command line for {@code command} with ordersweep's conventions: bad input exits 2 with one line, a held lock
     * 3, any other failure 1 with its cause, and the stack trace with {@code --debug}.
     */
    public static CommandLine commandLine(Object command) {
        CommandLine cli = new CommandLine(command);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> report(e, cmd.getErr(), isDebug(parsed)));
        cli.setParameterExceptionHandler((e, args1) -> {
            e.getCommandLine().getErr().println("ordersweep: " + e.getMessage() + " (see --help)");
            return BAD_INPUT;
        });
        return cli;
    }

    private static boolean isDebug(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult sub = parsed.subcommand();
        return (sub != null ? sub : parsed).hasMatchedOption("--debug");
    }

    private static int report(Exception e, PrintWriter err, boolean debug) {
        if (e instanceof SweepLock.Held held) {
            err.println("ordersweep: " + held.getMessage());
            err.flush();
            return LOCKED;
        }
        ConfigError bad = findConfigError(e);
        if (bad != null) {
            err.println("ordersweep: " + bad.getMessage());
            if (debug) {
                e.printStackTrace(err);
            }
            err.flush();
            return BAD_INPUT;
        }
        if (stoppedWithSpark(e)) {
            err.println("ordersweep: stopped: Spark was shut down under the run (SIGTERM, or the end of the job's "
                    + "time); every trial that finished is recorded, and the same command resumes the rest");
            if (debug) {
                e.printStackTrace(err);
            }
            err.flush();
            return FAILED;
        }
        err.println("ordersweep: failed: " + e);
        if (debug) {
            e.printStackTrace(err);
        } else {
            err.println("(run again with --debug for the stack trace)");
        }
        err.flush();
        return 1;
    }

    /** A trial stopped with the run, or a call on the SparkContext its shutdown stopped (in a cause or suppressed). */
    static boolean stoppedWithSpark(Throwable e) {
        if (e == null) {
            return false;
        }
        if (e instanceof TrialStopped || e instanceof IllegalStateException
                && String.valueOf(e.getMessage()).startsWith("Cannot call methods on a stopped SparkContext")) {
            return true;
        }
        for (Throwable s : e.getSuppressed()) {
            if (stoppedWithSpark(s)) {
                return true;
            }
        }
        return e.getCause() != e && stoppedWithSpark(e.getCause());
    }

    private static ConfigError findConfigError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigError c) {
                return c;
            }
        }
        return null;
    }
}
