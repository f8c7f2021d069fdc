package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** `tsnlat load` paces a stream at the asked rate over loopback and its sink counts all of it. */
class LoadCommandTest {
    @Test
    void streamIsPacedAndCountedBySink() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        var sink = CompletableFuture.supplyAsync(() -> Cli.run("load", "--sink", "--bind", "127.0.0.1:" + port, "-d", "3s"));
        Thread.sleep(500);
        Cli send = Cli.run("load", "127.0.0.1:" + port, "--rate", "40mbit", "--size", "1000", "-d", "1s");
        Cli got = sink.get(20, TimeUnit.SECONDS);
        assertThat(send.exitCode()).as(send.err()).isZero();
        Matcher m = Pattern.compile("load sent ([0-9]+) datagrams \\(([0-9.]+) Mbit/s\\)").matcher(send.out());
        assertThat(m.find()).as(send.out()).isTrue();
        long sent = Long.parseLong(m.group(1));
        // 40 Mbit/s of 1000-byte datagrams for 1 s is 5000 datagrams; pacing keeps it within a tick's worth
        assertThat(sent).isBetween(4_500L, 5_100L);
        assertThat(Double.parseDouble(m.group(2))).isBetween(36.0, 41.0);
        assertThat(got.out()).contains("load sink: listening on 127.0.0.1:" + port)
                .contains("load sink: received " + sent + " datagrams, " + sent * 1000 + " bytes");
    }

    /** SIGTERM (how run stops the sink it started in a VM guest) still prints what the sink counted. */
    @Test
    void aSinkStoppedBySigtermSaysWhatItCounted(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        java.nio.file.Path out = dir.resolve("out.txt");
        Process sink = Cli.startInChildJvm(out, "load", "--sink", "--bind", "127.0.0.1:" + port, "-d", "1h");
        try {
            long until = System.nanoTime() + 60_000_000_000L;
            while (!java.nio.file.Files.readString(out).contains("load sink: listening on 127.0.0.1:" + port)) {
                assertThat(sink.isAlive()).as(java.nio.file.Files.readString(out)).isTrue();
                assertThat(System.nanoTime() - until).as("listening within 60 s").isNegative();
                Thread.sleep(50);
            }
            try (DatagramSocket s = new DatagramSocket()) {
                for (int i = 0; i < 300; i++) {
                    s.send(new java.net.DatagramPacket(new byte[100], 100, InetAddress.getLoopbackAddress(), port));
                }
            }
            Thread.sleep(500);
            sink.destroy(); // SIGTERM
            assertThat(sink.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(java.nio.file.Files.readString(out)).contains("load sink: received 300 datagrams, 30000 bytes");
        } finally {
            sink.destroyForcibly();
        }
    }

    @Test
    void badRateIsUsageError() {
        Cli r = Cli.run("load", "127.0.0.1:9", "--rate", "fast");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("'fast' is not a rate").doesNotContain("Exception");
    }
}
