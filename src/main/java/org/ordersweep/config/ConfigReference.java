package org.ordersweep.config;

/**
 * The configuration reference page, docs/configuration.md: the key catalogue's table ({@link ConfigKeys#markdown()})
 * under a title and the rules every key follows. {@code jobs/ordersweep keys --markdown} prints it; a test keeps the
 * committed page equal to it.
 */
public final class ConfigReference {

    /** Where the page lives, relative to the project folder. */
    public static final String PATH = "docs/configuration.md";

    /** The command that writes the page. */
    public static final String REGENERATE = "jobs/ordersweep keys --markdown > " + PATH;

    private ConfigReference() {
    }

    /** The whole page, ending with the catalogue's table. */
    public static String page() {
        return "# Configuration reference\n\n"
                + "Generated from the key catalogue (`config.ConfigKeys`) by `" + REGENERATE + "`; change the "
                + "catalogue, not this page.\n\n"
                + "HOCON files in `conf/`, overridden with `--set KEY=VALUE` (lists as `a,b` or `[a,b]`). Unknown keys "
                + "are errors. `jobs/ordersweep keys` prints the table alone. The *identity* column says whether a "
                + "key's value can change a trial's result, and so belongs in its id (see "
                + "[Identity](analysis.md#identity)).\n\n"
                + ConfigKeys.markdown();
    }
}
