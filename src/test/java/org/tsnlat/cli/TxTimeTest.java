package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/**
 * --txtime (SO_TXTIME launch times, docs/tsn.md) over loopback: accepted by the kernel, not
 * enforced (lo has no etf or taprio), every probe received; bad usage refused with exit 2.
 */
class TxTimeTest {
    @TempDir Path runs;

    @Test
    void anOffsetOfThePeriodOrMoreIsRefused() {
        Cli c = Cli.run("run", "-n", "5", "--period", "1ms", "--txtime", "1ms", "--runs-dir", runs.toString());
        assertThat(c.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(c.err()).contains("--txtime 1ms must be less than the period (1ms)");
        Cli send = Cli.run("send", "127.0.0.1:9", "-n", "5", "--period", "1ms", "--txtime", "2ms",
                "--runs-dir", runs.toString());
        assertThat(send.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(send.err()).contains("--txtime 2ms must be less than the period (1ms)");
    }

    @Test
    void aZeroOrNegativeOffsetIsRefused() {
        for (String offset : new String[] {"0us", "-5us"}) {
            Cli c = Cli.run("run", "-n", "5", "--txtime", offset, "--runs-dir", runs.toString());
            assertThat(c.exitCode()).as(offset).isEqualTo(ExitCodes.USAGE);
            assertThat(c.err()).as(offset).contains("--txtime");
        }
    }

    @Test
    void theDeadlineModeNeedsAnOffset() {
        for (String cmd : new String[] {"run", "send 127.0.0.1:9"}) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(cmd.split(" ")));
            args.addAll(java.util.List.of("-n", "5", "--txtime-deadline", "--runs-dir", runs.toString()));
            Cli c = Cli.run(args.toArray(String[]::new));
            assertThat(c.exitCode()).as(cmd).isEqualTo(ExitCodes.USAGE);
            assertThat(c.err()).as(cmd).contains("--txtime-deadline needs --txtime");
        }
    }

    /**
     * Not enforced on lo, so a probe leaves as soon as it is sent, after its scheduled time and
     * (with the sender real-time) well before its launch time: the launch error is never below
     * -OFFSET and usually negative, about -OFFSET + wake-up lateness + TX stack.
     */
    @Test
    @Needs(Need.ROOT)
    void runWithALaunchTimeOverLoopbackReceivesEveryProbeAndMeasuresTheLaunchError() throws Exception {
        Cli r = Cli.run("run", "-n", "1000", "--period", "1ms", "--warmup", "200ms", "--txtime", "200us",
                "--no-live", "--runs-dir", runs.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        var report = RunDirectory.json().readTree(r.runDirectory().resolve("report.json").toFile());
        assertThat(report.at("/packets/received").asLong()).isEqualTo(1000);
        assertThat(report.at("/packets/lost").asLong()).isZero();
        var launch = report.at("/metrics/launch");
        assertThat(launch.at("/count").asLong()).isEqualTo(800);
        assertThat(launch.at("/minNs").asLong()).isGreaterThan(-200_000);
        assertThat(launch.at("/percentilesNs/p50").asLong()).isNegative();
        assertThat(report.at("/pairs/launch").asText())
                .isEqualTo("sw tx (driver) minus the launch time asked for (scheduled + 200us, SO_TXTIME)");
        assertThat(report.at("/sender/launchTimeDrops/missed").asLong()).isZero();
        assertThat(report.at("/sender/launchTimeDrops/invalid").asLong()).isZero();
        String notEnforced = "launch time: SO_TXTIME accepted by the kernel but not enforced: the egress qdisc of lo is ";
        assertThat(r.err()).contains("tsnlat run: " + notEnforced).contains("not etf or taprio");
        assertThat(r.err().indexOf(notEnforced)).isLessThan(r.err().indexOf("measuring (run directory"));
        assertThat(r.out()).contains("note: " + notEnforced);
        assertThat(report.at("/notes").toString()).contains(notEnforced);
        assertThat(r.out()).containsPattern("(?m)^  launch +p50 -[0-9.]+ ")
                .contains("launch-time drops: 0 missed, 0 invalid");
        var meta = RunDirectory.json().readTree(r.runDirectory().resolve("meta.json").toFile());
        assertThat(meta.at("/config/txtime/offsetNs").asLong()).isEqualTo(200_000);
        assertThat(meta.at("/config/txtime/deadline").asBoolean()).isFalse();
        assertThat(meta.at("/end/launchTimeDrops/missed").isNumber()).isTrue();

        Cli again = Cli.run("report", r.runDirectory().toString());
        assertThat(launchLine(again.out())).isEqualTo(launchLine(r.out())).isNotEmpty();
        assertThat(again.out()).contains("note: " + notEnforced);
        assertThat(again.out()).contains("launch-time drops: 0 missed, 0 invalid");
    }

    @Test
    @Needs(Need.ROOT)
    void sendWithADeadlineOverLoopbackReachesTheReceiver() throws Exception {
        int port;
        try (var s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        var recv = java.util.concurrent.CompletableFuture.supplyAsync(() -> Cli.run("recv", "--bind", "127.0.0.1:" + port,
                "--runs-dir", runs.resolve("rx").toString(), "--warmup", "100ms", "--no-live", "--duration", "60s"));
        Thread.sleep(700);
        Cli send = Cli.run("send", "127.0.0.1:" + port, "-n", "300", "--period", "2ms", "--warmup", "100ms",
                "--txtime", "500us", "--txtime-deadline", "--runs-dir", runs.resolve("tx").toString());
        Cli rx = recv.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(send.exitCode()).as(send.err()).isZero();
        assertThat(rx.exitCode()).as(rx.err()).isZero();
        var received = RunDirectory.json().readTree(rx.runDirectory().resolve("report.json").toFile());
        assertThat(received.at("/packets/received").asLong()).isEqualTo(300);
        assertThat(send.err()).contains("tsnlat send: launch time: SO_TXTIME accepted by the kernel but not enforced: "
                + "the egress qdisc of lo is ");
        var sent = RunDirectory.json().readTree(send.runDirectory().resolve("report.json").toFile());
        assertThat(sent.at("/metrics/launch/minNs").asLong()).isGreaterThan(-500_000);
        var meta = RunDirectory.json().readTree(send.runDirectory().resolve("meta.json").toFile());
        assertThat(meta.at("/config/txtime/offsetNs").asLong()).isEqualTo(500_000);
        assertThat(meta.at("/config/txtime/deadline").asBoolean()).isTrue();
    }

    @Test
    void withoutTxTimeNothingOfItAppears() throws Exception {
        Cli r = Cli.run("run", "-n", "100", "--period", "1ms", "--warmup", "0", "--no-live", "--runs-dir", runs.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        var report = RunDirectory.json().readTree(r.runDirectory().resolve("report.json").toFile());
        assertThat(report.at("/metrics/launch").isMissingNode()).isTrue();
        assertThat(report.at("/sender/launchTimeDrops").isMissingNode()).isTrue();
        var meta = RunDirectory.json().readTree(r.runDirectory().resolve("meta.json").toFile());
        assertThat(meta.at("/config/txtime").isMissingNode()).isTrue();
        assertThat(meta.at("/end/launchTimeDrops").isMissingNode()).isTrue();
        assertThat(r.out()).doesNotContain("launch");
        assertThat(r.err()).doesNotContain("launch");
    }

    /**
     * Without CAP_NET_ADMIN (as root: dropped from the bounding set by setpriv; otherwise there is
     * none) the kernel refuses SO_TXTIME on TAI: exit 3 before the first probe, said plainly.
     */
    @Test
    @Needs(Need.SETPRIV)
    void withoutCapNetAdminTheRunEndsBeforeItsFirstProbeSayingWhy() throws Exception {
        List<String> cmd = new ArrayList<>();
        if (org.tsnlat.linux.Scheduling.geteuid() == 0) {
            cmd.addAll(List.of("setpriv", "--bounding-set", "-net_admin", "--"));
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "org.tsnlat.cli.Main", "run", "-n", "10", "--txtime", "200us", "--no-live",
                "--runs-dir", runs.toString()));
        Cli r = Cli.process(runs, 60, cmd);
        assertThat(r.exitCode()).as(r.text()).isEqualTo(ExitCodes.NETWORK);
        assertThat(r.err()).contains("--txtime: the kernel refused SO_TXTIME")
                .contains("a launch time on CLOCK_TAI needs CAP_NET_ADMIN").doesNotContain("Exception")
                .doesNotContain("warming up");
    }

    private static String launchLine(String out) {
        return out.lines().filter(l -> l.startsWith("  launch ")).findFirst().orElse("");
    }
}
