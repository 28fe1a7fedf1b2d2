package org.ordersweep.config;

import org.junit.jupiter.api.Test;
import org.ordersweep.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/configuration.md is the catalogue's own page, so it cannot drift from the code. */
class ConfigurationReferenceTest {

    @Test
    void theCommittedPageIsTheGeneratedOne() throws IOException {
        assertEquals(ConfigReference.page(), Files.readString(Path.of(ConfigReference.PATH)),
                ConfigReference.PATH + " differs from the key catalogue; regenerate it with '"
                        + ConfigReference.REGENERATE + "'");
    }

    @Test
    void thePageSaysHowItIsGeneratedAndEndsWithTheTable() {
        String page = ConfigReference.page();
        assertTrue(page.startsWith("# Configuration reference\n"), page);
        assertTrue(page.contains("`" + ConfigReference.REGENERATE + "`"), page);
        assertTrue(page.endsWith(ConfigKeys.markdown()), page);
    }

    @Test
    void keysMarkdownPrintsThePageAndKeysAloneTheTable() {
        assertEquals(ConfigReference.page(), stdoutOf("keys", "--markdown"));
        assertEquals(ConfigKeys.markdown(), stdoutOf("keys"));
    }

    private static String stdoutOf(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            assertEquals(0, Main.execute(args));
        } finally {
            System.setOut(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
