package org.ordersweep;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A test whose program is missing fails, with one line that names the program and the tag that leaves it out. */
class RequiredToolsTest {

    @Test
    void aProgramThatCannotBeRunFailsWithOneLineNamingItAndItsTag() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> RequiredTools.require(
                RequiredTools.CHROMIUM, "chromium", "ordersweep-no-such-program", "--version"));
        assertTrue(e.getMessage().startsWith("chromium is missing: 'ordersweep-no-such-program --version' cannot be "
                + "run ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("); install it (jobs/test does) or leave out the tests tagged chromium: "
                + "mvn verify -Dexclude.tags=chromium"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aProbeThatFailsIsQuotedWithItsLastLine() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> RequiredTools.require(
                RequiredTools.PYTORCH, "PyTorch", "bash", "-c", "echo Traceback; echo \"No module named 'torch'\" >&2; "
                        + "echo; exit 1"));
        assertEquals("PyTorch is missing: 'bash -c echo Traceback; echo \"No module named 'torch'\" >&2; echo; "
                + "exit 1' exited 1: No module named 'torch'; install it (jobs/test does) or leave out the tests "
                + "tagged pytorch: mvn verify -Dexclude.tags=pytorch", e.getMessage());
    }

    @Test
    void aProgramThatRunsPasses() {
        RequiredTools.require(RequiredTools.JUPYTER, "bash", "bash", "-c", "exit 0");
    }
}
