package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.stats.UsecFormat;

/**
 * The live view on a stream that is not a terminal ({@code --live=log}): its lines, read back,
 * agree with the summary written at the end; the summary starts on a line of its own.
 */
class LiveViewTest {
    private static final String US = "(-?[0-9]+\\.[0-9]{3}|-)";
    static final Pattern RX = Pattern.compile("(?m)^ +([0-9]+\\.[0-9]) s( warm-up)? rx ([0-9]+) received ([0-9]+) lost "
            + "([0-9]+) rejected  latency cur/min/avg/max " + US + "/" + US + "/" + US + "/" + US
            + " us(?: \\(max at seq ([0-9]+)\\))?  delta min/max " + US + "/" + US
            + " us  trust (trusted|\\?|suspect \\(.+\\)|untrusted \\(.+\\))$");
    static final Pattern TX = Pattern.compile("(?m)^ +([0-9]+\\.[0-9]) s( warm-up)? tx ([0-9]+) sent  wake cur/min/avg/max "
            + US + "/" + US + "/" + US + "/" + US + " us(?: \\(max at seq ([0-9]+)\\))?  late ([0-9]+)"
            + "(?:  failed ([0-9]+))?(  trust .+)?$");

    @TempDir Path runs;

    @Test
    void logLinesOfARunAgreeWithItsSummary() throws Exception {
        Cli r = Cli.run("run", "-d", "3s", "-i", "1ms", "--warmup", "1s", "--live=log", "--runs-dir", runs.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        String out = r.out();
        assertThat(out).doesNotContain("\r").doesNotContain("\033");
        List<MatchResult> rx = matches(RX, out);
        List<MatchResult> tx = matches(TX, out);
        // a line a second for each end, and the last figures once more at the end
        assertThat(rx).hasSizeGreaterThanOrEqualTo(3);
        assertThat(tx).hasSameSizeAs(rx);
        assertThat(out.lines().filter(l -> l.contains(" s rx ") || l.contains(" s warm-up rx ")).count())
                .as("every rx line has the fields").isEqualTo(rx.size());
        for (int i = 1; i < rx.size(); i++) {
            assertThat(Double.parseDouble(rx.get(i).g(1))).isGreaterThan(Double.parseDouble(rx.get(i - 1).g(1)));
            assertThat(Long.parseLong(rx.get(i).g(3))).isGreaterThanOrEqualTo(Long.parseLong(rx.get(i - 1).g(3)));
            assertThat(Long.parseLong(tx.get(i).g(3))).isGreaterThanOrEqualTo(Long.parseLong(tx.get(i - 1).g(3)));
        }
        assertThat(rx.get(0).g(2)).as("the first second is the warm-up").isNotNull();
        assertThat(rx.get(0).g(7)).isEqualTo("-");

        JsonNode report = RunDirectory.json().readTree(r.runDirectory().resolve("report.json").toFile());
        MatchResult last = rx.get(rx.size() - 1);
        assertThat(last.g(2)).isNull();
        assertThat(Long.parseLong(last.g(3))).isEqualTo(report.at("/packets/received").asLong()).isPositive();
        assertThat(Long.parseLong(last.g(4))).isEqualTo(report.at("/packets/lost").asLong());
        assertThat(Long.parseLong(last.g(5))).isZero();
        JsonNode latency = report.at("/metrics/latency");
        assertThat(last.g(7)).isEqualTo(UsecFormat.usec(latency.get("minNs").asLong()));
        assertThat(last.g(9)).as("the running max is the summary's").isEqualTo(UsecFormat.usec(latency.get("maxNs").asLong()));
        assertThat(last.g(10)).isEqualTo(latency.get("maxSeq").asText());
        JsonNode delta = report.at("/metrics/delta");
        assertThat(last.g(11)).isEqualTo(UsecFormat.usec(delta.get("minNs").asLong()));
        assertThat(last.g(12)).isEqualTo(UsecFormat.usec(delta.get("maxNs").asLong()));
        assertThat(last.g(13)).as("loopback, with two-way estimates").isEqualTo("trusted");

        MatchResult lastTx = tx.get(tx.size() - 1);
        assertThat(Long.parseLong(lastTx.g(3))).isEqualTo(report.at("/sender/sent").asLong());
        JsonNode wake = report.at("/metrics/wake");
        assertThat(lastTx.g(7)).isEqualTo(UsecFormat.usec(wake.get("maxNs").asLong()));
        assertThat(lastTx.g(8)).isEqualTo(wake.get("maxSeq").asText());
        assertThat(Long.parseLong(lastTx.g(9))).isEqualTo(report.at("/sender/lateWakeups").asLong());
        assertThat(lastTx.g(11)).as("trust is on the receiver's line").isNull();

        assertThat(out).containsPattern("(?m)^Total: [0-9]+ packets$");
        assertThat(out.indexOf("Total: ")).isGreaterThan(out.lastIndexOf(" s tx "));
    }

    @Test
    void theSenderHasALineOfItsOwn() throws Exception {
        int port = ReadinessTest.freePort();
        var recv = CompletableFuture.supplyAsync(() -> Cli.run("recv", "--bind", "127.0.0.1:" + port, "--runs-dir",
                runs.resolve("rx").toString(), "--warmup", "100ms", "--live=log", "--duration", "60s"));
        Path rxRuns = runs.resolve("rx");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!(Files.isDirectory(rxRuns) && hasReady(rxRuns)) && System.nanoTime() < until) Thread.sleep(50);
        Cli send = Cli.run("send", "127.0.0.1:" + port, "-n", "1500", "-i", "1ms", "--warmup", "100ms", "--live=log",
                "--runs-dir", runs.resolve("tx").toString());
        Cli r = recv.get(30, TimeUnit.SECONDS);
        assertThat(send.exitCode()).as(send.err()).isZero();
        List<MatchResult> tx = matches(TX, send.out());
        assertThat(tx).hasSizeGreaterThanOrEqualTo(2);
        assertThat(matches(RX, send.out())).isEmpty();
        MatchResult last = tx.get(tx.size() - 1);
        JsonNode report = RunDirectory.json().readTree(send.runDirectory().resolve("report.json").toFile());
        assertThat(Long.parseLong(last.g(3))).isEqualTo(1500);
        assertThat(last.g(7)).isEqualTo(UsecFormat.usec(report.at("/metrics/wake/maxNs").asLong()));
        assertThat(Long.parseLong(last.g(9))).isEqualTo(report.at("/sender/lateWakeups").asLong());
        // alone, the sender says the trust it knows: its two-way estimates
        assertThat(last.g(11)).matches("  trust (trusted|\\?|suspect \\(.+\\)|untrusted \\(.+\\))");

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<MatchResult> rx = matches(RX, r.out());
        assertThat(rx).isNotEmpty();
        MatchResult lastRx = rx.get(rx.size() - 1);
        assertThat(Long.parseLong(lastRx.g(3))).isEqualTo(1500);
        // a receiver alone has no live evidence of its own clocks (no --ptp-socket): it does not pretend
        assertThat(lastRx.g(13)).isEqualTo("?");
    }

    @Test
    void aModeOtherThanLineOrLogIsRefused() {
        Cli r = Cli.run("run", "-n", "10", "--live=fancy", "--runs-dir", runs.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--live 'fancy': MODE is line or log");
        assertThat(runs).isEmptyDirectory();
    }

    private static boolean hasReady(Path rxRuns) throws java.io.IOException {
        try (var dirs = Files.list(rxRuns)) {
            return dirs.anyMatch(d -> Files.exists(d.resolve("ready")));
        }
    }

    /** One matched line's groups. */
    record MatchResult(List<String> groups) {
        String g(int i) {
            return groups.get(i);
        }
    }

    static List<MatchResult> matches(Pattern p, String text) {
        Matcher m = p.matcher(text);
        java.util.ArrayList<MatchResult> all = new java.util.ArrayList<>();
        while (m.find()) {
            java.util.ArrayList<String> g = new java.util.ArrayList<>();
            for (int i = 0; i <= m.groupCount(); i++) g.add(m.group(i));
            all.add(new MatchResult(g));
        }
        return all;
    }
}
