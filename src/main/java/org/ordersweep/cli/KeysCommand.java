package org.ordersweep.cli;

import org.ordersweep.config.ConfigKeys;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Prints the configuration reference (the README's table is this output). */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "List every configuration key with its type, default and meaning.")
final class KeysCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.out.print(ConfigKeys.markdown());
        return 0;
    }
}
