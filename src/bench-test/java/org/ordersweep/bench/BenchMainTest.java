package org.ordersweep.bench;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench's command line (jobs/ordersweep bench) as users see it: exit codes, stdout and one-line errors. */
class BenchMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private void benchRefuses(String expected, String... args) {
        out.reset();
        err.reset();
        assertEquals(2, BenchMain.execute(args));
        String e = stderr().strip();
        assertEquals(expected, e);
        assertFalse(e.contains("Exception"), e);
        assertEquals("", stdout());
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
        out.reset();
        err.reset();
        assertEquals(2, BenchMain.execute("--repeats", "many"));
        assertTrue(stderr().contains("--repeats"));
    }

    @Test
    void benchHelpListsTheOptions() {
        assertEquals(0, BenchMain.execute("--help"));
        for (String option : new String[]{"--repeats", "--samples", "--skip-torch", "--skip-sweep", "--format"}) {
            assertTrue(stdout().contains(option), option);
        }
        assertTrue(stdout().startsWith("Usage: ordersweep bench "), stdout());
    }
}
