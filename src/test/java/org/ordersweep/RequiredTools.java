package org.ordersweep;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The programs outside Java that some tests need, one JUnit tag each. jobs/test installs them all and runs every tag.
 * Without one, leave its tests out with {@code mvn verify -Dexclude.tags=chromium,jupyter,pytorch} (any of them,
 * surefire's excludedGroups); a test that needs a missing program is never skipped: it fails with one line that names
 * the program and the tag.
 */
public final class RequiredTools {

    /** Debian's headless Chromium renders the HTML report. */
    public static final String CHROMIUM = "chromium";
    /** Jupyter's nbconvert runs the notebook. */
    public static final String JUPYTER = "jupyter";
    /** PyTorch, the bench's peer, in the Python the bench runs. */
    public static final String PYTORCH = "pytorch";

    /** Each probe's problem ("" when it ran), found once per test JVM. */
    private static final Map<List<String>, String> PROBED = new ConcurrentHashMap<>();

    private RequiredTools() {
    }

    /** Fails the test with one line unless {@code probe} (a command of the tool) runs and exits 0 within a minute. */
    public static void require(String tag, String tool, String... probe) {
        String problem = PROBED.computeIfAbsent(List.of(probe), RequiredTools::problem);
        if (!problem.isEmpty()) {
            fail(message(tag, tool, problem));
        }
    }

    static String message(String tag, String tool, String problem) {
        return tool + " is missing: " + problem + "; install it (jobs/test does) or leave out the tests tagged " + tag
                + ": mvn verify -Dexclude.tags=" + tag;
    }

    private static String problem(List<String> probe) {
        String command = "'" + String.join(" ", probe) + "'";
        File output = null;
        try {
            output = File.createTempFile("ordersweep-probe", ".txt");
            Process p = new ProcessBuilder(probe).redirectErrorStream(true).redirectOutput(output).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return command + " did not finish in a minute";
            }
            if (p.exitValue() == 0) {
                return "";
            }
            List<String> lines = Files.readAllLines(output.toPath(), StandardCharsets.UTF_8).stream()
                    .map(String::strip).filter(l -> !l.isEmpty()).toList();
            return command + " exited " + p.exitValue() + (lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1));
        } catch (IOException e) {
            return command + " cannot be run (" + String.valueOf(e.getMessage()).replace('\n', ' ') + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return command + " was interrupted";
        } finally {
            if (output != null && !output.delete()) {
                output.deleteOnExit();
            }
        }
    }
}
