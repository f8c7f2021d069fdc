package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.linux.NetNamespace;
import org.tsnlat.linux.PacketSocket;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.testing.KeyFiles;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;
import org.tsnlat.wire.EthernetFraming;

/**
 * Issue 18's first acceptance: {@code send} and {@code recv --transport l2} in two network
 * namespaces joined by a veth pair, or each by a veth to a bridge in a third, 1 ms for 5 s, with
 * and without an 802.1Q tag. The sender resolves the receiver's MAC from its address (the
 * neighbour entry); frames of another EtherType and malformed probe frames are sent to the
 * receiver meanwhile. Every probe is accounted for; the receiver reports the PCP and VLAN they
 * arrived with and the other frames kept out by its EtherType filter (counted); a tcpdump capture
 * on the receiver's interface shows the probes' frames with the tag and priority on the wire.
 */
@Needs({Need.ROOT, Need.IP, Need.TCPDUMP})
class Layer2LinkTest {
    private static final int PROBES = 5000;
    private static final int FOREIGN = 200;
    private static final int MALFORMED = 20;

    @TempDir Path tmp;

    @ParameterizedTest(name = "{0}, vlan {1}, authenticated {2}")
    @CsvSource({"veth, -1, false", "veth, 7, false", "bridge, -1, false", "bridge, 7, true"})
    void probesInFramesAreAllAccountedForWithTheirPriorityAndOtherFramesKeptOut(String topology, int vlan, boolean authenticated)
            throws Exception {
        boolean tagged = vlan >= 0;
        List<String> keyArgs = authenticated
                ? List.of("--key-file", KeyFiles.write(tmp.resolve("tsnlat.key"), KeyFiles.ONE).toString()) : List.of();
        int pcp = 5;
        try (Link link = Link.make(topology)) {
            Path capture = tmp.resolve("rx.pcap");
            Process dump = new ProcessBuilder("ip", "netns", "exec", link.rxNs, "tcpdump", "-i", "eth0", "-B", "16384", "-U", "-w",
                    capture.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("tcpdump.log").toFile()).start();
            Process recv = null;
            try {
                waitFor(tmp.resolve("tcpdump.log"), "listening on", dump);
                Path recvOut = tmp.resolve("recv.txt");
                List<String> recvArgs = new ArrayList<>(List.of("recv", "--transport", "l2", "--interface", "eth0",
                        "-d", "60s", "--runs-dir", tmp.resolve("rx").toString(), "--no-live"));
                recvArgs.addAll(keyArgs);
                recv = new ProcessBuilder(link.tsnlat(link.rxNs, recvArgs.toArray(String[]::new)))
                        .redirectErrorStream(true).redirectOutput(recvOut.toFile()).start();
                waitFor(recvOut, "listening on eth0", recv);
                List<String> send = new ArrayList<>(List.of("send", "--transport", "l2", Link.RX_ADDRESS, "-n",
                        Integer.toString(PROBES), "-i", "1ms", "--runs-dir", tmp.resolve("tx").toString(), "--no-live"));
                if (tagged) send.addAll(List.of("--vlan", Integer.toString(vlan), "--pcp", Integer.toString(pcp)));
                send.addAll(keyArgs);
                Process sender = new ProcessBuilder(link.tsnlat(link.txNs, send.toArray(String[]::new)))
                        .redirectErrorStream(true).redirectOutput(tmp.resolve("send.txt").toFile()).start();
                Thread.sleep(2_000);
                byte[] rxMac = link.mac(link.rxNs);
                // beside the probes: frames of another EtherType (kept out by the filter) and frames of
                // the probes' EtherType that are no probes (taken in, refused)
                NetNamespace.callIn(link.txNs, () -> {
                    try (PacketSocket s = PacketSocket.openSending("eth0")) {
                        s.frame(rxMac, EthernetFraming.NO_TAG, 0, EthernetFraming.DEFAULT_ETHER_TYPE + 1);
                        for (int i = 0; i < FOREIGN; i++) s.trySend(64);
                        s.frame(rxMac, EthernetFraming.NO_TAG, 0, EthernetFraming.DEFAULT_ETHER_TYPE);
                        s.txBuffer().putInt(0, 0x12345678); // no probe magic
                        for (int i = 0; i < MALFORMED; i++) s.trySend(64);
                    }
                    return null;
                });
                assertThat(sender.waitFor(60, TimeUnit.SECONDS)).isTrue();
                String sent = Files.readString(tmp.resolve("send.txt"));
                assertThat(sender.exitValue()).as(sent).isZero();
                assertThat(recv.waitFor(30, TimeUnit.SECONDS)).as("the receiver ends on the sender's end").isTrue();
                String got = Files.readString(recvOut);
                assertThat(recv.exitValue()).as(got).isZero();
                assertThat(got).contains("packets: " + PROBES + " received, 0 lost");
                assertThat(sent).contains("to " + EthernetFraming.formatMac(rxMac) + " via eth0");

                JsonNode meta = meta(tmp.resolve("rx"));
                JsonNode frames = meta.path("end").path("frames");
                String pcpKey = tagged ? Integer.toString(pcp) : "untagged";
                assertThat(frames.path("byPcp").toString()).as(got).isEqualTo("{\"" + pcpKey + "\":" + PROBES + "}");
                assertThat(frames.path("byVlan").toString()).isEqualTo(tagged ? "{\"" + vlan + "\":" + PROBES + "}" : "{}");
                // every foreign frame kept out, and counted (with whatever else came: ARP, IPv6 ND)
                assertThat(frames.path("otherFrames").asLong()).as(frames.toString()).isBetween((long) FOREIGN, FOREIGN + 100L);
                assertThat(meta.path("end").path("rejected").path("foreign").asLong()).isEqualTo(MALFORMED);
                assertThat(meta.path("config").path("layer2").path("etherType").asText()).isEqualTo("0x88B5");
                assertThat(got).contains("frames:");
                // reflections (every 10th probe by default) came back over layer 2, and the END arrived
                assertThat(meta(tmp.resolve("tx")).path("end").path("reflectionsAnswered").asLong()).as(sent).isPositive();
                assertThat(meta.path("end").path("announcedTotal").asLong()).isEqualTo(PROBES);
                // the sender's clock evidence (its two-way estimates, about one a second) forwarded in frames
                // framed as its probes', into the receiver's sync.jsonl; none refused
                long twoWay;
                try (var lines = Files.lines(onlyRun(tmp.resolve("rx")).resolve("sync.jsonl"))) {
                    twoWay = lines.filter(l -> l.contains("\"kind\":\"twoway\"")).count();
                }
                assertThat(twoWay).as("two-way estimates forwarded to the receiver").isGreaterThanOrEqualTo(3);
                assertThat(meta.path("end").path("rejected").path("sync-refused").asLong()).isZero();
                assertThat(meta.path("end").path("rejected").path("unauthenticated").asLong()).isZero();
                System.out.printf("l2 over %s%s: %d probes, frames %s%n", topology, tagged ? " (VLAN " + vlan + ", PCP " + pcp + ")" : "",
                        PROBES, frames);
            } finally {
                if (recv != null && recv.isAlive()) recv.destroyForcibly().waitFor(); // ours, by its handle
                dump.destroy(); // tcpdump we started: SIGTERM flushes its file
                if (!dump.waitFor(10, TimeUnit.SECONDS)) dump.destroyForcibly();
            }
            // the capture: the probes' frames on the wire, with the tag and priority asked for
            Process read = new ProcessBuilder("tcpdump", "-nn", "-e", "-r", capture.toString())
                    .redirectErrorStream(true).start();
            String lines = new String(read.getInputStream().readAllBytes());
            read.waitFor();
            // every probe frame the capture holds carries the tag asked for (or none); a capture may miss
            // frames on a busy machine (its kernel buffer: 4729 of 5000 kept once in a full suite, the
            // receiver having taken all 5000), so it need hold 90 % of them, not every one
            Pattern taggedProbe = Pattern.compile("ethertype 802\\.1Q \\(0x8100\\), length \\d+: vlan " + vlan + ", p " + pcp
                    + ", ethertype Unknown \\(0x88b5\\)");
            Pattern anyTag = Pattern.compile("ethertype 802\\.1Q \\(0x8100\\)");
            Pattern untaggedProbe = Pattern.compile("ethertype Unknown \\(0x88b5\\), length \\d+:");
            String head = lines.lines().limit(5).toList().toString();
            if (tagged) {
                assertThat(count(taggedProbe, lines)).as(head).isGreaterThanOrEqualTo(PROBES * 9 / 10);
                // the sender's clock evidence in the probes' VLAN at priority 0: best effort, never the probes' class
                Pattern taggedSync = Pattern.compile("ethertype 802\\.1Q \\(0x8100\\), length \\d+: vlan " + vlan
                        + ", p 0, ethertype Unknown \\(0x88b5\\)");
                assertThat(count(taggedSync, lines)).as("sync frames at PCP 0").isPositive();
                assertThat(count(anyTag, lines)).as("tagged frames, every one the probes' tag or the sync frames'")
                        .isEqualTo(count(taggedProbe, lines) + count(taggedSync, lines));
            } else {
                assertThat(count(untaggedProbe, lines)).as(head).isGreaterThanOrEqualTo(PROBES * 9 / 10);
                assertThat(count(anyTag, lines)).as("no tagged frame").isZero();
            }
            // and the foreign frames of another EtherType on the wire (as above, 90 % of them at least)
            assertThat(count(Pattern.compile("ethertype Unknown \\(0x88b6\\)"), lines)).isBetween(FOREIGN * 9 / 10, FOREIGN);
        }
    }

    /**
     * {@code run --transport l2} over the lab's bridge, tagged, through its htb: every probe, with
     * the priority it was sent with (which put it in the probe class).
     */
    @org.junit.jupiter.api.Test
    void runOverTheLabsBridgeSendsTaggedFramesThroughItsShaper() throws Exception {
        Cli r = Cli.run("run", "--topology", "bridge", "--shape", "htb", "--rate", "100mbit", "--transport", "l2",
                "--vlan", "3", "--pcp", "6", "-n", "3000", "--runs-dir", tmp.resolve("runs").toString(), "--no-live");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("Ethernet frames (EtherType 0x88B5, VLAN 3, PCP 6)").contains("probes in htb class 1:10 (by their PCP 6)")
                .contains("packets: 3000 received, 0 lost").contains("frames: probes by priority on arrival: PCP 6 3000; VLAN 3 3000");
        JsonNode layer2 = meta(tmp.resolve("runs")).path("config").path("layer2");
        assertThat(layer2.path("vlan").asInt()).isEqualTo(3);
        assertThat(layer2.path("senderInterface").asText()).isEqualTo(layer2.path("receiverInterface").asText());
        assertThat(layer2.path("destinationMac").asText()).isEqualTo(layer2.path("receiverMac").asText());
    }

    /**
     * What the interface allows is checked before the first probe (exit 3, said): a probe larger
     * than its MTU, an interface that is down; and a sender whose frames nobody takes (no receiver:
     * no reflection ever comes back) ends with exit 8, saying so, not "complete" and 0.
     */
    @org.junit.jupiter.api.Test
    void theInterfaceIsCheckedFirstAndASenderIntoNothingIsSaidToBe() throws Exception {
        try (Link link = Link.make("veth")) {
            String rxMac = EthernetFraming.formatMac(link.mac(link.rxNs));
            Cli big = link.run(tmp, link.txNs, "send", "--transport", "l2", Link.RX_ADDRESS, "-s", "1501", "-n", "5");
            assertThat(big.exitCode()).as(big.text()).isEqualTo(3);
            assertThat(big.err()).contains("probes of 1501 bytes do not fit eth0's MTU of 1500");

            Cli nobody = link.run(tmp, link.txNs, "send", "--transport", "l2", "--interface", "eth0", "--dst-mac", rxMac,
                    "-n", "300", "-i", "1ms", "--warmup", "0");
            assertThat(nobody.exitCode()).as(nobody.text()).isEqualTo(8);
            assertThat(nobody.text()).contains("none of the reflections the 300 probes asked for came back");

            Link.ip(link.rxNs, "link", "set", "eth0", "down");
            Cli down = link.run(tmp, link.rxNs, "recv", "--transport", "l2", "--interface", "eth0", "-d", "2s");
            assertThat(down.exitCode()).as(down.text()).isEqualTo(3);
            assertThat(down.err()).contains("eth0 is down").doesNotContain("listening on");
        }
    }

    private static int count(Pattern p, String text) {
        Matcher m = p.matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    private static JsonNode meta(Path runs) throws Exception {
        return RunDirectory.json().readTree(onlyRun(runs).resolve("meta.json").toFile());
    }

    private static Path onlyRun(Path runs) throws Exception {
        try (var dirs = Files.list(runs)) {
            return dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    private static void waitFor(Path log, String text, Process p) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(log) && Files.readString(log).contains(text))) {
            if (!p.isAlive() || System.nanoTime() > until) {
                throw new AssertionError("no '" + text + "': " + (Files.exists(log) ? Files.readString(log) : ""));
            }
            Thread.sleep(50);
        }
    }

    /**
     * Two namespaces, the sender's and the receiver's (10.79.0.1 and .2 on eth0), joined by a veth
     * pair or each by a veth to a bridge in a third namespace. Closing deletes them.
     */
    private static final class Link implements AutoCloseable {
        static final String RX_ADDRESS = "10.79.0.2";
        final String prefix = "tl2" + ProcessHandle.current().pid() % 100_000;
        final String txNs = prefix + "-tx";
        final String rxNs = prefix + "-rx";
        final String swNs = prefix + "-sw";
        final List<String> made = new ArrayList<>();

        static Link make(String topology) throws Exception {
            Link l = new Link();
            try {
                l.ns(l.txNs);
                l.ns(l.rxNs);
                if (topology.equals("veth")) {
                    ip(null, "link", "add", "eth0", "netns", l.txNs, "type", "veth", "peer", "name", "eth0", "netns", l.rxNs);
                } else {
                    l.ns(l.swNs);
                    ip(l.swNs, "link", "add", "br0", "type", "bridge");
                    ip(l.swNs, "link", "set", "br0", "up");
                    for (String ns : List.of(l.txNs, l.rxNs)) {
                        String port = ns.equals(l.txNs) ? "ptx" : "prx";
                        ip(null, "link", "add", "eth0", "netns", ns, "type", "veth", "peer", "name", port, "netns", l.swNs);
                        ip(l.swNs, "link", "set", port, "master", "br0");
                        ip(l.swNs, "link", "set", port, "up");
                    }
                }
                ip(l.txNs, "addr", "add", "10.79.0.1/24", "dev", "eth0");
                ip(l.rxNs, "addr", "add", RX_ADDRESS + "/24", "dev", "eth0");
                for (String ns : List.of(l.txNs, l.rxNs)) {
                    ip(ns, "link", "set", "eth0", "up");
                    ip(ns, "link", "set", "lo", "up");
                }
                return l;
            } catch (Exception | AssertionError e) {
                l.close();
                throw e;
            }
        }

        private void ns(String name) throws Exception {
            ip(null, "netns", "add", name);
            made.add(name);
        }

        byte[] mac(String ns) throws Exception {
            Process p = new ProcessBuilder("ip", "-n", ns, "-br", "link", "show", "eth0").start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            Matcher m = Pattern.compile("([0-9a-f]{2}(:[0-9a-f]{2}){5})").matcher(out);
            assertThat(m.find()).as(out).isTrue();
            return EthernetFraming.parseMac(m.group(1), "eth0's MAC");
        }

        /** tsnlat in namespace {@code ns}, to its end (60 s at most), its output kept. */
        Cli run(Path dir, String ns, String... args) throws Exception {
            List<String> all = new ArrayList<>(List.of(args));
            all.addAll(List.of("--runs-dir", dir.resolve("runs-" + ns).toString(), "--no-live"));
            Path out = Files.createTempFile(dir, "out", ".txt");
            Path err = Files.createTempFile(dir, "err", ".txt");
            Process p = new ProcessBuilder(tsnlat(ns, all.toArray(String[]::new))).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("tsnlat " + all + " did not end: " + Files.readString(out) + Files.readString(err));
            }
            return new Cli(p.exitValue(), Files.readString(out), Files.readString(err));
        }

        List<String> tsnlat(String ns, String... args) {
            return Fleet.tsnlatIn(ns, args);
        }

        private static void ip(String ns, String... args) throws Exception {
            Fleet.ip(ns, args);
        }

        @Override
        public void close() throws Exception {
            for (String ns : made.reversed()) new ProcessBuilder("ip", "netns", "del", ns).start().waitFor();
        }
    }
}
