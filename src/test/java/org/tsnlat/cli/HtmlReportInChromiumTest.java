package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.report.html.Chromium;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/**
 * report.html of a real run and compare.html of two, opened in real headless Chromium: every
 * chart drawn, no script error, no request leaving the page; screenshots kept under target/.
 * Skipped, saying why, where Chromium is not installed (CI installs it).
 */
@Needs(Need.CHROMIUM)
class HtmlReportInChromiumTest {
    private static final Path SHOTS = Path.of("target", "browser-screenshots");
    @TempDir static Path runs;
    static Path a;
    static Path b;
    static Optional<Chromium> chromium = Chromium.find();

    @BeforeAll
    static void twoRuns() throws Exception {
        a = Cli.run("run", "-n", "3000", "--warmup", "500ms", "--runs-dir", runs.resolve("a").toString(), "--no-live")
                .runDirectory();
        b = Cli.run("run", "-n", "2000", "-i", "500us", "--warmup", "0", "--runs-dir", runs.resolve("b").toString(),
                "--no-live").runDirectory();
        Files.createDirectories(SHOTS);
    }

    @Test
    void runReportDrawsEveryChartWithoutErrors() throws Exception {
        Path page = a.resolve("report.html");
        assertThat(page).exists();
        // latency over time, two histograms, percentiles, wake-up lateness, and the clock offset
        // (a loopback run reflects probes, so it has two-way estimates)
        assertAllChartsDrawn(page, 6);
        chromium.orElseThrow().screenshot(page, SHOTS.resolve("report.png"), 1400, 2000);
        assertThat(Files.size(SHOTS.resolve("report.png"))).isGreaterThan(20_000);
    }

    @Test
    void compareDrawsEveryChartWithoutErrors() throws Exception {
        Path page = runs.resolve("compare.html");
        Cli c = Cli.run("compare", a.toString(), b.toString(), "--name", "1ms,500us", "--html", page.toString());
        assertThat(c.exitCode()).as(c.err()).isZero();
        assertThat(c.err()).contains("charts written to " + page);
        String html = Files.readString(page);
        assertThat(html).contains("\"label\":\"1ms\"").contains("\"label\":\"500us\"").contains("1ms | 500us");
        assertAllChartsDrawn(page, 3);
        String dom = chromium.orElseThrow().dumpDom(page).stdout();
        // the page leads with how the runs were made: above the charts, open
        assertThat(dom).containsPattern("<div id=\"lead\"><details open=\"\"><summary>how they were made</summary><pre>[^<]*"
                + "period +1ms \\| 500us");
        assertThat(dom.indexOf("how they were made")).isLessThan(dom.indexOf("id=\"charts\""));
        chromium.orElseThrow().screenshot(page, SHOTS.resolve("compare.png"), 1400, 1400);
    }

    private static void assertAllChartsDrawn(Path page, int charts) throws Exception {
        Chromium.Output out = chromium.orElseThrow().dumpDom(page);
        String root = firstMatch(out.stdout(), "<html[^>]*>");
        assertThat(attribute(root, "data-charts-expected")).isEqualTo(Integer.toString(charts));
        assertThat(attribute(root, "data-charts-drawn")).as("charts drawn; chromium log:\n%s", out.stderr())
                .isEqualTo(Integer.toString(charts));
        assertThat(attribute(root, "data-errors")).as("script errors").isEmpty();
        assertThat(out.stderr()).as("console errors").doesNotContain("Uncaught").doesNotContainPattern("CONSOLE.*[Ee]rror");
        assertThat(Files.readString(page)).doesNotContainPattern("(src|href)=\"https?:");
    }

    private static String firstMatch(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        assertThat(m.find()).as("%s in the DOM", regex).isTrue();
        return m.group();
    }

    private static String attribute(String tag, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(tag);
        assertThat(m.find()).as("%s on %s", name, tag).isTrue();
        return m.group(1);
    }
}
