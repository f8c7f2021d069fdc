package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command says it is ready only when it is: recv's listening line comes once its socket is
 * bound and its loop receives, with the run directory's ready file; whatever can be checked
 * before the JIT warm-up is checked before it, and the warm-up is said.
 */
class ReadinessTest {
    @TempDir Path runs;

    static int freePort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aSenderStartedOnTheListeningLineLosesNothing() throws Exception {
        int port = freePort();
        long probes = 10_000;
        CliInBackground recv = CliInBackground.start("recv", "--bind", "127.0.0.1:" + port, "--runs-dir",
                runs.toString(), "--warmup", "0", "--no-live");
        String line = recv.awaitLine("^tsnlat recv: listening on ", 60_000);

        // at this moment the port is taken and the ready file is there
        try (DatagramSocket again = new DatagramSocket(null)) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(
                    () -> again.bind(new InetSocketAddress("127.0.0.1", port)))).as("the port is bound").isNotNull();
        }
        assertThat(line).contains("127.0.0.1:" + port).contains("run directory ");
        Path dir = Path.of(line.replaceAll(".*run directory (.*); Ctrl-C to stop\\)$", "$1"));
        assertThat(Files.readString(dir.resolve("ready"))).contains("\"listening\":\"127.0.0.1:" + port + "\"");

        // 10 000 probes at 10 kHz from the first instant: more than the socket buffer holds, so they are
        // only all received when the receive loop runs already
        RawProbes.send(port, 0x5eedL, probes, 100_000, 3);
        assertThat(recv.exitCode(30_000)).as(recv.out() + recv.err()).isZero();
        assertThat(recv.out()).contains("packets: " + probes + " received, 0 lost");
        assertThat(recv.err()).contains("warming up the JIT compiler");
        assertThat(recv.err().indexOf("warming up")).isLessThan(recv.err().length());
    }

    @Test
    void anAddressInUseIsSaidWithoutAnyListeningLineOrWarmUp() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Cli r = Cli.run("recv", "--bind", "127.0.0.1:" + taken.getLocalPort(), "--runs-dir", runs.toString());
            assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.NETWORK);
            assertThat(r.err()).contains("Address already in use").doesNotContain("warming up");
            assertThat(r.out()).doesNotContain("listening");
            assertThat(runs).isEmptyDirectory(); // a run that never started leaves no directory behind
        }
    }

    @Test
    void aRunsDirectoryThatCannotBeWrittenIsSaidBeforeTheWarmUpWithItsReason() throws Exception {
        Path file = runs.resolve("a-file");
        Files.writeString(file, "not a directory");
        Cli r = Cli.run("run", "-d", "1s", "--warmup", "0", "--runs-dir", file.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.RUN_DIRECTORY);
        assertThat(r.err()).contains(file + ": cannot make a run directory there (").doesNotContain("warming up")
                .doesNotContain("Exception");
    }

    @Test
    void aPtp4lThatDoesNotAnswerIsSaidBeforeTheWarmUp() {
        Cli r = Cli.run("send", "127.0.0.1:9", "-n", "5", "--ptp-socket", "/nonexistent/ptp4l", "--runs-dir",
                runs.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.NETWORK);
        assertThat(r.err()).contains("ptp4l at /nonexistent/ptp4l").doesNotContain("warming up");
    }

    @Test
    void withTheDefaultWarmUpTheJitWarmUpRunsBesideItAndNoProbeIsLost() {
        Cli r = Cli.run("run", "-d", "3s", "-i", "1ms", "--runs-dir", runs.toString(), "--no-live");
        assertThat(r.exitCode()).as(r.err()).isZero();
        int warming = r.err().indexOf("tsnlat run: warming up the JIT compiler (at most 3s, beside the measurement's "
                + "warm-up, kept out of the figures)...");
        int measuring = r.err().indexOf("tsnlat run: measuring (run directory ");
        assertThat(warming).as(r.err()).isNotNegative();
        assertThat(measuring).isGreaterThan(warming);
        assertThat(r.out()).contains("packets: 3000 received, 0 lost");
        // on a busy machine the JIT may not have compiled the loops within the bound: said, and nothing else
        // (no failure of the warm-up); how fast the JIT is, is not this test's to judge
        assertThat(r.err().lines().filter(l -> l.contains("JIT warm-up:")))
                .allMatch(l -> l.contains("JIT warm-up: the loops still allocated after"));
    }

    @Test
    void theWarmUpIsSaidBeforeTheMeasurementStarts() {
        Cli r = Cli.run("run", "-d", "1s", "--warmup", "0", "--runs-dir", runs.toString(), "--no-live");
        assertThat(r.exitCode()).as(r.err()).isZero();
        int warming = r.err().indexOf("tsnlat run: warming up the JIT compiler (at most ");
        int measuring = r.err().indexOf("tsnlat run: measuring (run directory ");
        assertThat(warming).isNotNegative();
        assertThat(measuring).isGreaterThan(warming);
        assertThat(r.runDirectory().resolve("ready")).exists();
    }
}
