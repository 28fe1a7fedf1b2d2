package org.ordersweep.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The configuration reference (docs/configuration.md, linked from the README) is the catalogue's own output, so it
 * cannot drift from the code; the README's test command is what CI runs.
 */
class ReadmeTest {

    @Test
    void configurationPageShowsTheGeneratedReference() throws IOException {
        String reference = Files.readString(Path.of(ConfigReference.PATH));
        assertTrue(reference.contains(ConfigKeys.markdown()), ConfigReference.PATH
                + "'s configuration table differs from 'jobs/ordersweep keys'; regenerate it with '"
                + ConfigReference.REGENERATE + "'");
    }

    @Test
    void readmeTestCommandIsWhatCiRuns() throws IOException {
        String ci = Files.readString(Path.of(".ci/run"));
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(ci.contains("\nexec jobs/test\n") && readme.contains("```\njobs/test\n```"));
    }
}
