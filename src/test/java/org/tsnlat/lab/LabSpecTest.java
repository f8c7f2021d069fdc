package org.tsnlat.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Specs, rates and names parse as documented; the state file format v1 reads back. */
class LabSpecTest {
    @ParameterizedTest
    @CsvSource({"100mbit,100000000", "1gbit,1000000000", "500kbit,500000", "1.5gbit,1500000000",
            "64000,64000", "10Mbit,10000000", " 2 mbit ,2000000"})
    void ratesParseWithDecimalPrefixes(String text, long bits) {
        assertThat(Shaping.parseRate(text)).isEqualTo(bits);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fast", "100mbps", "-5mbit", "10tbit", "200gbit"})
    void nonRatesAreRefused(String text) {
        assertThatThrownBy(() -> Shaping.parseRate(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ratesFormatAsTcWritesThem() {
        assertThat(Shaping.formatRate(100_000_000)).isEqualTo("100mbit");
        assertThat(Shaping.formatRate(1_500_000)).isEqualTo("1500kbit");
        assertThat(Shaping.formatRate(64_001)).isEqualTo("64001bit");
        assertThatThrownBy(() -> new Shaping(Shaping.Kind.TBF, 1_000)).hasMessageContaining("64kbit..100gbit");
    }

    @Test
    void topologiesAndKindsParseFromLowerCase() {
        assertThat(Topology.parse("macvlan")).isEqualTo(Topology.MACVLAN);
        assertThat(Topology.parse("Bridge")).isEqualTo(Topology.BRIDGE);
        assertThat(Shaping.Kind.parse("htb")).isEqualTo(Shaping.Kind.HTB);
        assertThatThrownBy(() -> Topology.parse("ovs")).hasMessage(
                "unknown topology 'ovs'; expected one of veth, bridge, macvlan, vm");
    }

    @Test
    void theGuestNetIsTheVmLabsAndMacvtapHasNoBridge() {
        assertThat(GuestNet.parse("MACVTAP")).isEqualTo(GuestNet.MACVTAP);
        assertThatThrownBy(() -> GuestNet.parse("vhost-user")).hasMessage(
                "unknown guest network 'vhost-user'; expected one of tap-bridge, macvtap");
        assertThat(new LabSpec("x", Topology.VM, null, false).guestNet()).isEqualTo(GuestNet.TAP_BRIDGE);
        assertThatThrownBy(() -> new LabSpec("x", Topology.BRIDGE, null, false, null, null, GuestNet.MACVTAP))
                .hasMessage("--guest-net needs --topology vm");
        java.nio.file.Path dir = java.nio.file.Path.of("/run/tsnlat/lab-x");
        List<String> macvtap = Plan.steps(new LabSpec("x", Topology.VM, null, false, null, null, GuestNet.MACVTAP), dir)
                .stream().map(Step::description).toList();
        assertThat(macvtap).contains("ip -n x-switch link add link p-talker name mvtap0 type macvtap mode bridge",
                "ip -n x-switch link set mvtap0 address " + Guest.MAC);
        assertThat(macvtap).noneMatch(d -> d.contains("type bridge") || d.contains("tuntap"));
        List<String> tap = Plan.steps(new LabSpec("x", Topology.VM, null, false), dir).stream().map(Step::description).toList();
        assertThat(tap).contains("ip -n x-switch link add br0 type bridge",
                "ip -n x-switch tuntap add dev tap0 mode tap").noneMatch(d -> d.contains("macvtap"));
    }

    @Test
    void nameDefaultsAndIsChecked() {
        assertThat(new LabSpec(null, Topology.VETH, null, false).name()).isEqualTo("tsnlat");
        assertThatThrownBy(() -> new LabSpec("../etc", Topology.VETH, null, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LabSpec("x", null, null, false)).hasMessageContaining("topology");
    }

    @Test
    void htbProbePriorityIsClassOneColonTen() {
        assertThat(Shaper.probeSoPriority(new Shaping(Shaping.Kind.HTB, 100_000_000))).isEqualTo(0x10010);
        assertThat(Shaper.probeSoPriority(new Shaping(Shaping.Kind.TBF, 100_000_000))).isEqualTo(-1);
        assertThat(Shaper.probeSoPriority(null)).isEqualTo(-1);
        assertThat(Shaper.tbfBurstBytes(10_000_000)).isEqualTo(3028);
        assertThat(Shaper.tbfBurstBytes(1_000_000_000)).isEqualTo(125_000);
    }

    @Test
    void htbSteersPtpToThePriorityClassByDefaultAndToBulkWhenAsked() {
        Shaping priority = new Shaping(Shaping.Kind.HTB, 50_000_000);
        assertThat(priority.ptpClass()).isEqualTo(Shaping.PtpClass.PRIORITY);
        assertThat(priority).hasToString("htb 50mbit (PTP in priority class 1:10)");
        Shaping bulk = new Shaping(Shaping.Kind.HTB, 50_000_000, Shaping.PtpClass.parse(" Bulk "));
        assertThat(bulk).hasToString("htb 50mbit (PTP in bulk class 1:20)");
        assertThat(new Shaping(Shaping.Kind.TBF, 50_000_000).ptpClass()).isNull();
        assertThatThrownBy(() -> new Shaping(Shaping.Kind.TBF, 50_000_000, Shaping.PtpClass.BULK))
                .hasMessageContaining("needs htb");
        assertThatThrownBy(() -> Shaping.PtpClass.parse("fast"))
                .hasMessage("unknown PTP class 'fast'; expected priority or bulk");

        List<List<String>> bulkCommands = Shaper.commands("ns", "eth0", bulk);
        List<String> layer2Ptp = bulkCommands.stream().filter(c -> c.contains("0x88f7")).findFirst().orElseThrow();
        assertThat(layer2Ptp).containsSubsequence("filter", "add", "dev", "eth0", "parent", "1:", "protocol", "0x88f7")
                .endsWith("flowid", "1:20");
        // frames tagged PCP 4-7 go to the probe class whatever the PTP class
        assertThat(bulkCommands.getLast()).containsSubsequence("protocol", "802.1Q", "u32", "match", "u16", "0x8000", "0x8000",
                "at", "-4").endsWith("flowid", "1:10");
        List<List<String>> filters = Shaper.ptpFilters("ns", "eth0", Shaping.PtpClass.PRIORITY);
        assertThat(filters).hasSize(5).allSatisfy(c -> assertThat(c).endsWith("flowid", "1:10"));
        assertThat(filters).filteredOn(c -> c.contains("dport")).extracting(c -> c.get(c.indexOf("dport") + 1))
                .containsExactly("319", "320", "319", "320");
        assertThat(Shaper.commands("ns", "eth0", new Shaping(Shaping.Kind.TBF, 50_000_000)))
                .noneMatch(c -> c.contains("filter"));
    }

    @Test
    void theProbesClassFollowsTheShapersRules() {
        assertThat(Shaper.probeClass(Shaper.HTB_PROBE_PRIORITY, -1)).isEqualTo("1:10");
        assertThat(Shaper.probeClass(Shaper.HTB_PROBE_PRIORITY, 1)).isEqualTo("1:10");
        assertThat(Shaper.probeClass(6, 6)).isEqualTo("1:10 (by their PCP 6)");
        assertThat(Shaper.probeClass(4, 4)).startsWith("1:10");
        assertThat(Shaper.probeClass(3, 3)).startsWith("1:20").contains("PCP 3 is below");
        assertThat(Shaper.probeClass(5, -1)).startsWith("1:20").doesNotContain("PCP");
    }

    @Test
    void thePtpClassRoundTripsThroughTheStateFileAndAnOldFileMeansPriority() throws Exception {
        Shaping bulk = new Shaping(Shaping.Kind.HTB, 50_000_000, Shaping.PtpClass.BULK);
        String json = StateFile.JSON.writeValueAsString(bulk);
        assertThat(json).contains("\"ptpClass\" : \"bulk\"");
        assertThat(StateFile.JSON.readValue(json, Shaping.class)).isEqualTo(bulk);
        assertThat(StateFile.JSON.writeValueAsString(new Shaping(Shaping.Kind.TBF, 50_000_000)))
                .doesNotContain("ptpClass");
        assertThat(StateFile.JSON.readValue(GOLDEN_V1, StateFile.class).shaping().ptpClass())
                .isEqualTo(Shaping.PtpClass.PRIORITY);
    }

    /** A version 1 state file as an up on this project's first release wrote it. */
    static final String GOLDEN_V1 = """
            {"format":"tsnlat-lab","version":1,"name":"gold","topology":"bridge",
             "createdAt":"2026-01-02T03:04:05Z","shaping":{"kind":"htb","rateBitsPerSecond":100000000},
             "ptp":true,"stateDirectory":"/run/tsnlat/lab-gold","complete":true,
             "planned":[{"kind":"directory","name":"/run/tsnlat/lab-gold"},{"kind":"netns","name":"gold-talker"},
                        {"kind":"ptp4l","namespace":"gold-listener","name":"/run/tsnlat/lab-gold/ptp4l-listener.cfg"}],
             "made":[{"kind":"directory","name":"/run/tsnlat/lab-gold"},{"kind":"netns","name":"gold-talker"},
                     {"kind":"ptp4l","namespace":"gold-listener","name":"/run/tsnlat/lab-gold/ptp4l-listener.cfg",
                      "pid":4242}]}
            """;

    @Test
    void goldenStateFileReadsAndRoundTrips() throws Exception {
        StateFile s = StateFile.JSON.readValue(GOLDEN_V1, StateFile.class);
        assertThat(s.topology()).isEqualTo(Topology.BRIDGE);
        assertThat(s.shaping()).isEqualTo(new Shaping(Shaping.Kind.HTB, 100_000_000));
        assertThat(s.made().get(2).pid()).isEqualTo(4242L);
        assertThat(StateFile.JSON.readValue(StateFile.JSON.writeValueAsString(s), StateFile.class)).isEqualTo(s);

        LabState state = LabState.of(s, new LabState.Health(true, List.of(), List.of()));
        assertThat(state.namespace(Role.SWITCH)).isEqualTo("gold-switch");
        assertThat(state.ptp4lPids()).containsExactly(java.util.Map.entry(Role.LISTENER, 4242L));
        assertThat(state.ptpSocket(Role.TALKER)).hasToString("/run/tsnlat/lab-gold/ptp4l-talker.sock");
        assertThat(state.probeSoPriority()).isEqualTo(0x10010);
    }
}
