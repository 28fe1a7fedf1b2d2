package org.ordersweep.cli;

import org.ordersweep.config.ConfigLoader;
import org.ordersweep.config.SweepConfig;
import picocli.CommandLine.Option;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/** Options every command shares: the configuration file, overrides and --debug. */
public final class CommonOptions {

    @Option(names = "--conf", paramLabel = "FILE", description = "HOCON configuration file (keys: 'ordersweep keys').")
    File conf;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one key; repeatable.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--debug", description = "Print stack traces for errors.")
    boolean debug;

    SweepConfig load() {
        return ConfigLoader.load(conf, overrides);
    }
}
