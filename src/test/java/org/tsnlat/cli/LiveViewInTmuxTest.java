package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/**
 * The live views of {@code recv --live} and {@code send --live} as a terminal shows them: each in a
 * window of a detached tmux session (a server of its own on a private socket, killed at the end),
 * over loopback. Its screen, captured while they run and after, holds one live line per command,
 * rewritten in place (it changes between captures; the lines do not pile up a second at a time)
 * with the fields issue 13 lists.
 */
@Needs(Need.TMUX)
class LiveViewInTmuxTest {
    private static final Pattern RX = Pattern.compile("(?m)^ +([0-9]+\\.[0-9]) s rx ([0-9]+) received ([0-9]+) lost ([0-9]+) rejected"
            + "  latency cur/min/avg/max (-?[0-9.]+)/(-?[0-9.]+)/(-?[0-9.]+)/(-?[0-9.]+) us \\(max at seq ([0-9]+)\\)"
            + "  delta min/max ([0-9.]+)/([0-9.]+) us  trust (trusted|suspect|untrusted.*|\\?) *$");
    private static final Pattern TX = Pattern.compile("(?m)^ +([0-9]+\\.[0-9]) s tx ([0-9]+) sent"
            + "  wake cur/min/avg/max ([0-9.]+)/([0-9.]+)/([0-9.]+)/([0-9.]+) us \\(max at seq ([0-9]+)\\)  late ([0-9]+)"
            + "  trust (trusted|suspect|untrusted.*|\\?) *$");
    /** A live line of either end, warm-up or not: what a scrolling view would pile up. */
    private static final Pattern ANY_LIVE = Pattern.compile("(?m)^ +[0-9]+\\.[0-9] s( warm-up)? (rx|tx) ");

    @TempDir Path tmp;

    @Test
    void recvAndSendRewriteOneLiveLineEachInPlaceWithEveryField() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try {
            tmux("new-session", "-d", "-x", "200", "-y", "50", "-s", "live", "-n", "rx",
                    shell("recv", "-b", "127.0.0.1:" + port, "--live", "--warmup", "1s", "--duration", "60s",
                            "--runs-dir", tmp.resolve("rx").toString()));
            awaitScreen("rx", s -> s.contains("listening on 127.0.0.1:" + port), 30);
            tmux("new-window", "-t", "live", "-n", "tx", shell("send", "127.0.0.1:" + port, "-d", "5s", "--warmup", "1s",
                    "--live", "--runs-dir", tmp.resolve("tx").toString()));
            // while they run, after the warm-up: both lines, then both again a second and a half later
            String tx1 = awaitScreen("tx", s -> TX.matcher(s).find(), 20);
            String rx1 = awaitScreen("rx", s -> RX.matcher(s).find(), 5);
            Thread.sleep(1500);
            String rx2 = screen("rx");
            String tx2 = screen("tx");
            String rxEnd = awaitScreen("rx", s -> s.contains("\nrun: "), 30);
            String txEnd = awaitScreen("tx", s -> s.contains("\nrun: "), 10);

            Matcher a = last(RX, rx1);
            Matcher b = last(RX, rx2);
            assertThat(Double.parseDouble(b.group(1))).as(rx1 + "\n---\n" + rx2).isGreaterThan(Double.parseDouble(a.group(1)));
            assertThat(Long.parseLong(b.group(2))).as("received grows").isGreaterThan(Long.parseLong(a.group(2)));
            assertThat(Long.parseLong(b.group(3))).as("lost over loopback").isZero();
            assertThat(Double.parseDouble(b.group(6))).as("latency min <= avg <= max").isLessThanOrEqualTo(Double.parseDouble(b.group(7)));
            assertThat(Double.parseDouble(b.group(7))).isLessThanOrEqualTo(Double.parseDouble(b.group(8)));
            assertThat(Double.parseDouble(b.group(10))).as("delta min <= max").isLessThanOrEqualTo(Double.parseDouble(b.group(11)));
            Matcher c = last(TX, tx1);
            Matcher d = last(TX, tx2);
            assertThat(Long.parseLong(d.group(2))).as(tx1 + "\n---\n" + tx2).isGreaterThan(Long.parseLong(c.group(2)));
            assertThat(Double.parseDouble(d.group(4))).as("wake min <= avg <= max").isLessThanOrEqualTo(Double.parseDouble(d.group(5)));
            assertThat(Double.parseDouble(d.group(5))).isLessThanOrEqualTo(Double.parseDouble(d.group(6)));

            // in place: a second and a half later, no more live lines on the screen than before
            assertThat(count(ANY_LIVE, rx2)).as(rx2).isEqualTo(count(ANY_LIVE, rx1));
            assertThat(count(ANY_LIVE, tx2)).as(tx2).isEqualTo(count(ANY_LIVE, tx1));
            // and over the whole run (about 6 s, a frame a second) at most the warm-up's line, one cut
            // short by a message on standard error, and the last: a scrolling view would show 6 or more
            assertThat(count(ANY_LIVE, rxEnd)).as(rxEnd).isBetween(1, 3);
            assertThat(count(ANY_LIVE, txEnd)).as(txEnd).isBetween(1, 3);
            assertThat(RX.matcher(rxEnd).find()).as(rxEnd).isTrue();
            assertThat(TX.matcher(txEnd).find()).as(txEnd).isTrue();
            // the summary starts on a line of its own, after the last live line
            assertThat(rxEnd.indexOf("\nTotal: ")).as(rxEnd).isGreaterThanOrEqualTo(last(RX, rxEnd).end());
        } finally {
            tmux("kill-server");
        }
    }

    /** The command line of tsnlat ARGS in a JVM of its own (this test's classpath), kept on screen after it ends. */
    private static String shell(String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "org.tsnlat.cli.Main"));
        cmd.addAll(List.of(args));
        return String.join(" ", cmd) + "; sleep 60";
    }

    /** The window's screen and its scrollback, as text. */
    private String screen(String window) throws Exception {
        return tmux("capture-pane", "-p", "-S", "-", "-t", "live:" + window);
    }

    private String awaitScreen(String window, Predicate<String> ready, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String s = screen(window);
        while (!ready.test(s) && System.nanoTime() < end) {
            Thread.sleep(200);
            s = screen(window);
        }
        assertThat(ready.test(s)).as("window " + window + " after " + seconds + " s:\n" + s).isTrue();
        return s;
    }

    private String tmux(String... args) throws Exception {
        // a server of its own on a private socket in the test's directory (removed with it)
        List<String> cmd = new ArrayList<>(List.of("tmux", "-S", tmp.resolve("tmux.sock").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        if (!args[0].equals("kill-server")) assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out;
    }

    private static Matcher last(Pattern p, String s) {
        Matcher m = p.matcher(s);
        Matcher found = null;
        while (m.find()) {
            found = p.matcher(s);
            found.find(m.start());
        }
        assertThat(found).as(s).isNotNull();
        return found;
    }

    private static int count(Pattern p, String s) {
        return (int) p.matcher(s).results().count();
    }
}
