package org.ordersweep.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ordersweep.RequiredTools;
import org.ordersweep.cli.Main;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the Jupyter notebook headless on a results folder, as a user without a Parquet engine would. Tests that call it
 * are tagged {@link RequiredTools#JUPYTER}.
 */
public final class Jupyter {

    private Jupyter() {
    }

    /**
     * Exports the folder's tables to CSV (written inside it: pass a copy), executes the notebook on it with Debian's
     * nbconvert and checks that no cell failed and that the notebook's own check of the numbers ran.
     *
     * @return the executed notebook, as nbconvert wrote it
     */
    public static JsonNode execute(Path results) throws Exception {
        RequiredTools.require(RequiredTools.JUPYTER, "Jupyter's nbconvert", "jupyter", "nbconvert", "--version");
        assertEquals(0, Main.execute("export", "--master", "local[1]", "--set", "output.dir=" + results));
        Path executed = results.resolve("executed.ipynb");
        ProcessBuilder pb = new ProcessBuilder(List.of("jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.timeout=600", "--output", executed.toString(),
                Path.of("notebooks", "ordersweep.ipynb").toAbsolutePath().toString())).redirectErrorStream(true);
        pb.environment().put("ORDERSWEEP_RESULTS", results.toString());
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(10, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), log);
        JsonNode nb = new ObjectMapper().readTree(executed.toFile());
        for (JsonNode cell : nb.get("cells")) {
            for (JsonNode out : cell.path("outputs")) {
                assertFalse(out.path("output_type").asText().equals("error"), out.toString());
            }
        }
        // The notebook recomputes every class's mean and interval with scipy and asserts they equal the analysis's.
        assertTrue(nb.toString().contains("classes: means and 95% intervals agree with ordersweep's summary/orderings"),
                "the notebook's check of the numbers did not run");
        return nb;
    }

    /** Charts the executed notebook drew. */
    public static int images(JsonNode nb) {
        int images = 0;
        for (JsonNode cell : nb.get("cells")) {
            for (JsonNode out : cell.path("outputs")) {
                images += out.path("data").has("image/png") ? 1 : 0;
            }
        }
        return images;
    }
}
