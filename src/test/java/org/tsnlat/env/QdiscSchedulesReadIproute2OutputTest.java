package org.tsnlat.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The taprio, etf and mqprio samples of src/test/resources/env/tc-iproute2: written from
 * iproute2 v6.1.0's tc/q_taprio.c taprio_print_opt (lines 433-505), print_schedule (407-431),
 * print_sched_list (359-405), tc/q_etf.c etf_print_opt (158-187), tc/q_mqprio.c
 * mqprio_print_opt (225-318) and lib/json_print.c print_color_0xhex (235-253); the 6.5 sample is
 * the output quoted in iproute2 commit f848310a (its README says which file is what).
 */
class QdiscSchedulesReadIproute2OutputTest {

    private static SortedMap<String, EnvSnapshot.QdiscSchedule> read(String sample) {
        return QdiscSchedules.of(Fixtures.tc(sample));
    }

    @Test
    void taprioInTxtimeAssistModeWithItsEtfChild() {
        var s = read("taprio-txtime-assist-6.1.json");
        assertThat(s).containsOnlyKeys("root", "parent 100:1");
        var taprio = s.get("root");
        assertThat(taprio.kind()).isEqualTo("taprio");
        assertThat(taprio.clockid()).isEqualTo("TAI");
        assertThat(taprio.flags()).isEqualTo("0x1");
        assertThat(taprio.txtimeDelayNs()).isEqualTo(200_000L);
        assertThat(taprio.numTc()).isEqualTo(3);
        assertThat(taprio.map()).containsExactly(2, 2, 1, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2);
        assertThat(taprio.queues()).containsExactly("1@0", "1@1", "2@2");
        assertThat(taprio.schedule()).isEqualTo(new EnvSnapshot.GateSchedule(1528743495910289987L, 1_000_000L, 0L,
                new TreeMap<>(Map.of(
                        0, new EnvSnapshot.GateEntry("S", "0x1", 300_000L),
                        1, new EnvSnapshot.GateEntry("S", "0x2", 300_000L),
                        2, new EnvSnapshot.GateEntry("S", "0x4", 400_000L)))));
        assertThat(taprio.adminSchedule()).isNull();
        assertThat(taprio.deltaNs()).isNull();

        var etf = s.get("parent 100:1");
        assertThat(etf).isEqualTo(new EnvSnapshot.QdiscSchedule("etf", "TAI", null, null, null, null, null, null, null,
                null, null, null, null, 200_000L, true, false, true));
    }

    @Test
    void a61AdminScheduleIsRepairedIntoValidJsonAndNoOperationalScheduleIsNone() {
        String raw = Fixtures.text("env/tc-iproute2/taprio-admin-pending-6.1.json");
        assertThatThrownBy(() -> EnvJson.mapper().readTree(raw)).isInstanceOf(java.io.IOException.class);
        var taprio = read("taprio-admin-pending-6.1.json").get("root");
        assertThat(taprio.schedule()).as("6.1 prints base_time/cycle_time 0 when only an admin schedule exists").isNull();
        assertThat(taprio.adminSchedule().baseTimeNs()).isEqualTo(1_700_000_000_000_000_000L);
        assertThat(taprio.adminSchedule().cycleTimeNs()).isEqualTo(1_000_000L);
        assertThat(taprio.adminSchedule().entries().get(1))
                .as("%#llx prints 0 as \"0\"").isEqualTo(new EnvSnapshot.GateEntry("S", "0x0", 50_000L));
        assertThat(read("taprio-admin-pending-6.1.json")).containsOnlyKeys("root");
    }

    @Test
    void the65OutputNamesTheAdminScheduleAndIsLeftAsItIs() {
        String raw = Fixtures.text("env/tc-iproute2/taprio-admin-6.5.json");
        assertThat(QdiscSchedules.repaired(raw)).isEqualTo(raw);
        var taprio = read("taprio-admin-6.5.json").get("root");
        assertThat(taprio.numTc()).isEqualTo(8);
        assertThat(taprio.queues()).hasSize(8).startsWith("1@0").endsWith("1@7");
        assertThat(taprio.schedule().cycleTimeNs()).isEqualTo(20_000_000L);
        assertThat(taprio.schedule().entries()).containsExactly(Map.entry(0, new EnvSnapshot.GateEntry("S", "0xff", 20_000_000L)));
        assertThat(taprio.adminSchedule().baseTimeNs()).isEqualTo(1691160511783528178L);
        assertThat(taprio.flags()).as("not printed: not reported").isNull();
    }

    @Test
    void fullOffloadHasNoClockOfItsOwn() {
        var taprio = read("taprio-full-offload-6.1.json").get("root");
        assertThat(taprio.flags()).isEqualTo("0x2");
        assertThat(taprio.clockid()).isEqualTo("invalid");
        assertThat(taprio.schedule().cycleTimeNs()).isEqualTo(500_000L);
        assertThat(ScheduleText.head(taprio)).startsWith("clockid invalid, flags 0x2 (full offload), 2 traffic classes");
    }

    @Test
    void mqprioQueuesAsCountAtOffsetWithItsChildren() {
        var s = read("mqprio-etf-6.1.json");
        assertThat(s).containsOnlyKeys("root", "parent 100:1");
        var mqprio = s.get("root");
        assertThat(mqprio.queues()).containsExactly("1@0", "1@1", "2@2");
        assertThat(mqprio.mode()).as("6.1 prints no mode without nested attributes").isNull();
        assertThat(s.get("parent 100:1").deadlineMode()).isTrue();
        assertThat(s.get("parent 100:1").deltaNs()).isEqualTo(300_000L);

        var channel = read("mqprio-channel-6.1.json").get("root");
        assertThat(channel.queues()).containsExactly("2@0", "2@2");
        assertThat(channel.mode()).isEqualTo("channel");
        assertThat(channel.shaper()).isEqualTo("bw_rlimit");
        assertThat(channel.minRate()).containsExactly("10Mbit", "0bit");
        assertThat(channel.maxRate()).containsExactly("100Mbit", "1Gbit");
    }

    @Test
    void theirSummaryIsTheKindAloneAndOtherQdiscsHaveNoSchedule() {
        assertThat(Qdiscs.summaries(Fixtures.json("env/tc-iproute2/mqprio-etf-6.1.json"))).containsExactly(
                Map.entry("parent 100:1", "etf"), Map.entry("parent 100:4", "pfifo_fast bands 3 priomap 1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 1 multiqueue false"),
                Map.entry("root", "mqprio"));
        assertThat(QdiscSchedules.of(Fixtures.json("env/tc-htb.json"))).isEmpty();
        assertThat(QdiscSchedules.of(Fixtures.json("env/tc-noqueue.json"))).isEmpty();
    }

    @Test
    void unsignedPrintsReadBackAsTheKernelsSignedValues() throws Exception {
        var node = EnvJson.mapper().readTree("""
                {"base_time":18446744073709551516,"txtime_delay":4294967196}""");
        assertThat(QdiscSchedules.s64(node.get("base_time"))).isEqualTo(-100L);
        var taprio = QdiscSchedules.parse(EnvJson.mapper().readTree("""
                {"kind":"taprio","options":{"tc":1,"txtime_delay":4294967196,"base_time":18446744073709551516,
                 "cycle_time":1000,"cycle_time_extension":0,"schedule":[]}}"""));
        assertThat(taprio.txtimeDelayNs()).isEqualTo(-100L);
        assertThat(taprio.schedule().baseTimeNs()).isEqualTo(-100L);
    }

    @Test
    void theSnapshotKeepsThemThroughJsonAndShowsThem() throws Exception {
        var schedules = read("taprio-txtime-assist-6.1.json");
        var net = new EnvSnapshot.NetInterface("igc", null, null, null, 1500, "up", 1000, 4, 4,
                new TreeMap<>(Map.of("root", "taprio", "parent 100:1", "etf")), null, null, null, null, null, schedules);
        var kernel = new EnvSnapshot.Kernel(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null,
                new TreeMap<>(Map.of("etf", "present: /sys/module/sch_etf", "taprio", "present: /sys/module/sch_taprio")));
        var snapshot = new EnvSnapshot(EnvSnapshot.FORMAT, EnvSnapshot.VERSION, "2026-01-01T00:00:00Z", null, kernel,
                null, null, new TreeMap<>(Map.of("eth0", net)), null, null, null);
        var back = EnvJson.mapper().readValue(EnvJson.write(snapshot), EnvSnapshot.class);
        assertThat(back.net().get("eth0").schedules()).isEqualTo(schedules);
        String text = EnvText.snapshot(back);
        assertThat(text).contains("  time-aware qdiscs: etf present (/sys/module/sch_etf), taprio present (/sys/module/sch_taprio)\n");
        assertThat(text).contains("    taprio (root): clockid TAI, flags 0x1 (txtime-assist), txtime-delay 200us, "
                + "3 traffic classes, map 2 2 1 0 2 2 2 2 2 2 2 2 2 2 2 2, queues 1@0 1@1 2@2\n"
                + "      schedule: base-time 1528743495910289987 ns, cycle-time 1ms, cycle-time-extension 0ns; "
                + "S 0x1 300us, S 0x2 300us, S 0x4 400us\n");
        assertThat(text).contains("    etf (parent 100:1): clockid TAI, delta 200us, offload on, deadline_mode off, skip_sock_check on\n");
    }

    @Test
    void diffNamesTheGateEntryThatChanged() {
        var before = read("taprio-txtime-assist-6.1.json");
        var after = new TreeMap<>(before);
        var root = before.get("root");
        var entries = new TreeMap<>(root.schedule().entries());
        entries.put(1, new EnvSnapshot.GateEntry("S", "0x2", 250_000L));
        after.put("root", new EnvSnapshot.QdiscSchedule(root.kind(), root.clockid(), root.flags(), root.txtimeDelayNs(),
                new EnvSnapshot.GateSchedule(root.schedule().baseTimeNs(), root.schedule().cycleTimeNs(), 0L, entries),
                null, root.numTc(), root.map(), root.queues(), null, null, null, null, null, null, null, null));
        List<EnvChange> changes = EnvDiff.diff(snapshotWith(before), snapshotWith(after));
        assertThat(changes).containsExactly(new EnvChange("net", "eth0 schedules root schedule entries 1 intervalNs",
                "300000", "250000"));
    }

    private static EnvSnapshot snapshotWith(SortedMap<String, EnvSnapshot.QdiscSchedule> schedules) {
        var net = new EnvSnapshot.NetInterface(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, schedules);
        return new EnvSnapshot(EnvSnapshot.FORMAT, EnvSnapshot.VERSION, null, null, null, null, null,
                new TreeMap<>(Map.of("eth0", net)), null, null, null);
    }
}
