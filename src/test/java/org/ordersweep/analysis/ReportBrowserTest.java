package org.ordersweep.analysis;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ordersweep.RequiredTools;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report in a real browser (Debian's headless Chromium, installed by jobs/test): it loads without console
 * errors, its charts are in the rendered DOM, and a screenshot is taken (target/report-screenshot.png).
 */
@Tag(RequiredTools.CHROMIUM)
class ReportBrowserTest {

    @TempDir
    Path dir;

    private String chromium(String label, String... args) throws Exception {
        RequiredTools.require(RequiredTools.CHROMIUM, "chromium", "chromium", "--version");
        Path log = dir.resolve(label + ".log");
        List<String> cmd = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--enable-logging=stderr", "--v=0", "--user-data-dir=" + dir.resolve(label)));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
        assertEquals(0, p.exitValue(), Files.readString(log));
        return out;
    }

    @Test
    void reportRendersWithItsChartsInChromium() throws Exception {
        Analysis.Result r = TestTrials.analyse(AnalysisTest.fixture());
        String html = ReportWriter.html(new ReportWriter.Context("fixture", "abc123", "fixture data", "a network", 17,
                13), r,
                TestTrials.findings(r, List.of("relu"), 0.25), ReportWriter.curves(List.of(
                        new Object[]{"relu", "conv>bn>act", 1, 0.85}, new Object[]{"relu", "conv>bn>act", 2, 0.9},
                        new Object[]{"relu", "bn>conv>act", 1, 0.84}, new Object[]{"relu", "bn>conv>act", 2, 0.91})));
        Path page = dir.resolve("report.html");
        Files.writeString(page, html);

        String dom = chromium("dom", "--dump-dom", page.toUri().toString());
        assertEquals(5, dom.split("<svg class=\"chart\"", -1).length - 1, "charts in the rendered DOM");
        assertTrue(dom.contains("class=\"findings\""));
        // Three accuracy bars and one per precedence effect; the zoomed accuracy chart's three dots, and its line at
        // the best mean minus the margin.
        assertEquals(3 + r.precedence().size(), dom.split("class=\"bar\"", -1).length - 1);
        assertEquals(3, dom.split("class=\"dot\"", -1).length - 1);
        assertEquals(1, dom.split("class=\"marker\"", -1).length - 1);
        String log = Files.readString(dir.resolve("dom.log"));
        assertFalse(log.contains("CONSOLE"), "console messages: " + log);

        Path png = Path.of("target", "report-screenshot.png").toAbsolutePath();
        Files.deleteIfExists(png);
        chromium("screenshot", "--window-size=1100,2400", "--screenshot=" + png,
                page.toUri().toString());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1100, image.getWidth());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        // Text, bars in two blues, red Pareto points, axes: far more than a blank or error page.
        assertTrue(colours.size() > 50, "distinct colours in the screenshot: " + colours.size());
        assertTrue(colours.contains(0xFF1F77B4) || colours.contains(0xFFAEC7E8), "no chart bars rendered");
    }

    /** A sweep of two rates and two blocks: its rate charts and ablation chart render too. */
    @Test
    void ratesAndAblationsRenderInChromium() throws Exception {
        Analysis.Result r = RatesAndAblationsTest.result();
        String html = ReportWriter.html(new ReportWriter.Context("fixture", "abc123", "fixture data", "a network", 24,
                24), r,
                TestTrials.findings(r, List.of("relu"), 0.25), List.of());
        Path page = dir.resolve("rates.html");
        Files.writeString(page, html);
        String dom = chromium("rates", "--dump-dom", page.toUri().toString());
        // Per setting (4): accuracy bars from zero and zoomed, precedence effects, Pareto front; a rate chart per
        // block (2); the ablation chart.
        assertEquals(4 * 4 + 2 + 1, dom.split("<svg class=\"chart\"", -1).length - 1, "charts in the rendered DOM");
        assertTrue(dom.contains("Accuracy by learning rate (relu, conv+bn+act)"));
        assertTrue(dom.contains("Ablations: what removing or replacing an element costs"));
        // Polylines: one per ordering in each block's rate chart (2 + 2).
        assertEquals(4, dom.split("class=\"curve\"", -1).length - 1);
        assertFalse(Files.readString(dir.resolve("rates.log")).contains("CONSOLE"));
    }
}
