package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --metrics refused plainly when it cannot be served, before anything is measured: exit 2 or 3, no run directory. */
class MetricsOptionsTest {
    @TempDir Path runs;

    private Cli run(String... extra) {
        String[] base = {"run", "-d", "1s", "--no-live", "--runs-dir", runs.toString()};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return Cli.run(all);
    }

    private void refused(Cli r, int exit, String message) throws Exception {
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(exit);
        assertThat(r.err()).contains(message).doesNotContain("Exception").doesNotContain("warming up");
        try (var s = Files.list(runs)) {
            assertThat(s.filter(p -> !p.getFileName().toString().startsWith("."))).as("no run directory").isEmpty();
        } catch (java.nio.file.NoSuchFileException none) {
            // nothing made at all
        }
    }

    @Test
    void anAddressWithoutAPortIsRefused() throws Exception {
        refused(run("--metrics", "127.0.0.1"), ExitCodes.USAGE, "give the port, e.g. 127.0.0.1:9464");
    }

    @Test
    void labelsThatAreTsnlatsOwnOrNotLabelNamesAreRefused() throws Exception {
        refused(run("--metrics", "127.0.0.1:0", "--metrics-label", "run=x"), ExitCodes.USAGE,
                "--metrics-label run=...: run is tsnlat's own or Prometheus's");
        refused(run("--metrics", "127.0.0.1:0", "--metrics-label", "9lives=x"), ExitCodes.USAGE,
                "a label name is letters, digits and _");
        refused(run("--metrics-label", "variant=x"), ExitCodes.USAGE, "--metrics-label needs --metrics");
        refused(run("--metrics-linger", "5s"), ExitCodes.USAGE, "--metrics-linger needs --metrics");
    }

    @Test
    void aBadLabelIsRefusedBeforeALabIsBuilt() throws Exception {
        // a VM lab takes a minute to build: refused before it (without the early check, after it)
        Cli r = Cli.run("run", "--topology", "vm", "-n", "10", "--no-live", "--runs-dir", runs.toString(),
                "--metrics", "127.0.0.1:0", "--metrics-label", "run=x");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("run is tsnlat's own").doesNotContain("lab ").doesNotContain("namespace");
        assertThat(r.out()).doesNotContain("lab");
    }

    @Test
    void anAddressInUseIsANetworkFailureBeforeTheFirstProbe() throws Exception {
        try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            refused(run("--metrics", "127.0.0.1:" + taken.getLocalPort()), ExitCodes.NETWORK,
                    "--metrics 127.0.0.1:" + taken.getLocalPort() + ": cannot serve there: ");
        }
    }

    @Test
    void anAddressThatIsNotThisHostsIsRefused() throws Exception {
        // 192.0.2.1 (TEST-NET-1) is on no interface here: the bind fails, nothing is sent anywhere
        refused(run("--metrics", "192.0.2.1:9464"), ExitCodes.NETWORK, "--metrics 192.0.2.1:9464: cannot serve there: ");
    }
}
