package org.ordersweep.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's configuration reference is the catalogue's own output, so it cannot drift from the code. */
class ReadmeTest {

    @Test
    void readmeShowsTheGeneratedReference() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains(ConfigKeys.markdown()),
                "README.md's configuration table differs from 'jobs/ordersweep keys'; paste the new output");
    }

    @Test
    void readmeTestCommandIsWhatCiRuns() throws IOException {
        String ci = Files.readString(Path.of(".ci/run"));
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(ci.contains("\nexec jobs/test\n") && readme.contains("```\njobs/test\n```"));
    }
}
