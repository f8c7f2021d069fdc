package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.rundir.RunDirectory;

/** The two-host workflow on one machine: `tsnlat recv` and `tsnlat send` as separate commands. */
class SendRecvTest {
    @TempDir Path runs;

    private static int freePort(InetAddress on) throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, on)) {
            return s.getLocalPort();
        }
    }

    @Test
    void receiverStopsAtTheSendersEndAndBothWriteTheirSide() throws Exception {
        assertSendRecv("127.0.0.1", "127.0.0.1");
    }

    @Test
    void worksOverIpv6() throws Exception {
        assertSendRecv("::1", "[::1]");
    }

    @Test
    void worksInAuthenticatedModeWithEveryDatagramSealedAndChecked() throws Exception {
        Path key = org.tsnlat.testing.KeyFiles.write(runs.resolve("tsnlat.key"), org.tsnlat.testing.KeyFiles.ONE);
        Cli r = assertSendRecv("127.0.0.1", "127.0.0.1", "--key-file", key.toString());
        var meta = RunDirectory.json().readTree(r.runDirectory().resolve("meta.json").toFile());
        assertThat(meta.at("/end/notes").toString()).contains("authenticated mode");
        assertThat(meta.at("/end/rejected/unauthenticated").asLong()).isZero();
        assertThat(meta.at("/end/rejected/replayed").asLong()).isZero();
        assertThat(r.out()).doesNotContain("unauthenticated");
    }

    @Test
    void aKeyFileOthersMayReadIsRefusedBeforeAnythingStarts() throws Exception {
        Path key = runs.resolve("open.key");
        java.nio.file.Files.writeString(key, "00112233445566778899aabbccddeeff\n");
        java.nio.file.Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Cli send = Cli.run("send", "127.0.0.1:9", "-n", "5", "--key-file", key.toString(), "--runs-dir",
                runs.resolve("tx").toString());
        assertThat(send.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(send.err()).contains(key + ": others may read or change it (rw-r--r--)").doesNotContain("Exception");
        assertThat(runs.resolve("tx")).doesNotExist();
        java.nio.file.Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Cli small = Cli.run("run", "-n", "5", "--size", "64", "--key-file", key.toString(), "--runs-dir", runs.toString());
        assertThat(small.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(small.err()).contains("--size 64 is too small for an authenticated probe: at least 80 bytes");
    }

    private Cli assertSendRecv(String address, String hostForm, String... extra) throws Exception {
        int port = freePort(InetAddress.getByName(address));
        var recv = CompletableFuture.supplyAsync(() -> Cli.run(concat(new String[] {"recv", "--bind", hostForm + ":" + port,
                "--runs-dir", runs.resolve("rx").toString(), "--warmup", "100ms", "--no-live", "--duration", "60s"}, extra)));
        Thread.sleep(700);
        Cli send = Cli.run(concat(new String[] {"send", hostForm + ":" + port, "-n", "800", "--period", "3ms", "--warmup",
                "100ms", "--runs-dir", runs.resolve("tx").toString()}, extra));
        Cli r = recv.get(30, TimeUnit.SECONDS);
        assertThat(send.exitCode()).as(send.err()).isZero();
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("run: complete").containsPattern("(?m)^Total: [0-9]+ packets$");
        var rx = RunDirectory.json().readTree(r.runDirectory().resolve("report.json").toFile());
        assertThat(rx.at("/packets/received").asLong()).isEqualTo(800);
        assertThat(rx.at("/packets/lost").asLong()).isZero();
        assertThat(rx.at("/packets/totalAnnounced").asBoolean()).isTrue();
        assertThat(rx.at("/warmupPackets").asLong() + rx.at("/metrics/latency/count").asLong()).isEqualTo(800);
        assertThat(rx.at("/sender").isNull()).isTrue();
        var tx = RunDirectory.json().readTree(send.runDirectory().resolve("report.json").toFile());
        assertThat(tx.at("/sender/sent").asLong()).isEqualTo(800);
        assertThat(tx.at("/metrics/wake/count").asLong()).isPositive();
        assertThat(tx.at("/packets").isNull()).isTrue();
        assertThat(send.out()).contains("wake ").doesNotContain("Total:");
        assertThat(tx.at("/sessionId").asText()).isEqualTo(rx.at("/sessionId").asText());
        // the sender's two-way estimates of its whole seconds crossed over to the receiver's directory
        // (the last, partial second is made after the receiver has stopped)
        var sync = org.tsnlat.sync.SyncLog.read(r.runDirectory().resolve("sync.jsonl"));
        assertThat(sync.twoWay()).isNotEmpty();
        assertThat(rx.at("/trust/evidence").asText()).contains("two-way estimates");
        return r;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void sendsIntoNothingAreSaidAtOnceCountedAndExplainedWithExitEight() throws Exception {
        int port = freePort(InetAddress.getLoopbackAddress());
        Cli send = Cli.run("send", "127.0.0.1:" + port, "-n", "30", "--runs-dir", runs.toString());
        assertThat(send.exitCode()).as(send.err()).isEqualTo(ExitCodes.NOTHING_MEASURED);
        String said = send.err().lines().filter(l -> l.contains("sends refused from probe")).findFirst().orElseThrow();
        assertThat(said).contains("Connection refused").contains("is a receiver listening at 127.0.0.1:" + port);
        assertThat(send.out()).contains("note: the kernel refused sends (last: Connection refused)")
                .contains("exit 8: the destination refused the probes to the end");
        var tx = RunDirectory.json().readTree(send.runDirectory().resolve("report.json").toFile());
        assertThat(tx.at("/sender/sendFailures").asLong()).isBetween(1L, 29L);
    }

    @Test
    void anInterfaceThisHostLacksIsRefusedBeforeTheFirstProbe() {
        // --interface for hardware timestamps over UDP: an unknown one was an internal error (exit 1)
        Cli recv = Cli.run("recv", "--interface", "nosuch0", "-d", "1s", "--runs-dir", runs.resolve("rx").toString(), "--no-live");
        assertThat(recv.exitCode()).as(recv.err()).isEqualTo(ExitCodes.NETWORK);
        assertThat(recv.err()).contains("--interface nosuch0: if_nametoindex nosuch0: No such device")
                .doesNotContain("internal error").doesNotContain("Exception");
        Cli send = Cli.run("send", "127.0.0.1:9", "--interface", "nosuch0", "-n", "5", "--runs-dir", runs.resolve("tx").toString(),
                "--no-live");
        assertThat(send.exitCode()).as(send.err()).isEqualTo(ExitCodes.NETWORK);
        assertThat(send.err()).contains("--interface nosuch0: if_nametoindex nosuch0: No such device")
                .doesNotContain("internal error");
    }
}
