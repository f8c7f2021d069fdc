package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.rundir.RunDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option of send, recv and run that shapes the measurement is listed in force (meta.json's
 * config.options, the summary's "options given"), or is named as one that does not (issue 13).
 */
class OptionsInForceTest {
    private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());
    private static final Map<String, String> SAMPLE_BY_LABEL = Map.ofEntries(Map.entry("BYTES", "100"),
            Map.entry("CLOCK", "REALTIME"), Map.entry("CPUS", "0"), Map.entry("DIR", "elsewhere"), Map.entry("FILE", "/tmp/f"), Map.entry("HEX", "abcd"),
            Map.entry("HOST[:PORT]", "127.0.0.1:9"), Map.entry("IFNAME", "lo"), Map.entry("KIND", "veth"),
            Map.entry("MODE", "log"), Map.entry("N", "5"), Map.entry("NS", "123"), Map.entry("PATH", "/tmp/p"),
            Map.entry("PERIOD", "2ms"), Map.entry("PLAN", "/tmp/host.yaml"), Map.entry("POLICY", "RR"), Map.entry("PPM", "7"), Map.entry("PRIO", "7"),
            Map.entry("RATE", "10mbit"), Map.entry("SOCKET", "/tmp/s"), Map.entry("SPAN", "7s"),
            Map.entry("SPEC", "drift:100ppm"), Map.entry("priority|bulk", "bulk"), Map.entry("tbf|htb", "htb"),
            Map.entry("host-to-guest|guest-to-host", "guest-to-host"), Map.entry("tap-bridge|macvtap", "macvtap"),
            Map.entry("SPAN|pN", "p99"), Map.entry("ADDRESS:PORT", "127.0.0.1:9464"),
            Map.entry("NAME=VALUE", "variant=macvtap"), Map.entry("OFFSET", "200us"),
            Map.entry("udp|l2", "l2"), Map.entry("TYPE", "0x88B6"), Map.entry("ID", "5"), Map.entry("0-7", "5"),
            Map.entry("MAC", "02:00:00:00:00:01"));

    @TempDir Path tmp;

    /** The measuring commands with the positional arguments they need. */
    private static final Map<String, List<String>> COMMANDS = Map.of("send", List.of("127.0.0.1:9"), "recv", List.of(),
            "run", List.of());

    @Test
    void eachOptionGivenIsInForceOrNamedAsNotShapingTheMeasurement() {
        Set<String> notMeasuredSeen = new TreeSet<>();
        int checked = 0;
        for (var command : COMMANDS.entrySet()) {
            CommandLine root = Main.commandLine(new TsnlatCommand(NOWHERE, NOWHERE));
            for (OptionSpec o : root.getSubcommands().get(command.getKey()).getCommandSpec().options()) {
                if (OptionsInForce.NOT_MEASURED.contains(o.longestName())) {
                    notMeasuredSeen.add(o.longestName());
                    continue;
                }
                List<String> args = new ArrayList<>(List.of(command.getKey()));
                args.addAll(command.getValue());
                args.add(o.shortestName()); // the short form too comes out under the long name
                String sample = SAMPLE_BY_LABEL.get(o.paramLabel());
                boolean takesValue = o.arity().min() > 0;
                if (takesValue) {
                    assertThat(sample).as("a sample value for " + command.getKey() + " " + o.longestName() + " " + o.paramLabel())
                            .isNotNull();
                    args.add(sample);
                }
                root.parseArgs(args.toArray(String[]::new)); // each parse starts from the defaults again
                CommandSpec sub = root.getSubcommands().get(command.getKey()).getCommandSpec();
                List<String> given = OptionsInForce.given(sub);
                if (takesValue) {
                    assertThat(given).as(String.join(" ", args)).containsExactly(o.longestName() + " " + sample);
                } else { // a flag; an optional value (--chrony) shows the one it falls back to
                    assertThat(given).as(String.join(" ", args)).hasSize(1).first(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                            .matches(java.util.regex.Pattern.quote(o.longestName()) + "( .+)?");
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(60);
        assertThat(notMeasuredSeen).as("every option named as not shaping the measurement exists")
                .isEqualTo(new TreeSet<>(OptionsInForce.NOT_MEASURED));
    }

    @Test
    void aSendersOptionsAndItsInterfacesTimestampingShowInItsSummary() throws Exception {
        try (DatagramSocket sink = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Cli send = Cli.run("send", "127.0.0.1:" + sink.getLocalPort(), "-n", "300", "-i", "2ms", "--warmup", "0",
                    "--so-priority", "0x10010", "-s", "100", "--interface", "lo", "--runs-dir", tmp.toString(), "--no-live");
            assertThat(send.exitCode()).as(send.err()).isZero();
            String inForce = send.out().substring(send.out().indexOf("in force:\n"));
            assertThat(inForce).as(send.out())
                    .contains("  probes: one every 2ms, 100 bytes, CLOCK_TAI, to 127.0.0.1:" + sink.getLocalPort() + "\n")
                    .contains("  options given: --count 300, --period 2ms, --warmup 0, --so-priority 0x10010, --size 100, --interface lo\n")
                    .doesNotContain("--runs-dir").doesNotContain("--no-live")
                    .contains("note: sender's timestamps: ").contains("; interface lo offers no hardware timestamping\n");
            var meta = RunDirectory.json().readTree(send.runDirectory().resolve("meta.json").toFile());
            assertThat(meta.at("/config/options").toString())
                    .isEqualTo("[\"--count 300\",\"--period 2ms\",\"--warmup 0\",\"--so-priority 0x10010\",\"--size 100\","
                            + "\"--interface lo\"]");
        }
    }
}
