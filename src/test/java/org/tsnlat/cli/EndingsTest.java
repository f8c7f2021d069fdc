package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.rundir.RunDirectory;

/** Every measurement ends, and its exit code says how: announced or not, something measured or not. */
class EndingsTest {
    @TempDir Path runs;

    @Test
    void aReceiverWhoseSenderEndWasLostStopsAfterTheSilenceAndSaysSo() throws Exception {
        int port = ReadinessTest.freePort();
        CliInBackground recv = CliInBackground.start("recv", "--bind", "127.0.0.1:" + port, "--silence", "1s",
                "--runs-dir", runs.toString(), "--warmup", "0", "--no-live");
        recv.awaitLine("^tsnlat recv: listening on ", 60_000);
        RawProbes.send(port, 0xabcL, 300, 1_000_000, 0); // no end of session
        long sentAt = System.nanoTime();
        Integer code = recv.exitCode(20_000);
        assertThat(code).as("recv ends by itself; " + recv.out() + recv.err()).isEqualTo(ExitCodes.END_NOT_SEEN);
        assertThat((System.nanoTime() - sentAt) / 1_000_000).as("ms after the last probe").isBetween(900L, 10_000L);
        assertThat(recv.out()).contains("packets: 300 received, 0 lost").contains("run: ended by silence: no probe for 1s")
                .contains("exit 7: the receiver stopped after a silence");
        Path dir = Path.of(recv.out().lines().filter(l -> l.startsWith("run directory: ")).findFirst().orElseThrow()
                .substring(15));
        var meta = RunDirectory.json().readTree(dir.resolve("meta.json").toFile());
        assertThat(meta.at("/end/reason").asText()).isEqualTo("silence");
        Cli again = Cli.run("report", dir.toString());
        assertThat(again.exitCode()).isEqualTo(ExitCodes.END_NOT_SEEN);
    }

    @Test
    void aSlowSenderWithGarbageBetweenItsProbesIsNoSilence() throws Exception {
        int port = ReadinessTest.freePort();
        CliInBackground recv = CliInBackground.start("recv", "--bind", "127.0.0.1:" + port, "--silence", "1s",
                "--runs-dir", runs.toString(), "--warmup", "0", "--no-live");
        recv.awaitLine("^tsnlat recv: listening on ", 60_000);
        // a probe every 400 ms: several empty receives (100 ms each) and a foreign datagram between two probes
        Thread garbage = Thread.ofPlatform().start(() -> {
            try (var ch = java.nio.channels.DatagramChannel.open()) {
                ch.connect(new java.net.InetSocketAddress("127.0.0.1", port));
                for (int i = 0; i < 40; i++) {
                    ch.write(java.nio.ByteBuffer.wrap("not a probe".getBytes()));
                    Thread.sleep(150);
                }
            } catch (java.net.PortUnreachableException receiverEnded) {
                // the receiver ended on its silence (no probe for 1 s) while the garbage went on: its end
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        RawProbes.send(port, 0xabeL, 12, 400_000_000L, 0);
        garbage.join();
        assertThat(recv.exitCode(20_000)).as(recv.out() + recv.err()).isEqualTo(ExitCodes.END_NOT_SEEN);
        assertThat(recv.out()).contains("packets: 12 received, 0 lost").contains("no probe for 1s after 12 probes");
    }

    @Test
    void theDefaultSilenceFollowsThePeriodAndIsAtLeastThreeSeconds() throws Exception {
        int port = ReadinessTest.freePort();
        CliInBackground recv = CliInBackground.start("recv", "--bind", "127.0.0.1:" + port, "--runs-dir",
                runs.toString(), "--warmup", "0", "--no-live");
        recv.awaitLine("^tsnlat recv: listening on ", 60_000);
        RawProbes.send(port, 0xabdL, 100, 1_000_000, 0);
        long sentAt = System.nanoTime();
        assertThat(recv.exitCode(20_000)).as(recv.out() + recv.err()).isEqualTo(ExitCodes.END_NOT_SEEN);
        assertThat((System.nanoTime() - sentAt) / 1_000_000).as("ms after the last probe").isBetween(2_900L, 12_000L);
        assertThat(recv.out()).contains("no probe for 3s after 100 probes");
    }

    @Test
    void aReceiverThatGetsNothingSaysSoWithExitEight() {
        Cli r = Cli.run("recv", "--bind", "127.0.0.1:0", "-d", "1s", "--runs-dir", runs.toString(), "--no-live");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.NOTHING_MEASURED);
        assertThat(r.out()).contains("exit 8: no probe was received");
    }

    @Test
    void aRunWhoseEndProbesAreLostStillKnowsWhatItsSenderSent() {
        Cli r = Cli.run("run", "-n", "500", "--no-end-probes", "--warmup", "0", "--runs-dir", runs.toString(),
                "--no-live");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("packets: 500 received, 0 lost").doesNotContain("total not received")
                .contains("run: complete");
    }

    @Test
    void aStreamThatReachesNobodyExitsEight() throws Exception {
        int port = ReadinessTest.freePort();
        Cli r = Cli.run("load", "127.0.0.1:" + port, "--rate", "10mbit", "-d", "1s");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.NOTHING_MEASURED);
        assertThat(r.err()).contains("nothing reached a listener").contains("127.0.0.1:" + port);
    }
}
