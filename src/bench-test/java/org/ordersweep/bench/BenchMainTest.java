package org.ordersweep.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ordersweep.ConsoleCapture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench's command line (jobs/ordersweep bench) as users see it: exit codes, stdout and one-line errors. */
class BenchMainTest {

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    private void benchRefuses(String expected, String... args) {
        console.reset();
        assertEquals(2, BenchMain.execute(args));
        String e = console.err().strip();
        assertEquals(expected, e);
        assertFalse(e.contains("Exception"), e);
        assertEquals("", console.out());
    }

    @Test
    void benchRefusesBadValuesWithTwoAndOneLine() {
        benchRefuses("ordersweep: --repeats = 0: must be an integer in [1, 100]", "--repeats", "0");
        benchRefuses("ordersweep: --samples = 9000: must be an integer in [256, 4000] (the embedded Fashion-MNIST "
                + "subset has 4000 training images)", "--samples", "9000");
        benchRefuses("ordersweep: --format = xml: must be text or json", "--format", "xml");
        benchRefuses("ordersweep: --threads = -1: must be an integer in [1, 256]", "--threads", "-1");
        benchRefuses("ordersweep: --conf = nowhere.conf: configuration file not found", "--conf",
                "nowhere.conf");
        benchRefuses("ordersweep: model.dense = 0 (--set): must be an integer >= 1", "--set",
                "model.dense=0");
        benchRefuses("ordersweep: --json-file = no/such/dir/b.json: must be a file in an existing folder",
                "--json-file", "no/such/dir/b.json");
        console.reset();
        assertEquals(2, BenchMain.execute("--repeats", "many"));
        assertTrue(console.err().contains("--repeats"));
    }

    @Test
    void benchHelpListsTheOptions() {
        assertEquals(0, BenchMain.execute("--help"));
        for (String option : new String[]{"--repeats", "--samples", "--skip-torch", "--skip-sweep", "--format"}) {
            assertTrue(console.out().contains(option), option);
        }
        assertTrue(console.out().startsWith("Usage: ordersweep bench "), console.out());
    }
}
