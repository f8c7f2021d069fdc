package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.linux.ClockId;
import org.tsnlat.run.ClockFault;
import org.tsnlat.run.Measurement;
import org.tsnlat.run.SenderConfig;
import org.tsnlat.run.ThreadTuning;

/** The two-way options: --reflect-every, --no-reflect and the hidden --inject-clock-fault. */
class TwoWayOptionsTest {
    @TempDir Path runs;

    private static void assertOneLineUsageError(Cli r, String... fragments) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ").contains(fragments);
    }

    @Test
    void aBadClockFaultIsAOneLineUsageError() {
        assertOneLineUsageError(Cli.run("run", "--inject-clock-fault", "jump:5ms", "--runs-dir", runs.toString()),
                "--inject-clock-fault", "'jump:5ms' is not one of: none, step:+50ms@10s, drift:100ppm, steps:+2ms@every5s/1s");
        assertOneLineUsageError(Cli.run("send", "127.0.0.1", "--inject-clock-fault", "step:+5ms@-1s", "--runs-dir", runs.toString()),
                "--inject-clock-fault", "0 or more");
        assertOneLineUsageError(Cli.run("run", "--inject-clock-fault", "steps:+2ms@every1s/2s", "--runs-dir", runs.toString()),
                "shorter than the repeat");
    }

    @Test
    void aNegativeReflectEveryIsAUsageError() {
        assertOneLineUsageError(Cli.run("run", "--reflect-every", "-1", "--runs-dir", runs.toString()), "--reflect-every");
    }

    @Test
    void helpExplainsReflectionAndHidesTheFaultInjection() {
        assertThat(help("run")).contains("--reflect-every").contains("ptp4l believes in").doesNotContain("inject-clock-fault");
        assertThat(help("send")).contains("--reflect-every").contains("ptp4l believes in").doesNotContain("inject-clock-fault");
        assertThat(help("recv")).contains("--no-reflect").contains("ptp4l believes in");
    }

    /** The help text with its line wrapping undone. */
    private static String help(String command) {
        return Cli.run(command, "--help").out().replaceAll("\\s+", " ");
    }

    @Test
    void aReceiverThatRefusesSendsNothingBackAndCountsTheRequests() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        var recv = CompletableFuture.supplyAsync(() -> Cli.run("recv", "--bind", "127.0.0.1:" + port, "--no-reflect",
                "--runs-dir", runs.resolve("rx").toString(), "--warmup", "0", "--no-live", "--duration", "60s"));
        Thread.sleep(700);
        var config = new SenderConfig(new InetSocketAddress("127.0.0.1", port), 1_000_000, 1500, 64, ClockId.TAI,
                SenderConfig.ALIGNED, -1, ThreadTuning.defaults(), null, 10, ClockFault.NONE);
        var send = new Measurement("send", config, null, 0, runs.resolve("tx"), List.of("test"), null);
        send.run();
        Cli r = recv.get(30, TimeUnit.SECONDS);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("150 reflection requests not answered (--no-reflect)");
        assertThat(send.failures()).isEmpty();
        assertThat(send.twoWayEstimates()).isEmpty();
        assertThat(send.lostReflections()).isEqualTo(150);
    }
}
