package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gives one line on stderr, no stack trace, and the documented exit code. */
class BadInputTest {
    @TempDir Path tmp;

    private static void assertOneLineError(Cli r, int code, String... fragments) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(code);
        assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ").contains(fragments);
    }

    @Test
    void unknownHostIsUsageError() {
        assertOneLineError(Cli.run("send", "no-such-host.invalid:7788", "-n", "1"), ExitCodes.USAGE,
                "unknown host 'no-such-host.invalid'");
    }

    @Test
    void periodZeroIsUsageError() {
        assertOneLineError(Cli.run("run", "--period", "0"), ExitCodes.USAGE, "--period", "greater than 0");
    }

    @Test
    void negativeDurationIsUsageError() {
        assertOneLineError(Cli.run("run", "--duration", "-5s"), ExitCodes.USAGE, "--duration");
    }

    @Test
    void unknownOptionIsUsageError() {
        assertOneLineError(Cli.run("run", "--frobnicate"), ExitCodes.USAGE, "--frobnicate");
    }

    @Test
    void sizeOutOfRangeIsUsageError() {
        assertOneLineError(Cli.run("run", "--size", "10", "--runs-dir", tmp.toString()), ExitCodes.USAGE, "--size");
    }

    @Test
    void portInUseIsNetworkError() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Cli r = Cli.run("recv", "--bind", "127.0.0.1:" + taken.getLocalPort(), "-n", "1", "--runs-dir", tmp.toString());
            assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.NETWORK);
            assertThat(r.err()).contains("Address already in use").doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void missingDirectoryIsRunDirectoryError() {
        assertOneLineError(Cli.run("report", tmp.resolve("nope").toString()), ExitCodes.RUN_DIRECTORY, "no such directory");
    }

    @Test
    void directoryWithoutMetaIsRunDirectoryError() {
        assertOneLineError(Cli.run("report", tmp.toString()), ExitCodes.RUN_DIRECTORY, "not a tsnlat run directory");
    }

    @Test
    void corruptMetaIsRunDirectoryError() throws Exception {
        Files.writeString(tmp.resolve("meta.json"), "{ this is not json");
        assertOneLineError(Cli.run("report", tmp.toString()), ExitCodes.RUN_DIRECTORY, "meta.json", "unreadable");
    }

    @Test
    void unreadableRecordFileIsRunDirectoryError() throws Exception {
        Cli ok = Cli.run("run", "-n", "50", "--warmup", "0", "--runs-dir", tmp.toString(), "--no-live");
        Path dir = ok.runDirectory();
        Files.write(dir.resolve("rx.records"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        assertOneLineError(Cli.run("report", dir.toString()), ExitCodes.RUN_DIRECTORY, "rx.records");
    }

    @Test
    void helpListsExitCodes() {
        Cli r = Cli.run("run", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Exit codes:").containsPattern("3 +network set-up failed").contains("--duration");
    }

    @Test
    void anIpv6AddressWithAPortAndNoBracketsGetsTheBracketedFormSuggested() {
        Cli r = Cli.run("send", "::1:27799", "-n", "1");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("an IPv6 address with a port takes brackets: [::1]:27799");
    }
}
