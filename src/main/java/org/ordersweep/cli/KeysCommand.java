package org.ordersweep.cli;

import org.ordersweep.config.ConfigKeys;
import org.ordersweep.config.ConfigReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** Prints the configuration reference: the catalogue's table, or with --markdown the page docs/configuration.md. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "List every configuration key with its type, default and meaning.")
final class KeysCommand implements Callable<Integer> {

    @Option(names = "--markdown",
            description = "Print the whole configuration reference page, docs/configuration.md, not the table alone.")
    boolean page;

    @Override
    public Integer call() {
        System.out.print(page ? ConfigReference.page() : ConfigKeys.markdown());
        return 0;
    }
}
